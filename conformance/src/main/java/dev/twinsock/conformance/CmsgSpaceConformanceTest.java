package dev.twinsock.conformance;

import static dev.twinsock.SocketConstants.*;
import static dev.twinsock.conformance.SocketAssertions.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * {@code cmsgSpace}: {@code CMSG_SPACE} of each ancillary pair the seed knows, on Linux x86-64 (a
 * 16-byte header plus the data rounded up to 8 bytes), and the seed's argument errors.
 */
public class CmsgSpaceConformanceTest extends ConformanceTest {

  @Test
  void rightsGrowByFourBytesPerDescriptor() {
    assertEquals(16, sockets.cmsgSpace(SOL_SOCKET, SCM_RIGHTS, 0));
    assertEquals(24, sockets.cmsgSpace(SOL_SOCKET, SCM_RIGHTS, 1));
    assertEquals(24, sockets.cmsgSpace(SOL_SOCKET, SCM_RIGHTS, 2));
    assertEquals(32, sockets.cmsgSpace(SOL_SOCKET, SCM_RIGHTS, 3));
    assertEquals(56, sockets.cmsgSpace(SOL_SOCKET, SCM_RIGHTS, 10));
  }

  @Test
  void credentialsAreOneFixedSizeWhateverTheCount() {
    assertEquals(32, sockets.cmsgSpace(SOL_SOCKET, SCM_CREDENTIALS, 0));
    assertEquals(32, sockets.cmsgSpace(SOL_SOCKET, SCM_CREDENTIALS, 1));
    assertEquals(32, sockets.cmsgSpace(SOL_SOCKET, SCM_CREDENTIALS, 5));
  }

  @Test
  void ipv6PairsHaveTheirStructSizes() {
    assertEquals(40, sockets.cmsgSpace(IPPROTO_IPV6, IPV6_PKTINFO, 0));
    assertEquals(24, sockets.cmsgSpace(IPPROTO_IPV6, IPV6_HOPLIMIT, 0));
    assertEquals(24, sockets.cmsgSpace(IPPROTO_IPV6, IPV6_TCLASS, 0));
  }

  @Test
  void anUnknownPairIsRejectedWithoutAFunctionPrefix() {
    assertRejected("Pair level 1234 and/or type 5678 is not supported", () -> sockets.cmsgSpace(1234, 5678, 0));
    assertEquals(0, sockets.lastError());
  }

  @Test
  void aNegativeCountIsRejected() {
    assertRejected("socket_cmsg_space(): Argument #3 ($num) must be greater than or equal to 0",
        () -> sockets.cmsgSpace(SOL_SOCKET, SCM_RIGHTS, -1));
  }

  @Test
  void aCountTooLargeForAnIntIsRejected() {
    assertRejected("socket_cmsg_space(): Argument #3 ($num) is too large",
        () -> sockets.cmsgSpace(SOL_SOCKET, SCM_RIGHTS, Integer.MAX_VALUE));
  }
}
