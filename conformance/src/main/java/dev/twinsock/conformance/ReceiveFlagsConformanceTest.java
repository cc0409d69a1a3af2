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

/** The flags of {@code recv}: MSG_PEEK, MSG_WAITALL and MSG_DONTWAIT. */
public class ReceiveFlagsConformanceTest extends ConformanceTest {

  @Test
  void peekReturnsWhatTheNextReceiveReturns() {
    Socket[] pair = connectedPair(sockets);
    pair[0].write(bytes("abcdef"));
    assertTrue(awaitReadable(sockets, pair[1]));
    assertBytes("abc", pair[1].recv(3, MSG_PEEK | MSG_WAITALL));
    assertBytes("abc", pair[1].recv(3, MSG_WAITALL));
    assertBytes("def", pair[1].recv(3, MSG_PEEK | MSG_WAITALL));
    assertBytes("def", pair[1].recv(3, MSG_WAITALL));
  }

  @Test
  void waitAllGathersSeveralWrites() {
    Socket[] pair = connectedPair(sockets);
    pair[0].write(bytes("hello"));
    pair[0].write(bytes("world"));
    // Blocking, and sure to complete: all ten bytes were sent.
    assertBytes("helloworld", pair[1].recv(10, MSG_WAITALL));
  }

  @Test
  void waitAllReturnsShortAtEndOfStream() {
    Socket[] pair = connectedPair(sockets);
    pair[0].write(bytes("abc"));
    pair[0].close();
    assertBytes("abc", pair[1].recv(10, MSG_WAITALL));
    assertBytes("", pair[1].recv(10, MSG_WAITALL));
  }

  @Test
  void dontWaitReturnsWhatIsThereOrWouldBlock() {
    Socket[] pair = connectedPair(sockets);
    assertSocketError(SOCKET_EAGAIN, () -> pair[1].recv(10, MSG_DONTWAIT));
    pair[0].write(bytes("now"));
    assertTrue(awaitReadable(sockets, pair[1]));
    assertBytes("now", pair[1].recv(10, MSG_DONTWAIT));
    // The flag is per call: the socket itself stays blocking.
    pair[0].write(bytes("later"));
    assertBytes("later", pair[1].recv(5, MSG_WAITALL));
  }

  /**
   * A blocking connect that is refused leaves the socket disconnected (tcp_disconnect), not as a
   * reset left it: a receive is ENOTCONN rather than end of file, and the
   * source address the connect chose is forgotten while its port is kept.
   */
  @Test
  void aRefusedBlockingConnectLeavesTheSocketDisconnected() {
    Socket fresh = Loopback.tcp(sockets);
    assertSocketError(SOCKET_ENOTCONN, () -> fresh.recv(1, 0));
    Socket refused = Loopback.tcp(sockets);
    refused.setOption(SOL_SOCKET, SO_SNDTIMEO, new dev.twinsock.Timeval(1, 0));
    assertSocketError(SOCKET_ECONNREFUSED, () -> refused.connect(Loopback.V4, Loopback.freePort(sockets)));
    assertSocketError(SOCKET_ENOTCONN, () -> refused.recv(1, 0));
    assertSocketError(SOCKET_ENOTCONN, () -> refused.recv(10, MSG_DONTWAIT));
    assertEquals("0.0.0.0", refused.getsockname().address());
    assertTrue(refused.getsockname().port() > 0);
    assertEquals(0, refused.getOption(SOL_SOCKET, SO_ERROR));
    assertSocketError(SOCKET_EPIPE, () -> refused.send(bytes("x"), 1, MSG_NOSIGNAL));
  }
}
