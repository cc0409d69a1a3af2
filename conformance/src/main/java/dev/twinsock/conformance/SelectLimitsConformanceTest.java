package dev.twinsock.conformance;

import static dev.twinsock.conformance.Loopback.V4;
import static dev.twinsock.conformance.Loopback.boundUdp;
import static dev.twinsock.conformance.Loopback.connectedPair;
import static dev.twinsock.conformance.Loopback.port;
import static dev.twinsock.conformance.Loopback.udp;
import static dev.twinsock.conformance.SocketAssertions.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code socket_select} at the edges of its arguments: timeouts too large for nanoseconds (the
 * kernel saturates them, so the select waits as if forever) and lists that cannot be changed (they
 * are changed only where a socket is not ready, so an immutable list of ready sockets works, and
 * one that needs pruning throws the list's own UnsupportedOperationException, on every backend).
 */
public class SelectLimitsConformanceTest extends ConformanceTest {

  /**
   * Selects for reading on an idle UDP socket with the given timeout while another thread sends it
   * a datagram after a moment: a select that waits sees it (1), one that gave up at once says 0.
   */
  private int selectWhileADatagramComes(long seconds, int microseconds) {
    Socket receiver = boundUdp(sockets);
    OtherThread sender = OtherThread.start(sockets, Duration.ofMillis(20), () -> {
      Socket out = udp(sockets);
      out.sendto(bytes("x"), 1, 0, V4, port(receiver));
      out.close();
    });
    List<Socket> read = new ArrayList<>(List.of(receiver));
    int ready;
    try {
      ready = sockets.select(read, null, null, seconds, microseconds);
    } finally {
      sender.join();
    }
    return ready;
  }

  @Test
  void theLargestTimeoutWaits() {
    assertEquals(1, selectWhileADatagramComes(Long.MAX_VALUE, 0));
  }

  @Test
  void theLargestTimeoutWithMicrosecondsWaits() {
    assertEquals(1, selectWhileADatagramComes(Long.MAX_VALUE, 999_999));
  }

  @Test
  void microsecondsCarriedIntoTheLargestTimeoutStillWait() {
    // the carry would overflow the seconds: it saturates instead, as the kernel saturates the sum
    assertEquals(1, selectWhileADatagramComes(Long.MAX_VALUE, Integer.MAX_VALUE));
  }

  @Test
  void aTimeoutPastTheNanosecondRangeWaits() {
    assertEquals(1, selectWhileADatagramComes(Long.MAX_VALUE / 1_000_000_000L + 1, 0));
  }

  @Test
  void aTimeoutOfCenturiesWaits() {
    assertEquals(1, selectWhileADatagramComes(400L * 365 * 86_400, 0));
  }

  @Test
  void immutableListsOfReadySocketsAreLeftAsTheyAre() {
    Socket[] pair = connectedPair(sockets);
    pair[0].write(bytes("x"));
    assertTrue(Loopback.awaitReadable(sockets, pair[1]));
    List<Socket> read = List.of(pair[1]);
    List<Socket> write = List.of(pair[0], pair[1]);
    assertEquals(3, sockets.select(read, write, List.of(), 1L, 0));
  }

  @Test
  void anImmutableListThatNeedsPruningThrowsTheListsOwnException() {
    Socket idle = boundUdp(sockets);
    Socket[] pair = connectedPair(sockets);
    pair[0].write(bytes("x"));
    assertTrue(Loopback.awaitReadable(sockets, pair[1]));
    assertThrows(UnsupportedOperationException.class,
        () -> sockets.select(List.of(pair[1], idle), null, null, 0L, 0));
  }

  @Test
  void anImmutableExceptListThatNeedsPruningThrowsTheListsOwnException() {
    Socket udp = boundUdp(sockets);
    Socket[] pair = connectedPair(sockets);
    pair[0].write(bytes("x"));
    assertTrue(Loopback.awaitReadable(sockets, pair[1]));
    List<Socket> read = new ArrayList<>(List.of(pair[1]));
    assertThrows(UnsupportedOperationException.class,
        () -> sockets.select(read, null, List.of(udp), 0L, 0));
  }
}
