package dev.twinsock.spi;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SeedRulesTest {
  @Test
  void cmsgSpaceIsCmsgSpaceOfTheSeedsSizesOnX8664() {
    assertEquals(16, SeedRules.cmsgSpace(SOL_SOCKET, SCM_RIGHTS, 0));
    assertEquals(24, SeedRules.cmsgSpace(SOL_SOCKET, SCM_RIGHTS, 1));
    assertEquals(32, SeedRules.cmsgSpace(SOL_SOCKET, SCM_RIGHTS, 3));
    assertEquals(32, SeedRules.cmsgSpace(SOL_SOCKET, SCM_CREDENTIALS, 0));
    assertEquals(32, SeedRules.cmsgSpace(SOL_SOCKET, SCM_CREDENTIALS, 5), "the count is ignored for fixed-size data");
    assertEquals(40, SeedRules.cmsgSpace(IPPROTO_IPV6, IPV6_PKTINFO, 1));
    assertEquals(24, SeedRules.cmsgSpace(IPPROTO_IPV6, IPV6_HOPLIMIT, 1));
  }

  @Test
  void cmsgSpaceRejectsUnknownPairsAndNegativeCounts() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SeedRules.cmsgSpace(1234, 5678, 0));
    assertEquals("Pair level 1234 and/or type 5678 is not supported", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SeedRules.cmsgSpace(SOL_SOCKET, SCM_RIGHTS, -1));
    assertEquals("socket_cmsg_space(): Argument #3 ($num) must be greater than or equal to 0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SeedRules.cmsgSpace(SOL_SOCKET, SCM_RIGHTS, Integer.MAX_VALUE));
  }

  @Test
  void selectTimeoutCarriesMicrosecondsAndNullWaitsForever() {
    assertArrayEquals(new long[] {2, 0}, SeedRules.selectTimeout(0L, 2_000_000));
    assertArrayEquals(new long[] {1, 500_000}, SeedRules.selectTimeout(0L, 1_500_000));
    assertNull(SeedRules.selectTimeout(null, 7));
    assertFalse(SeedRules.selectTimeoutValid(-1L, 0));
    assertFalse(SeedRules.selectTimeoutValid(0L, -1));
    assertTrue(SeedRules.selectTimeoutValid(null, -1));
  }

  @Test
  void argumentChecksUseTheSeedsWording() {
    assertEquals("socket_bind(): Argument #3 ($port) must be between 0 and 65535",
        assertThrows(IllegalArgumentException.class, () -> SeedRules.port("socket_bind", 3, 65536)).getMessage());
    assertEquals("socket_create(): Argument #1 ($domain) must be one of AF_UNIX, AF_INET6, or AF_INET",
        assertThrows(IllegalArgumentException.class, () -> SeedRules.domain("socket_create", 99)).getMessage());
    assertEquals("socket_bind(): Argument #2 ($address) must be less than 108",
        assertThrows(IllegalArgumentException.class, () -> SeedRules.unixPath("socket_bind", 2, "/" + "x".repeat(107))).getMessage());
    SeedRules.unixPath("socket_bind", 2, "/" + "x".repeat(106));
    SeedRules.type("socket_create", SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC);
    assertThrows(IllegalArgumentException.class, () -> SeedRules.type("socket_create", 11));
  }
}
