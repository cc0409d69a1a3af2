package dev.twinsock.conformance;

import static dev.twinsock.SocketConstants.*;
import static dev.twinsock.conformance.Loopback.tcp;
import static dev.twinsock.conformance.Loopback.udp;
import static dev.twinsock.conformance.SocketAssertions.assertSocketError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinsock.Linger;
import dev.twinsock.Socket;
import dev.twinsock.Timeval;
import org.junit.jupiter.api.Test;

/** Socket options: the "Options" rows of LINUX-SEMANTICS.md, and the shapes of option values. */
public class OptionsConformanceTest extends ConformanceTest {

  @Test
  void receiveBufferSizeIsDoubledOnSet() {
    Socket socket = tcp(sockets);
    // The kernel doubles the request to leave room for its bookkeeping.
    socket.setOption(SOL_SOCKET, SO_RCVBUF, 4096);
    assertEquals(8192, socket.getOption(SOL_SOCKET, SO_RCVBUF));
  }

  @Test
  void receiveBufferSizeHasAMinimum() {
    Socket socket = tcp(sockets);
    socket.setOption(SOL_SOCKET, SO_RCVBUF, 1);
    assertEquals(2304, socket.getOption(SOL_SOCKET, SO_RCVBUF)); // SOCK_MIN_RCVBUF
  }

  @Test
  void sendBufferSizeIsDoubledOnSetAndHasAMinimum() {
    Socket socket = tcp(sockets);
    socket.setOption(SOL_SOCKET, SO_SNDBUF, 4096);
    assertEquals(8192, socket.getOption(SOL_SOCKET, SO_SNDBUF));
    socket.setOption(SOL_SOCKET, SO_SNDBUF, 1);
    assertEquals(4608, socket.getOption(SOL_SOCKET, SO_SNDBUF)); // SOCK_MIN_SNDBUF
  }

  @Test
  void freshTcpSocketHasTheLinuxDefaults() {
    Socket socket = tcp(sockets);
    // tcp_wmem[1] and tcp_rmem[1], the kernel's defaults since 4.x: not doubled, not autotuned yet.
    assertEquals(16384, socket.getOption(SOL_SOCKET, SO_SNDBUF));
    assertEquals(131072, socket.getOption(SOL_SOCKET, SO_RCVBUF));
    assertEquals(new Linger(0, 0), socket.getOption(SOL_SOCKET, SO_LINGER));
    assertEquals(new Timeval(0, 0), socket.getOption(SOL_SOCKET, SO_RCVTIMEO));
    assertEquals(new Timeval(0, 0), socket.getOption(SOL_SOCKET, SO_SNDTIMEO));
    assertEquals(0, socket.getOption(SOL_TCP, TCP_NODELAY));
    assertEquals(0, socket.getOption(SOL_SOCKET, SO_REUSEADDR));
    assertEquals(0, socket.getOption(SOL_SOCKET, SO_KEEPALIVE));
    assertEquals(0, socket.getOption(SOL_SOCKET, SO_ERROR));
    assertEquals(SOCK_STREAM, socket.getOption(SOL_SOCKET, SO_TYPE));
  }

  @Test
  void soTypeIsTheSocketsType() {
    assertEquals(SOCK_DGRAM, udp(sockets).getOption(SOL_SOCKET, SO_TYPE));
    assertEquals(SOCK_SEQPACKET, sockets.create(AF_UNIX, SOCK_SEQPACKET, 0).getOption(SOL_SOCKET, SO_TYPE));
  }

  @Test
  void getOptionAtAnUnknownLevelIsNotSupported() {
    Socket socket = tcp(sockets);
    assertSocketError(SOCKET_EOPNOTSUPP, () -> socket.getOption(999, 1));
  }

  @Test
  void setOptionAtAnUnknownLevelIsNoSuchOption() {
    // Measured on Linux 6.18: getsockopt answers EOPNOTSUPP for a foreign level, setsockopt ENOPROTOOPT.
    Socket socket = tcp(sockets);
    assertSocketError(SOCKET_ENOPROTOOPT, () -> socket.setOption(999, 1, 1));
  }

  @Test
  void unknownOptionAtSocketLevelIsNoSuchOption() {
    Socket socket = tcp(sockets);
    assertSocketError(SOCKET_ENOPROTOOPT, () -> socket.getOption(SOL_SOCKET, 9999));
    assertSocketError(SOCKET_ENOPROTOOPT, () -> socket.setOption(SOL_SOCKET, 9999, 1));
  }

  @Test
  void lingerRoundTripsAsALinger() {
    Socket socket = tcp(sockets);
    socket.setOption(SOL_SOCKET, SO_LINGER, new Linger(1, 5));
    assertEquals(new Linger(1, 5), socket.getOption(SOL_SOCKET, SO_LINGER));
  }

  @Test
  void timeoutsRoundTripAsTimevals() {
    Socket socket = tcp(sockets);
    // Half a second is a whole number of jiffies at any HZ, so it reads back exactly.
    socket.setOption(SOL_SOCKET, SO_RCVTIMEO, new Timeval(2, 500_000));
    socket.setOption(SOL_SOCKET, SO_SNDTIMEO, new Timeval(1, 0));
    assertEquals(new Timeval(2, 500_000), socket.getOption(SOL_SOCKET, SO_RCVTIMEO));
    assertEquals(new Timeval(1, 0), socket.getOption(SOL_SOCKET, SO_SNDTIMEO));
  }

  @Test
  void booleanOptionsReadBackAsOne() {
    Socket socket = tcp(sockets);
    // The kernel stores a flag, so any non-zero value reads back as 1.
    socket.setOption(SOL_SOCKET, SO_REUSEADDR, 7);
    socket.setOption(SOL_SOCKET, SO_KEEPALIVE, 1);
    socket.setOption(SOL_TCP, TCP_NODELAY, 3);
    assertEquals(1, socket.getOption(SOL_SOCKET, SO_REUSEADDR));
    assertEquals(1, socket.getOption(SOL_SOCKET, SO_KEEPALIVE));
    assertEquals(1, socket.getOption(SOL_TCP, TCP_NODELAY));
    socket.setOption(SOL_SOCKET, SO_REUSEADDR, 0);
    assertEquals(0, socket.getOption(SOL_SOCKET, SO_REUSEADDR));
  }

  @Test
  void getoptAndSetoptAreAliases() {
    Socket socket = tcp(sockets);
    socket.setopt(SOL_SOCKET, SO_KEEPALIVE, 1);
    assertEquals(1, socket.getopt(SOL_SOCKET, SO_KEEPALIVE));
  }
}
