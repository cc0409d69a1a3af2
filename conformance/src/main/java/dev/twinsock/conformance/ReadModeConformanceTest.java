package dev.twinsock.conformance;

import static dev.twinsock.SocketConstants.*;
import static dev.twinsock.conformance.Loopback.awaitReadable;
import static dev.twinsock.conformance.Loopback.connectedPair;
import static dev.twinsock.conformance.SocketAssertions.assertBytes;
import static dev.twinsock.conformance.SocketAssertions.assertSocketError;
import static dev.twinsock.conformance.SocketAssertions.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Socket;
import org.junit.jupiter.api.Test;

/**
 * {@code socket_read}'s two modes: PHP_BINARY_READ returns what is there, up to the length;
 * PHP_NORMAL_READ stops after the first {@code \n} or {@code \r}, or at the length.
 *
 * <p>At the end of the stream and on a non-blocking socket PHP_NORMAL_READ deliberately departs
 * from the seed's bugs (see docs/semantics.md) (a blocking read at EOF failing with ECONNRESET and losing the
 * partial line; a non-blocking read spinning while no data comes): it returns what it has, or
 * fails with EAGAIN when it has nothing.
 */
public class ReadModeConformanceTest extends ConformanceTest {

  @Test
  void normalReadStopsAfterANewline() {
    Socket[] pair = connectedPair(sockets);
    pair[0].write(bytes("line one\nline two\n"));
    assertBytes("line one\n", pair[1].read(100, PHP_NORMAL_READ));
    assertBytes("line two\n", pair[1].read(100, PHP_NORMAL_READ));
  }

  @Test
  void normalReadStopsAfterACarriageReturn() {
    Socket[] pair = connectedPair(sockets);
    pair[0].write(bytes("one\r\ntwo\n"));
    assertBytes("one\r", pair[1].read(100, PHP_NORMAL_READ));
    assertBytes("\n", pair[1].read(100, PHP_NORMAL_READ));
    assertBytes("two\n", pair[1].read(100, PHP_NORMAL_READ));
  }

  @Test
  void normalReadStopsAtTheLength() {
    Socket[] pair = connectedPair(sockets);
    pair[0].write(bytes("abcdefgh\n"));
    assertBytes("abcd", pair[1].read(4, PHP_NORMAL_READ));
    assertBytes("efgh\n", pair[1].read(100, PHP_NORMAL_READ));
  }

  @Test
  void normalReadLeavesWhatFollowsTheLineQueued() {
    Socket[] pair = connectedPair(sockets);
    pair[0].write(bytes("head\ntail"));
    assertBytes("head\n", pair[1].read(100, PHP_NORMAL_READ));
    pair[1].setNonblock();
    assertBytes("tail", pair[1].read(100, PHP_BINARY_READ));
  }

  @Test
  void binaryReadReturnsWhatIsThereUpToTheLength() {
    Socket[] pair = connectedPair(sockets);
    pair[0].write(bytes("a\nb\rc"));
    assertTrue(awaitReadable(sockets, pair[1]));
    assertBytes("a\nb", pair[1].read(3));
    assertBytes("\rc", pair[1].read(100, PHP_BINARY_READ));
  }

  @Test
  void readAtEndOfStreamIsEmpty() {
    Socket[] pair = connectedPair(sockets);
    pair[0].close();
    assertEquals(0, pair[1].read(10).length);
  }

  @Test
  void nonBlockingReadWithNothingQueuedWouldBlock() {
    Socket[] pair = connectedPair(sockets);
    pair[1].setNonblock();
    assertSocketError(SOCKET_EAGAIN, () -> pair[1].read(10));
    pair[1].setBlock();
    pair[0].write(bytes("x"));
    assertBytes("x", pair[1].read(10));
  }

  @Test
  void normalReadDoesNotLookPastACarriageReturn() {
    Socket[] pair = connectedPair(sockets);
    pair[0].write(bytes("ab\r\ncd\n"));
    assertBytes("ab\r", pair[1].read(100, PHP_NORMAL_READ));
    assertBytes("\n", pair[1].read(100, PHP_NORMAL_READ));
    assertBytes("cd\n", pair[1].read(100, PHP_NORMAL_READ));
  }

  @Test
  void normalReadAtEndOfStreamReturnsThePartialLine() {
    Socket[] pair = connectedPair(sockets);
    pair[0].write(bytes("partial"));
    pair[0].close();
    assertBytes("partial", pair[1].read(100, PHP_NORMAL_READ));
    assertEquals(0, pair[1].read(100, PHP_NORMAL_READ).length, "then EOF");
    assertEquals(0, pair[1].lastError(), "EOF is no error, unlike the seed's ECONNRESET");
    assertEquals(0, sockets.lastError());
  }

  @Test
  void normalReadAtEndOfStreamWithNothingIsEmpty() {
    Socket[] pair = connectedPair(sockets);
    pair[0].close();
    assertEquals(0, pair[1].read(100, PHP_NORMAL_READ).length);
    assertEquals(0, pair[1].lastError());
  }

  @Test
  void normalReadAfterALineAtEndOfStreamIsEmpty() {
    Socket[] pair = connectedPair(sockets);
    pair[0].write(bytes("last\n"));
    pair[0].close();
    assertBytes("last\n", pair[1].read(100, PHP_NORMAL_READ));
    assertEquals(0, pair[1].read(100, PHP_NORMAL_READ).length);
  }

  @Test
  void nonBlockingNormalReadWithNothingQueuedWouldBlock() {
    Socket[] pair = connectedPair(sockets);
    pair[1].setNonblock();
    assertSocketError(SOCKET_EAGAIN, () -> pair[1].read(100, PHP_NORMAL_READ));
    assertEquals(SOCKET_EAGAIN, pair[1].lastError());
    assertEquals(SOCKET_EAGAIN, sockets.lastError());
  }

  @Test
  void nonBlockingNormalReadReturnsThePartialLineWhenNoMoreComes() {
    Socket[] pair = connectedPair(sockets);
    pair[0].write(bytes("part"));
    assertTrue(awaitReadable(sockets, pair[1]));
    pair[1].setNonblock();
    assertBytes("part", pair[1].read(100, PHP_NORMAL_READ));
    assertSocketError(SOCKET_EAGAIN, () -> pair[1].read(100, PHP_NORMAL_READ));
  }

  @Test
  void blockingNormalReadReturnsThePartialLineWhenItsTimeoutRunsOut() {
    Socket[] pair = connectedPair(sockets);
    pair[0].write(bytes("part"));
    assertTrue(awaitReadable(sockets, pair[1]));
    pair[1].setOption(SOL_SOCKET, SO_RCVTIMEO, new dev.twinsock.Timeval(0, 20_000));
    assertBytes("part", pair[1].read(100, PHP_NORMAL_READ));
    assertEquals(0, pair[1].lastError());
    assertSocketError(SOCKET_EAGAIN, () -> pair[1].read(100, PHP_NORMAL_READ));
  }

  @Test
  void aPartialLineCutByEagainLeavesNoErrorBehind() {
    Socket[] pair = connectedPair(sockets);
    pair[0].write(bytes("part"));
    assertTrue(awaitReadable(sockets, pair[1]));
    pair[1].setNonblock();
    assertBytes("part", pair[1].read(100, PHP_NORMAL_READ));
    // The read returned bytes: it succeeded, so neither last error records the EAGAIN that ended it.
    assertEquals(0, pair[1].lastError());
    assertEquals(0, sockets.lastError());
  }

  @Test
  void normalReadOnADatagramSocketTakesOneByteOfEachDatagram() {
    Socket receiver = Loopback.boundUdp(sockets);
    Socket sender = Loopback.udp(sockets);
    sender.sendto(bytes("ab\n"), 3, 0, Loopback.V4, Loopback.port(receiver));
    sender.sendto(bytes("cd\n"), 3, 0, Loopback.V4, Loopback.port(receiver));
    assertTrue(awaitReadable(sockets, receiver));
    Loopback.letPacketsArrive(sockets);
    receiver.setNonblock();
    // The seed reads a line one recv of one byte at a time; on a datagram socket each recv takes
    // (and truncates) a whole datagram.
    assertBytes("ac", receiver.read(10, PHP_NORMAL_READ));
    assertEquals(0, receiver.lastError());
    assertSocketError(SOCKET_EAGAIN, () -> receiver.read(10, PHP_NORMAL_READ));
  }

  @Test
  void nonBlockingNormalReadStillStopsAfterTheLine() {
    Socket[] pair = connectedPair(sockets);
    pair[0].write(bytes("one\ntwo"));
    assertTrue(awaitReadable(sockets, pair[1]));
    pair[1].setNonblock();
    assertBytes("one\n", pair[1].read(100, PHP_NORMAL_READ));
    assertBytes("two", pair[1].read(100, PHP_NORMAL_READ));
  }

  @Test
  void normalReadOnAnAfUnixPairAtEndOfStreamReturnsThePartialLine() {
    Socket[] pair = sockets.createPair(AF_UNIX, SOCK_STREAM, 0);
    pair[0].write(bytes("x\ry"));
    pair[0].close();
    assertBytes("x\r", pair[1].read(100, PHP_NORMAL_READ));
    assertBytes("y", pair[1].read(100, PHP_NORMAL_READ));
    assertEquals(0, pair[1].read(100, PHP_NORMAL_READ).length);
  }
}
