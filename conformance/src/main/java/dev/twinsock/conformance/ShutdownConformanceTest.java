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
import dev.twinsock.SocketError;
import org.junit.jupiter.api.Test;

/** {@code socket_shutdown} in each direction, and the seed's default of both. */
public class ShutdownConformanceTest extends ConformanceTest {

  @Test
  void shutdownReadStillLetsThisEndSend() {
    Socket[] pair = connectedPair(sockets);
    pair[0].shutdown(SHUT_RD);
    assertEquals(0, pair[0].recv(10, 0).length, "reads end at once");
    assertEquals(3, pair[0].write(bytes("out")));
    assertTrue(awaitReadable(sockets, pair[1]));
    assertBytes("out", pair[1].recv(3, MSG_WAITALL));
  }

  @Test
  void shutdownWriteStillLetsThisEndReceive() {
    Socket[] pair = connectedPair(sockets);
    pair[0].shutdown(SHUT_WR);
    pair[1].write(bytes("in"));
    assertTrue(awaitReadable(sockets, pair[0]));
    assertBytes("in", pair[0].recv(2, MSG_WAITALL));
  }

  @Test
  void shutdownBothEndsBothDirections() {
    Socket[] pair = connectedPair(sockets);
    pair[0].shutdown(SHUT_RDWR);
    assertEquals(0, pair[0].recv(10, 0).length);
    assertSocketError(SOCKET_EPIPE, () -> pair[0].send(bytes("x"), 1, MSG_NOSIGNAL));
    assertTrue(awaitReadable(sockets, pair[1]), "the FIN arrives");
    assertEquals(0, pair[1].recv(10, 0).length);
  }

  @Test
  void shutdownWithoutADirectionShutsBoth() {
    Socket[] pair = connectedPair(sockets);
    pair[0].shutdown();
    assertEquals(0, pair[0].recv(10, 0).length);
    assertSocketError(SOCKET_EPIPE, () -> pair[0].send(bytes("x"), 1, MSG_NOSIGNAL));
    assertTrue(awaitReadable(sockets, pair[1]));
    assertEquals(0, pair[1].recv(10, 0).length);
  }

  @Test
  void shutdownTwiceIsHarmless() {
    Socket[] pair = connectedPair(sockets);
    pair[0].shutdown(SHUT_WR);
    pair[0].shutdown(SHUT_WR);
    pair[0].shutdown(SHUT_RDWR);
  }

  @Test
  void anUnknownDirectionIsInvalid() {
    Socket[] pair = connectedPair(sockets);
    assertSocketError(SOCKET_EINVAL, () -> pair[0].shutdown(3));
  }

  @Test
  void anUnknownModeIsTheKernelsInvalidArgument() {
    // PHP 8.3 and 8.4 pass the mode to shutdown(2) unchecked; the kernel checks it first.
    Socket[] pair = connectedPair(sockets);
    SocketError error = assertSocketError(SOCKET_EINVAL, () -> pair[0].shutdown(7));
    assertEquals("socket_shutdown(): Unable to shutdown socket [22]: Invalid argument", error.getMessage());
    assertEquals(SOCKET_EINVAL, pair[0].lastError());
    pair[0].write(bytes("open"));
    assertBytes("open", pair[1].recv(4, MSG_WAITALL));
  }

  /**
   * Shutting down a connect still in progress (its SYN dropped by a full accept queue) disconnects
   * it, and the reset is reported once.
   */
  @Test
  void shutdownOfAConnectInProgressDisconnectsItWithAReset() {
    Socket listener = Loopback.listener(sockets, 0);
    Socket queued = Loopback.connectTo(sockets, listener);
    Socket waiting = Loopback.tcp(sockets);
    waiting.setNonblock();
    assertSocketError(SOCKET_EINPROGRESS, () -> waiting.connect(Loopback.V4, Loopback.port(listener)));
    waiting.shutdown(SHUT_WR);
    assertSocketError(SOCKET_ECONNRESET, () -> waiting.recv(16, 0));
    assertSocketError(SOCKET_ENOTCONN, () -> waiting.recv(16, 0));
    queued.close();
  }
}
