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
}
