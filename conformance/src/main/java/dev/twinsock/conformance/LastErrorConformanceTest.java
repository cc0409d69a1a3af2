package dev.twinsock.conformance;

import static dev.twinsock.SocketConstants.*;
import static dev.twinsock.conformance.Loopback.V4;
import static dev.twinsock.conformance.Loopback.connectTo;
import static dev.twinsock.conformance.Loopback.connectedPair;
import static dev.twinsock.conformance.Loopback.freePort;
import static dev.twinsock.conformance.Loopback.listener;
import static dev.twinsock.conformance.Loopback.port;
import static dev.twinsock.conformance.Loopback.tcp;
import static dev.twinsock.conformance.Loopback.udp;
import static dev.twinsock.conformance.SocketAssertions.assertSocketError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.twinsock.AddrInfo;
import dev.twinsock.Socket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The seed's last-error rules: every failing call records its errno on its socket and on the
 * process; {@code clearError} clears one of them; a later success clears nothing; an argument
 * rejected before the system call records nothing.
 *
 * <p>The seed's exceptions (see docs/semantics.md): a failed {@code accept}, {@code createListen}
 * or {@code recvmsg} records its errno on the process only, because the seed records it on a
 * socket object it then discards; calls that have no socket ({@code create}, {@code createPair},
 * {@code select}, {@code addrinfoConnect}, {@code addrinfoLookup}) record it on the process.
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
    Socket second = udp(sockets);
    assertSocketError(SOCKET_ENOTCONN, first::getpeername);
    assertSocketError(SOCKET_EOPNOTSUPP, () -> second.listen(1));
    assertEquals(SOCKET_EOPNOTSUPP, sockets.lastError());
    assertEquals(SOCKET_ENOTCONN, first.lastError());
    assertEquals(SOCKET_EOPNOTSUPP, second.lastError());
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

  @Test
  void aFailedAcceptSetsOnlyTheProcesssLastError() {
    Socket notListening = tcp(sockets);
    notListening.bind(V4, 0);
    assertSocketError(SOCKET_EINVAL, notListening::accept);
    assertEquals(0, notListening.lastError(), "the listener keeps its own last error");
    assertEquals(SOCKET_EINVAL, sockets.lastError());
  }

  @Test
  void aNonBlockingAcceptWithNothingPendingSetsOnlyTheProcesssLastError() {
    Socket listener = listener(sockets);
    listener.setNonblock();
    assertSocketError(SOCKET_EAGAIN, listener::accept);
    assertEquals(0, listener.lastError());
    assertEquals(SOCKET_EAGAIN, sockets.lastError());
  }

  @Test
  void aFailedAcceptKeepsTheListenersEarlierError() {
    Socket socket = tcp(sockets);
    assertSocketError(SOCKET_ENOTCONN, socket::getpeername);
    assertSocketError(SOCKET_EINVAL, socket::accept);
    assertEquals(SOCKET_ENOTCONN, socket.lastError());
    assertEquals(SOCKET_EINVAL, sockets.lastError());
  }

  @Test
  void aFailedCreateListenSetsTheProcesssLastError() {
    Socket first = sockets.createListen(0);
    assertSocketError(SOCKET_EADDRINUSE, () -> sockets.createListen(port(first)));
    assertEquals(SOCKET_EADDRINUSE, sockets.lastError());
    assertEquals(0, first.lastError(), "the listener holding the port is not touched");
  }

  @Test
  void aFailedRecvmsgSetsOnlyTheProcesssLastError() {
    Socket[] pair = sockets.createPair(AF_UNIX, SOCK_DGRAM, 0);
    assertSocketError(SOCKET_EAGAIN, () -> pair[1].recvmsg(100, 1, MSG_DONTWAIT));
    assertEquals(0, pair[1].lastError(), "recvmsg leaves the socket's own last error");
    assertEquals(SOCKET_EAGAIN, sockets.lastError());
  }

  @Test
  void aFailedCreateSetsTheProcesssLastError() {
    // socket(2) takes protocols below IPPROTO_MAX only; 12345 is EINVAL for AF_INET.
    assertSocketError(SOCKET_EINVAL, () -> sockets.create(AF_INET, SOCK_STREAM, 12345));
    assertEquals(SOCKET_EINVAL, sockets.lastError());
  }

  @Test
  void aFailedCreatePairKeepsNoSocketAndSetsTheProcesssLastError() {
    Socket witness = tcp(sockets);
    assertSocketError(SOCKET_EOPNOTSUPP, () -> sockets.createPair(AF_INET6, SOCK_DGRAM, 0));
    assertEquals(SOCKET_EOPNOTSUPP, sockets.lastError());
    assertEquals(0, witness.lastError());
  }

  @Test
  void aFailedAddrinfoConnectSetsTheProcesssLastError() {
    int closedPort = freePort(sockets);
    AddrInfo info = sockets.addrinfoLookup(V4, String.valueOf(closedPort), Map.of("ai_socktype", SOCK_STREAM)).get(0);
    assertSocketError(SOCKET_ECONNREFUSED, () -> sockets.addrinfoConnect(info));
    assertEquals(SOCKET_ECONNREFUSED, sockets.lastError());
  }

  @Test
  void aFailedAddrinfoLookupSetsTheProcesssLastError() {
    assertSocketError(EAI_NONAME,
        () -> sockets.addrinfoLookup("localhost", null, Map.of("ai_flags", AI_NUMERICHOST)));
    assertEquals(EAI_NONAME, sockets.lastError());
  }

  @Test
  void aSuccessfulAcceptLeavesTheProcesssLastError() {
    Socket listener = listener(sockets);
    assertSocketError(SOCKET_ENOTCONN, tcp(sockets)::getpeername);
    connectTo(sockets, listener);
    listener.accept();
    assertEquals(SOCKET_ENOTCONN, sockets.lastError());
  }

  @Test
  void aNonBlockingConnectInProgressSetsBothLastErrors() {
    Socket listener = listener(sockets);
    Socket client = tcp(sockets);
    client.setNonblock();
    assertSocketError(SOCKET_EINPROGRESS, () -> client.connect(V4, port(listener)));
    assertEquals(SOCKET_EINPROGRESS, client.lastError());
    assertEquals(SOCKET_EINPROGRESS, sockets.lastError());
  }
}
