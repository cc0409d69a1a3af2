package dev.twinsock.conformance;

import static dev.twinsock.SocketConstants.*;
import static dev.twinsock.conformance.Loopback.V4;
import static dev.twinsock.conformance.Loopback.connectedPair;
import static dev.twinsock.conformance.Loopback.listener;
import static dev.twinsock.conformance.Loopback.port;
import static dev.twinsock.conformance.Loopback.tcp;
import static dev.twinsock.conformance.SocketAssertions.assertSocketError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.twinsock.Socket;
import org.junit.jupiter.api.Test;

/**
 * The seed's last-error rules: every failing call records its errno on its socket and on the
 * process; {@code clearError} clears one of them; a later success clears nothing; an argument
 * rejected before the system call records nothing.
 */
public class LastErrorConformanceTest extends ConformanceTest {

  @Test
  void nothingHasFailedYet() {
    assertEquals(0, sockets.lastError());
    assertEquals(0, tcp(sockets).lastError());
  }

  @Test
  void aFailedCallSetsTheSocketsAndTheProcesssLastError() {
    Socket listener = listener(sockets);
    Socket socket = tcp(sockets);
    assertSocketError(SOCKET_EADDRINUSE, () -> socket.bind(V4, port(listener)));
    assertEquals(SOCKET_EADDRINUSE, socket.lastError());
    assertEquals(SOCKET_EADDRINUSE, sockets.lastError());
    assertEquals(0, listener.lastError(), "other sockets keep their own last error");
  }

  @Test
  void aLaterSuccessDoesNotClearTheLastError() {
    Socket listener = listener(sockets);
    Socket socket = tcp(sockets);
    assertSocketError(SOCKET_EADDRINUSE, () -> socket.bind(V4, port(listener)));
    socket.bind(V4, 0);
    socket.getsockname();
    assertEquals(SOCKET_EADDRINUSE, socket.lastError());
    assertEquals(SOCKET_EADDRINUSE, sockets.lastError());
  }

  @Test
  void clearingASocketLeavesTheProcessAndClearingTheProcessLeavesTheSocket() {
    Socket socket = tcp(sockets);
    assertSocketError(SOCKET_ENOTCONN, socket::getpeername);
    socket.clearError();
    assertEquals(0, socket.lastError());
    assertEquals(SOCKET_ENOTCONN, sockets.lastError());

    assertSocketError(SOCKET_ENOTCONN, socket::getpeername);
    sockets.clearError();
    assertEquals(0, sockets.lastError());
    assertEquals(SOCKET_ENOTCONN, socket.lastError());
  }

  @Test
  void theProcessRemembersTheLatestFailureOfAnySocket() {
    Socket first = tcp(sockets);
    Socket second = tcp(sockets);
    assertSocketError(SOCKET_ENOTCONN, first::getpeername);
    assertSocketError(SOCKET_EINVAL, second::accept);
    assertEquals(SOCKET_EINVAL, sockets.lastError());
    assertEquals(SOCKET_ENOTCONN, first.lastError());
    assertEquals(SOCKET_EINVAL, second.lastError());
  }

  @Test
  void wouldBlockIsAnErrorLikeAnyOther() {
    Socket[] pair = connectedPair(sockets);
    assertSocketError(SOCKET_EAGAIN, () -> pair[0].recv(1, MSG_DONTWAIT));
    assertEquals(SOCKET_EAGAIN, pair[0].lastError());
    assertEquals(SOCKET_EAGAIN, sockets.lastError());
  }

  @Test
  void aFailureWithoutASocketSetsTheProcesssLastError() {
    assertSocketError(SOCKET_EOPNOTSUPP, () -> sockets.createPair(AF_INET, SOCK_STREAM, 0));
    assertEquals(SOCKET_EOPNOTSUPP, sockets.lastError());
  }

  @Test
  void aRejectedArgumentSetsNothing() {
    Socket[] pair = connectedPair(sockets);
    assertThrows(IllegalArgumentException.class, () -> pair[0].read(0));
    assertThrows(IllegalArgumentException.class, () -> pair[0].bind(V4, 70000));
    assertThrows(IllegalArgumentException.class, () -> sockets.create(99, SOCK_STREAM, 0));
    assertEquals(0, pair[0].lastError());
    assertEquals(0, sockets.lastError());
  }

  @Test
  void aRejectedArgumentKeepsAnEarlierError() {
    Socket socket = tcp(sockets);
    assertSocketError(SOCKET_ENOTCONN, socket::getpeername);
    assertThrows(IllegalArgumentException.class, () -> socket.connect(V4, -1));
    assertEquals(SOCKET_ENOTCONN, socket.lastError());
    assertEquals(SOCKET_ENOTCONN, sockets.lastError());
  }
}
