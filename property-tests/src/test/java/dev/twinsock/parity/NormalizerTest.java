package dev.twinsock.parity;

import static dev.twinsock.SocketConstants.SOCK_DGRAM;
import static dev.twinsock.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Credentials;
import dev.twinsock.SockAddr;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the normaliser hides (what differs between runs by nature) and what it keeps. */
class NormalizerTest {
  private final Normalizer normalizer = new Normalizer("/tmp/tw123/r7", "twabcr7");

  @Test
  void portsBecomeSymbolsInOrderOfFirstAppearance() {
    assertEquals("127.0.0.1|eph#1", normalizer.address(new SockAddr("127.0.0.1", 40001), SOCK_STREAM));
    assertEquals("::1|eph#2", normalizer.address(new SockAddr("::1", 33333), SOCK_STREAM));
    assertEquals("0.0.0.0|eph#1", normalizer.address(new SockAddr("0.0.0.0", 40001), SOCK_STREAM));
    assertEquals("127.0.0.1|port#1", normalizer.address(new SockAddr("127.0.0.1", 80), SOCK_STREAM));
    assertEquals("0.0.0.0|0", normalizer.address(new SockAddr("0.0.0.0", 0), SOCK_STREAM));
  }

  @Test
  void theSameNumberInTcpAndUdpIsTwoPorts() {
    assertEquals("eph#1", normalizer.port(40001, SOCK_STREAM));
    assertEquals("eph#2", normalizer.port(40001, SOCK_DGRAM));
  }

  @Test
  void twoRunsThatDifferOnlyInPortsReadTheSame() {
    Normalizer other = new Normalizer("/tmp/tw999/r8", "twfffr8");
    assertEquals(normalizer.address(new SockAddr("127.0.0.1", 40001), SOCK_STREAM),
        other.address(new SockAddr("127.0.0.1", 51000), SOCK_STREAM));
    assertEquals(normalizer.address(new SockAddr("/tmp/tw123/r7/s1", 0), SOCK_STREAM),
        other.address(new SockAddr("/tmp/tw999/r8/s1", 0), SOCK_STREAM));
  }

  @Test
  void twoRunsThatDifferInStructureDoNot() {
    Normalizer other = new Normalizer("/tmp/tw999/r8", "twfffr8");
    normalizer.port(40001, SOCK_STREAM);
    other.port(51000, SOCK_STREAM);
    // the second run reuses its first port where the first run has a new one
    assertNotEquals(normalizer.port(40002, SOCK_STREAM), other.port(51000, SOCK_STREAM));
    assertNotEquals(normalizer.bytes(new byte[] {'a'}), other.bytes(new byte[] {'b'}));
  }

  @Test
  void unixNamesLoseTheRunsDirectoryAndTag() {
    assertEquals("$TMP/s1", normalizer.address(new SockAddr("/tmp/tw123/r7/s1", 0), SOCK_STREAM));
    assertEquals("@$TAG-s2", normalizer.address(new SockAddr("\0twabcr7-s2", 0), SOCK_DGRAM));
    assertEquals("@auto#1", normalizer.address(new SockAddr("\0" + "0a1b2", 0), SOCK_DGRAM));
    assertEquals("@auto#2", normalizer.address(new SockAddr("\0" + "0a1b3", 0), SOCK_DGRAM));
    assertEquals("''", normalizer.address(new SockAddr("", 0), SOCK_STREAM));
  }

  @Test
  void bytesAreShownOrSummed() {
    assertEquals("bytes[3 \"ab\\x0a\"]", normalizer.bytes(new byte[] {'a', 'b', '\n'}));
    assertEquals("bytes[0 \"\"]", normalizer.bytes(new byte[0]));
    String large = normalizer.bytes(new Payload(70000, 2).bytes());
    assertEquals(large, normalizer.bytes(new Payload(70000, 2).bytes()));
    assertNotEquals(large, normalizer.bytes(new Payload(70000, 3).bytes()));
  }

  @Test
  void valuesKeepTheirShape() {
    long pid = ProcessHandle.current().pid();
    assertEquals("Credentials($PID,0,0)", normalizer.value(new Credentials((int) pid, 0, 0)));
    assertEquals("{ai_addr={sin_addr=127.0.0.1, sin_port=eph#1}, ai_socktype=2}",
        normalizer.map(Map.of("ai_socktype", SOCK_DGRAM, "ai_addr", Map.of("sin_port", 40001, "sin_addr", "127.0.0.1"))));
  }

  @Test
  void theBytesOfThisJvmsPidInCutCredentialsAreNamedAsThePid() {
    long pid = ProcessHandle.current().pid();
    byte[] cut = {(byte) pid, (byte) (pid >> 8), (byte) (pid >> 16), (byte) (pid >> 24), 0, 0, 0, 0};
    String text = new Normalizer("/tmp/x", "tag").credentialBytes(cut);
    assertTrue(text.startsWith("$PID[4] "), text);
    byte[] other = {(byte) (pid + 1), (byte) ((pid + 1) >> 8), 0, 0};
    assertFalse(new Normalizer("/tmp/x", "tag").credentialBytes(other).contains("$PID"));
  }
}
