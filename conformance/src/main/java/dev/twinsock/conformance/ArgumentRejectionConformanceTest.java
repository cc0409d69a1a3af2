package dev.twinsock.conformance;

import static dev.twinsock.SocketConstants.*;
import static dev.twinsock.conformance.Loopback.V4;
import static dev.twinsock.conformance.Loopback.connectedPair;
import static dev.twinsock.conformance.Loopback.tcp;
import static dev.twinsock.conformance.Loopback.udp;
import static dev.twinsock.conformance.SocketAssertions.assertRejected;
import static dev.twinsock.conformance.SocketAssertions.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.twinsock.Socket;
import org.junit.jupiter.api.Test;

/**
 * Arguments the seed rejects before any system call: {@link IllegalArgumentException} with PHP 8's
 * wording, and no errno recorded anywhere.
 */
public class ArgumentRejectionConformanceTest extends ConformanceTest {

  @Test
  void portsOutsideZeroTo65535AreRejected() {
    Socket socket = tcp(sockets);
    assertRejected("socket_bind(): Argument #3 ($port) must be between 0 and 65535", () -> socket.bind(V4, 65536));
    assertRejected("socket_bind(): Argument #3 ($port) must be between 0 and 65535", () -> socket.bind(V4, -1));
    assertRejected("socket_connect(): Argument #3 ($port) must be between 0 and 65535",
        () -> socket.connect(V4, 70000));
    assertThrows(IllegalArgumentException.class, () -> udp(sockets).sendto(bytes("x"), 1, 0, V4, 65536));
    assertThrows(IllegalArgumentException.class, () -> sockets.createListen(65536));
    assertEquals(0, sockets.lastError());
  }

  @Test
  void unknownDomainIsRejected() {
    assertRejected("socket_create(): Argument #1 ($domain) must be one of AF_UNIX, AF_INET6, or AF_INET",
        () -> sockets.create(99, SOCK_STREAM, 0));
    assertRejected("socket_create_pair(): Argument #1 ($domain) must be one of AF_UNIX, AF_INET6, or AF_INET",
        () -> sockets.createPair(99, SOCK_STREAM, 0));
  }

  @Test
  void unknownTypeIsRejected() {
    assertRejected("socket_create(): Argument #2 ($type) must be one of SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET,"
        + " SOCK_RAW, or SOCK_RDM", () -> sockets.create(AF_INET, 99, 0));
  }

  @Test
  void typeFlagsAreAccepted() {
    // SOCK_NONBLOCK and SOCK_CLOEXEC ride along with the type and are not part of it.
    Socket socket = sockets.create(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    assertEquals(SOCK_STREAM, socket.getOption(SOL_SOCKET, SO_TYPE));
  }

  @Test
  void readLengthBelowOneIsRejected() {
    Socket socket = connectedPair(sockets)[0];
    assertRejected("socket_read(): Argument #2 ($length) must be greater than 0", () -> socket.read(0));
    assertRejected("socket_read(): Argument #2 ($length) must be greater than 0", () -> socket.read(-5));
  }

  @Test
  void unknownReadModeIsRejected() {
    Socket socket = connectedPair(sockets)[0];
    assertRejected("socket_read(): Argument #3 ($mode) must be either PHP_BINARY_READ or PHP_NORMAL_READ",
        () -> socket.read(10, 3));
  }

  @Test
  void unixPathsOf108BytesOrMoreAreRejected() {
    Socket socket = sockets.create(AF_UNIX, SOCK_DGRAM, 0);
    String tooLong = "/" + "p".repeat(107);
    assertRejected("socket_bind(): Argument #2 ($address) must be less than 108", () -> socket.bind(tooLong));
    assertThrows(IllegalArgumentException.class, () -> socket.sendto(bytes("x"), 1, 0, tooLong));
    assertEquals(0, socket.lastError());
  }

  @Test
  void connectWithoutAPortIsRejectedForInternetSockets() {
    assertRejected("socket_connect(): Argument #3 ($port) cannot be null when the socket type is AF_INET",
        () -> tcp(sockets).connect(V4));
    assertRejected("socket_connect(): Argument #3 ($port) cannot be null when the socket type is AF_INET6",
        () -> sockets.create(AF_INET6, SOCK_STREAM, 0).connect("::1"));
    assertEquals(0, sockets.lastError());
  }

  @Test
  void sendtoWithoutAPortIsRejectedForInternetSockets() {
    assertRejected("socket_sendto(): Argument #6 ($port) cannot be null when the socket type is AF_INET",
        () -> udp(sockets).sendto(bytes("x"), 1, 0, V4));
    assertRejected("socket_sendto(): Argument #6 ($port) cannot be null when the socket type is AF_INET6",
        () -> sockets.create(AF_INET6, SOCK_DGRAM, 0).sendto(bytes("x"), 1, 0, "::1"));
    assertEquals(0, sockets.lastError());
  }

  @Test
  void portsOutsideZeroTo65535AreRejectedWithTheArgumentsPosition() {
    Socket udp = udp(sockets);
    assertRejected("socket_sendto(): Argument #6 ($port) must be between 0 and 65535",
        () -> udp.sendto(bytes("x"), 1, 0, V4, 65536));
    assertRejected("socket_create_listen(): Argument #1 ($port) must be between 0 and 65535",
        () -> sockets.createListen(-1));
    assertEquals(0, udp.lastError());
    assertEquals(0, sockets.lastError());
  }
}
