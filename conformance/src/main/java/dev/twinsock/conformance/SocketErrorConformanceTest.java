package dev.twinsock.conformance;

import static dev.twinsock.SocketConstants.*;
import static dev.twinsock.conformance.Loopback.V4;
import static dev.twinsock.conformance.Loopback.connectedPair;
import static dev.twinsock.conformance.Loopback.freePort;
import static dev.twinsock.conformance.Loopback.listener;
import static dev.twinsock.conformance.Loopback.port;
import static dev.twinsock.conformance.Loopback.tcp;
import static dev.twinsock.conformance.Loopback.udp;
import static dev.twinsock.conformance.SocketAssertions.assertSocketError;
import static dev.twinsock.conformance.SocketAssertions.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * What a failure looks like: a {@link SocketError} naming the seed's function, carrying the errno
 * and glibc's text in the seed's warning format; flow-control errors without a stack trace.
 */
public class SocketErrorConformanceTest extends ConformanceTest {

  @Test
  void bindFailureNamesSocketBindWithCodeAndText() {
    Socket listener = listener(sockets);
    SocketError error = assertSocketError(SOCKET_EADDRINUSE, () -> tcp(sockets).bind(V4, port(listener)));
    assertEquals("socket_bind", error.function());
    assertEquals("Address already in use", error.reason());
    assertEquals(new SocketError("socket_bind", 98).getMessage(), error.getMessage());
    assertTrue(error.getMessage().startsWith("socket_bind(): "), error.getMessage());
    assertTrue(error.getMessage().endsWith(" [98]: Address already in use"), error.getMessage());
  }

  @Test
  void eachCallNamesItsOwnSeedFunction() {
    Socket unconnected = tcp(sockets);
    Socket[] pair = connectedPair(sockets);
    int closedPort = freePort(sockets);
    expect("socket_connect", SOCKET_ECONNREFUSED, () -> tcp(sockets).connect(V4, closedPort));
    expect("socket_accept", SOCKET_EINVAL, unconnected::accept);
    expect("socket_listen", SOCKET_EOPNOTSUPP, () -> udp(sockets).listen(1));
    expect("socket_getpeername", SOCKET_ENOTCONN, unconnected::getpeername);
    expect("socket_shutdown", SOCKET_ENOTCONN, () -> unconnected.shutdown(SHUT_RDWR));
    expect("socket_recv", SOCKET_EAGAIN, () -> pair[0].recv(1, MSG_DONTWAIT));
    expect("socket_send", SOCKET_EPIPE, () -> unconnected.send(bytes("x"), 1, MSG_NOSIGNAL));
    expect("socket_get_option", SOCKET_ENOPROTOOPT, () -> unconnected.getOption(SOL_SOCKET, 9999));
    expect("socket_set_option", SOCKET_ENOPROTOOPT, () -> unconnected.setOption(SOL_SOCKET, 9999, 1));
    expect("socket_sendto", SOCKET_EACCES, () -> udp(sockets).sendto(bytes("x"), 1, 0, "255.255.255.255", 9));
    expect("socket_recvfrom", SOCKET_EAGAIN, () -> Loopback.boundUdp(sockets).recvfrom(1, MSG_DONTWAIT));
    expect("socket_create_pair", SOCKET_EOPNOTSUPP, () -> sockets.createPair(AF_INET, SOCK_STREAM, 0));
    pair[1].setNonblock();
    expect("socket_read", SOCKET_EAGAIN, () -> pair[1].read(1));
  }

  @Test
  void flowControlErrorsCarryNoStackTrace() {
    Socket[] pair = connectedPair(sockets);
    SocketError again = assertSocketError(SOCKET_EAGAIN, () -> pair[0].recv(1, MSG_DONTWAIT));
    assertEquals(0, again.getStackTrace().length);
    Socket client = tcp(sockets);
    client.setNonblock();
    Socket listener = listener(sockets);
    SocketError inProgress = assertSocketError(SOCKET_EINPROGRESS, () -> client.connect(V4, port(listener)));
    assertEquals(0, inProgress.getStackTrace().length);
    SocketError real = assertSocketError(SOCKET_ENOTCONN, tcp(sockets)::getpeername);
    assertTrue(real.getStackTrace().length > 0, "a real failure keeps its stack trace");
  }

  private static void expect(String function, int errno, Executable call) {
    SocketError error = assertSocketError(errno, call);
    assertEquals(function, error.function(), error.getMessage());
    assertEquals(new SocketError(function, errno).getMessage(), error.getMessage());
  }
}
