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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * What a failure looks like: a {@link SocketError} naming the seed's function, carrying the errno
 * and glibc's text in the seed's warning format (see docs/semantics.md, word for word: the seed
 * capitalises some functions' text and not others); flow-control errors without a stack trace.
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

  @Test
  void connectionCallsUseTheSeedsWordsExactly() {
    Socket unconnected = tcp(sockets);
    int closedPort = freePort(sockets);
    message("socket_connect(): unable to connect [111]: Connection refused",
        () -> tcp(sockets).connect(V4, closedPort));
    message("socket_accept(): unable to accept incoming connection [22]: Invalid argument", unconnected::accept);
    message("socket_listen(): unable to listen on socket [95]: Operation not supported", () -> udp(sockets).listen(1));
    message("socket_getpeername(): unable to retrieve peer name [107]: Transport endpoint is not connected",
        unconnected::getpeername);
    message("socket_shutdown(): Unable to shutdown socket [107]: Transport endpoint is not connected",
        () -> unconnected.shutdown(SHUT_RDWR));
    Socket listener = listener(sockets);
    message("socket_bind(): Unable to bind address [98]: Address already in use",
        () -> tcp(sockets).bind(V4, port(listener)));
    message("socket_create_listen(): unable to bind to given address [98]: Address already in use",
        () -> sockets.createListen(port(sockets.createListen(0))));
  }

  @Test
  void dataCallsUseTheSeedsWordsExactly() {
    // An unconnected TCP socket: receiving is ENOTCONN, sending EPIPE (measured on Linux).
    Socket unconnected = tcp(sockets);
    message("socket_read(): unable to read from socket [107]: Transport endpoint is not connected",
        () -> unconnected.read(1));
    message("socket_write(): unable to write to socket [32]: Broken pipe", () -> unconnected.write(bytes("x")));
    message("socket_recv(): Unable to read from socket [107]: Transport endpoint is not connected",
        () -> unconnected.recv(1, 0));
    message("socket_send(): Unable to write to socket [32]: Broken pipe",
        () -> unconnected.send(bytes("x"), 1, MSG_NOSIGNAL));
    message("socket_sendto(): Unable to write to socket [13]: Permission denied",
        () -> udp(sockets).sendto(bytes("x"), 1, 0, "255.255.255.255", 9));
    message("socket_recvfrom(): Unable to recvfrom [11]: Resource temporarily unavailable",
        () -> Loopback.boundUdp(sockets).recvfrom(1, MSG_DONTWAIT));
    message("socket_recvmsg(): Error in recvmsg [11]: Resource temporarily unavailable",
        () -> Loopback.boundUdp(sockets).recvmsg(1, 1, MSG_DONTWAIT));
  }

  @Test
  void optionAndCreationCallsUseTheSeedsWordsExactly() {
    Socket socket = tcp(sockets);
    message("socket_get_option(): Unable to retrieve socket option [92]: Protocol not available",
        () -> socket.getOption(SOL_SOCKET, 9999));
    message("socket_set_option(): Unable to set socket option [92]: Protocol not available",
        () -> socket.setOption(SOL_SOCKET, 9999, 1));
    message("socket_create(): Unable to create socket [22]: Invalid argument",
        () -> sockets.create(AF_INET, SOCK_STREAM, 12345));
    message("socket_create_pair(): Unable to create socket pair [95]: Operation not supported",
        () -> sockets.createPair(AF_INET, SOCK_STREAM, 0));
  }

  private static void message(String expected, Executable call) {
    SocketError error = assertThrows(SocketError.class, call, expected);
    assertEquals(expected, error.getMessage());
  }

  private static void expect(String function, int errno, Executable call) {
    SocketError error = assertSocketError(errno, call);
    assertEquals(function, error.function(), error.getMessage());
    assertEquals(new SocketError(function, errno).getMessage(), error.getMessage());
  }
}
