package dev.twinsock.conformance;

import static dev.twinsock.SocketConstants.*;
import static dev.twinsock.conformance.Loopback.V4;
import static dev.twinsock.conformance.Loopback.port;
import static dev.twinsock.conformance.Loopback.tcp;
import static dev.twinsock.conformance.SocketAssertions.assertBytes;
import static dev.twinsock.conformance.SocketAssertions.assertRejected;
import static dev.twinsock.conformance.SocketAssertions.assertSocketError;
import static dev.twinsock.conformance.SocketAssertions.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import org.junit.jupiter.api.Test;

/** {@code createListen}: a TCP listener on 0.0.0.0 in one call. */
public class CreateListenConformanceTest extends ConformanceTest {

  @Test
  void listensOnTheAnyAddressAndAnEphemeralPort() {
    Socket listener = sockets.createListen(0);
    assertEquals("0.0.0.0", listener.getsockname().address());
    assertEquals(SOCK_STREAM, listener.getOption(SOL_SOCKET, SO_TYPE));
    assertEquals(1, listener.getOption(SOL_SOCKET, SO_ACCEPTCONN));
    Socket client = tcp(sockets);
    client.connect(V4, port(listener));
    Socket server = listener.accept();
    client.write(bytes("hi"));
    assertBytes("hi", server.recv(2, MSG_WAITALL));
  }

  @Test
  void aTakenPortIsInUse() {
    Socket first = sockets.createListen(0);
    SocketError error = assertSocketError(SOCKET_EADDRINUSE, () -> sockets.createListen(port(first), 5));
    assertEquals("socket_create_listen", error.function());
    assertEquals(SOCKET_EADDRINUSE, sockets.lastError());
  }

  @Test
  void aPortOutOfRangeIsRejected() {
    assertRejected("socket_create_listen(): Argument #1 ($port) must be between 0 and 65535",
        () -> sockets.createListen(65536));
  }
}
