package dev.twinsock.conformance;

import static dev.twinsock.SocketConstants.*;
import static dev.twinsock.conformance.Loopback.awaitReadable;
import static dev.twinsock.conformance.Loopback.boundUdp;
import static dev.twinsock.conformance.Loopback.connectTo;
import static dev.twinsock.conformance.Loopback.connectedPair;
import static dev.twinsock.conformance.Loopback.listener;
import static dev.twinsock.conformance.SocketAssertions.assertRejected;
import static dev.twinsock.conformance.SocketAssertions.assertSocketError;
import static dev.twinsock.conformance.SocketAssertions.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code socket_select}: the lists are pruned in place to the ready sockets, in their order; the
 * count is the number of (socket, list) pairs ready; null lists are empty; a null timeout waits
 * forever; microseconds carry into seconds. No socket at all, or a closed one, is an argument
 * error; a negative timeout is the kernel's EINVAL (see docs/semantics.md).
 */
public class SelectConformanceTest extends ConformanceTest {

  @Test
  void readListIsPrunedToTheReadySocketsInTheirOrder() {
    Socket[] a = connectedPair(sockets);
    Socket[] b = connectedPair(sockets);
    Socket[] c = connectedPair(sockets);
    a[0].write(bytes("a"));
    c[0].write(bytes("c"));
    assertTrue(awaitReadable(sockets, a[1]));
    assertTrue(awaitReadable(sockets, c[1]));
    List<Socket> read = new ArrayList<>(List.of(a[1], b[1], c[1]));
    assertEquals(2, sockets.select(read, null, null, 0L, 0));
    assertEquals(List.of(a[1], c[1]), read);
  }

  @Test
  void aSocketReadyInTwoListsCountsTwice() {
    Socket[] pair = connectedPair(sockets);
    pair[0].write(bytes("x"));
    assertTrue(awaitReadable(sockets, pair[1]));
    List<Socket> read = new ArrayList<>(List.of(pair[1]));
    List<Socket> write = new ArrayList<>(List.of(pair[1]));
    assertEquals(2, sockets.select(read, write, null, 0L, 0));
    assertEquals(List.of(pair[1]), read);
    assertEquals(List.of(pair[1]), write);
  }

  @Test
  void aFreshConnectionIsWritableButNotReadable() {
    Socket[] pair = connectedPair(sockets);
    List<Socket> read = new ArrayList<>(List.of(pair[0]));
    List<Socket> write = new ArrayList<>(List.of(pair[0]));
    assertEquals(1, sockets.select(read, write, null, 0L, 0));
    assertEquals(List.of(), read);
    assertEquals(List.of(pair[0]), write);
  }

  @Test
  void nothingReadyTimesOutWithZeroAndEmptiesTheLists() {
    Socket idle = boundUdp(sockets);
    List<Socket> read = new ArrayList<>(List.of(idle));
    List<Socket> except = new ArrayList<>(List.of(idle));
    assertEquals(0, sockets.select(read, null, except, 0L, 0));
    assertEquals(List.of(), read);
    assertEquals(List.of(), except);
    read.add(idle);
    assertEquals(0, sockets.select(read, null, null, 0L, 100_000));
    assertEquals(List.of(), read);
  }

  @Test
  void nullListsAreEmpty() {
    Socket[] pair = connectedPair(sockets);
    List<Socket> write = new ArrayList<>(List.of(pair[0]));
    assertEquals(1, sockets.select(null, write, null, 0L, 0));
    assertEquals(List.of(pair[0]), write);
  }

  @Test
  void nullSecondsWaitsForeverYetReturnsAtOnceWhenASocketIsReady() {
    Socket[] pair = connectedPair(sockets);
    List<Socket> write = new ArrayList<>(List.of(pair[0]));
    assertEquals(1, sockets.select(null, write, null, null, 0));
  }

  @Test
  void microsecondsOfAMillionOrMoreCarryIntoSeconds() {
    // select(2) itself rejects tv_usec >= 1000000 with EINVAL; the seed carries it into tv_sec.
    Socket[] pair = connectedPair(sockets);
    List<Socket> write = new ArrayList<>(List.of(pair[0]));
    assertEquals(1, sockets.select(null, write, null, 0L, 2_500_000));
    assertEquals(List.of(pair[0]), write);
  }

  @Test
  void negativeSecondsFailWithInvalidArgumentAndLeaveTheLists() {
    // The seed hands negative values to select(2), which answers EINVAL.
    Socket idle = boundUdp(sockets);
    List<Socket> read = new ArrayList<>(List.of(idle));
    SocketError error = assertSocketError(SOCKET_EINVAL, () -> sockets.select(read, null, null, -1L, 0));
    assertEquals("socket_select(): Unable to select [22]: Invalid argument", error.getMessage());
    assertEquals(SOCKET_EINVAL, sockets.lastError());
    assertEquals(List.of(idle), read, "a failed select leaves the lists as they were");
  }

  @Test
  void negativeMicrosecondsFailWithInvalidArgument() {
    Socket idle = boundUdp(sockets);
    assertSocketError(SOCKET_EINVAL, () -> sockets.select(new ArrayList<>(List.of(idle)), null, null, 0L, -1));
    assertEquals(SOCKET_EINVAL, sockets.lastError());
    assertEquals(0, idle.lastError(), "no socket's own error changes");
  }

  @Test
  void negativeMicrosecondsAreIgnoredWhenWaitingForever() {
    Socket[] pair = connectedPair(sockets);
    List<Socket> write = new ArrayList<>(List.of(pair[0]));
    assertEquals(1, sockets.select(null, write, null, null, -1));
    assertEquals(0, sockets.lastError());
  }

  @Test
  void noSocketInAnyListIsRejected() {
    String message = "socket_select(): At least one array argument must be passed";
    assertRejected(message, () -> sockets.select(null, null, null, 0L, 0));
    assertRejected(message, () -> sockets.select(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), 0L, 0));
    assertRejected(message, () -> sockets.select(new ArrayList<>(), null, null, null, 0));
    assertEquals(0, sockets.lastError());
  }

  @Test
  void aClosedSocketIsRejectedNamingItsList() {
    Socket open = boundUdp(sockets);
    Socket closed = boundUdp(sockets);
    closed.close();
    assertRejected("socket_select(): Argument #1 ($read) contains a closed socket",
        () -> sockets.select(new ArrayList<>(List.of(open, closed)), null, null, 0L, 0));
    assertRejected("socket_select(): Argument #2 ($write) contains a closed socket",
        () -> sockets.select(null, new ArrayList<>(List.of(closed)), null, 0L, 0));
    assertRejected("socket_select(): Argument #3 ($except) contains a closed socket",
        () -> sockets.select(new ArrayList<>(List.of(open)), null, new ArrayList<>(List.of(closed)), 0L, 0));
    assertEquals(0, sockets.lastError());
  }

  @Test
  void aListenerWithAPendingConnectionIsReadable() {
    Socket listener = listener(sockets);
    List<Socket> read = new ArrayList<>(List.of(listener));
    assertEquals(0, sockets.select(read, null, null, 0L, 0));
    connectTo(sockets, listener);
    assertTrue(awaitReadable(sockets, listener), "a queued connection makes the listener readable");
  }

  @Test
  void endOfStreamIsReadable() {
    Socket[] pair = connectedPair(sockets);
    pair[1].close();
    List<Socket> read = new ArrayList<>(List.of(pair[0]));
    assertEquals(1, sockets.select(read, null, null, Loopback.SURE_SECONDS, 0));
    assertEquals(0, pair[0].recv(1, 0).length);
  }

  @Test
  void urgentDataIsAnException() {
    Socket[] pair = connectedPair(sockets);
    pair[0].send(bytes("!"), 1, MSG_OOB);
    List<Socket> except = new ArrayList<>(List.of(pair[1]));
    assertEquals(1, sockets.select(null, null, except, Loopback.SURE_SECONDS, 0));
    assertEquals(List.of(pair[1]), except);
  }

  @Test
  void aSocketListedTwiceInOneListStaysTwiceAndCountsOnce() {
    Socket[] pair = connectedPair(sockets);
    List<Socket> write = new ArrayList<>(List.of(pair[0], pair[1], pair[0]));
    assertEquals(2, sockets.select(null, write, null, 0L, 0));
    assertEquals(List.of(pair[0], pair[1], pair[0]), write);
  }
}
