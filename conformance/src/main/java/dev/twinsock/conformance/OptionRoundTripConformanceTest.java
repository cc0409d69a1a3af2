package dev.twinsock.conformance;

import static dev.twinsock.SocketConstants.*;
import static dev.twinsock.conformance.Loopback.tcp;
import static dev.twinsock.conformance.Loopback.udp;
import static dev.twinsock.conformance.SocketAssertions.assertSocketError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinsock.Socket;
import org.junit.jupiter.api.Test;

/**
 * Every option the backends must support reads back what the kernel makes of the value set:
 * booleans fold to 1, out-of-range values are refused with EINVAL, and a few options are
 * rounded or refused by design (SO_SNDLOWAT cannot be changed on Linux).
 */
public class OptionRoundTripConformanceTest extends ConformanceTest {

  @Test
  void booleanSocketOptionsFoldAnyNonZeroValueToOne() {
    Socket socket = tcp(sockets);
    for (int option : new int[] {SO_REUSEADDR, SO_REUSEPORT, SO_KEEPALIVE, SO_OOBINLINE}) {
      assertEquals(0, socket.getOption(SOL_SOCKET, option), "default of " + option);
      socket.setOption(SOL_SOCKET, option, 5);
      assertEquals(1, socket.getOption(SOL_SOCKET, option), "after setting " + option + " to 5");
      socket.setOption(SOL_SOCKET, option, 0);
      assertEquals(0, socket.getOption(SOL_SOCKET, option), "after clearing " + option);
    }
  }

  @Test
  void broadcastIsAnOptionOfDatagramSockets() {
    Socket socket = udp(sockets);
    assertEquals(0, socket.getOption(SOL_SOCKET, SO_BROADCAST));
    socket.setOption(SOL_SOCKET, SO_BROADCAST, 1);
    assertEquals(1, socket.getOption(SOL_SOCKET, SO_BROADCAST));
  }

  @Test
  void tcpNoDelayFoldsToOne() {
    Socket socket = tcp(sockets);
    socket.setOption(SOL_TCP, TCP_NODELAY, 7);
    assertEquals(1, socket.getOption(SOL_TCP, TCP_NODELAY));
  }

  @Test
  void keepaliveTimersReadBackAsSetAndRefuseZero() {
    Socket socket = tcp(sockets);
    assertEquals(7200, socket.getOption(SOL_TCP, TCP_KEEPIDLE));
    assertEquals(75, socket.getOption(SOL_TCP, TCP_KEEPINTVL));
    assertEquals(9, socket.getOption(SOL_TCP, TCP_KEEPCNT));
    socket.setOption(SOL_TCP, TCP_KEEPIDLE, 30);
    socket.setOption(SOL_TCP, TCP_KEEPINTVL, 10);
    socket.setOption(SOL_TCP, TCP_KEEPCNT, 4);
    assertEquals(30, socket.getOption(SOL_TCP, TCP_KEEPIDLE));
    assertEquals(10, socket.getOption(SOL_TCP, TCP_KEEPINTVL));
    assertEquals(4, socket.getOption(SOL_TCP, TCP_KEEPCNT));
    assertSocketError(SOCKET_EINVAL, () -> socket.setOption(SOL_TCP, TCP_KEEPIDLE, 0));
    assertSocketError(SOCKET_EINVAL, () -> socket.setOption(SOL_TCP, TCP_KEEPINTVL, 0));
    assertSocketError(SOCKET_EINVAL, () -> socket.setOption(SOL_TCP, TCP_KEEPCNT, 0));
  }

  @Test
  void synCountAcceptsOneTo127() {
    Socket socket = tcp(sockets);
    assertEquals(6, socket.getOption(SOL_TCP, TCP_SYNCNT));
    socket.setOption(SOL_TCP, TCP_SYNCNT, 2);
    assertEquals(2, socket.getOption(SOL_TCP, TCP_SYNCNT));
    assertSocketError(SOCKET_EINVAL, () -> socket.setOption(SOL_TCP, TCP_SYNCNT, 0));
    assertSocketError(SOCKET_EINVAL, () -> socket.setOption(SOL_TCP, TCP_SYNCNT, 128));
  }

  @Test
  void userTimeoutReadsBackInMillisecondsAndRefusesNegatives() {
    Socket socket = tcp(sockets);
    assertEquals(0, socket.getOption(SOL_TCP, TCP_USER_TIMEOUT));
    socket.setOption(SOL_TCP, TCP_USER_TIMEOUT, 5000);
    assertEquals(5000, socket.getOption(SOL_TCP, TCP_USER_TIMEOUT));
    assertSocketError(SOCKET_EINVAL, () -> socket.setOption(SOL_TCP, TCP_USER_TIMEOUT, -1));
  }

  @Test
  void deferAcceptIsRoundedUpToTheRetransmissionSchedule() {
    Socket socket = tcp(sockets);
    assertEquals(0, socket.getOption(SOL_TCP, TCP_DEFER_ACCEPT));
    // Linux stores the seconds as a count of SYN-ACK retransmissions (timeouts of 1, 2, 4 ... s)
    // and reports the time that count covers: 5 s needs three, which cover 1 + 2 + 4 = 7 s.
    socket.setOption(SOL_TCP, TCP_DEFER_ACCEPT, 5);
    assertEquals(7, socket.getOption(SOL_TCP, TCP_DEFER_ACCEPT));
    socket.setOption(SOL_TCP, TCP_DEFER_ACCEPT, 1);
    assertEquals(1, socket.getOption(SOL_TCP, TCP_DEFER_ACCEPT));
  }

  @Test
  void receiveLowWaterMarkReadsBackAndSendLowWaterMarkIsFixed() {
    Socket socket = tcp(sockets);
    assertEquals(1, socket.getOption(SOL_SOCKET, SO_RCVLOWAT));
    socket.setOption(SOL_SOCKET, SO_RCVLOWAT, 10);
    assertEquals(10, socket.getOption(SOL_SOCKET, SO_RCVLOWAT));
    assertEquals(1, socket.getOption(SOL_SOCKET, SO_SNDLOWAT));
    assertSocketError(SOCKET_ENOPROTOOPT, () -> socket.setOption(SOL_SOCKET, SO_SNDLOWAT, 10));
  }

  @Test
  void multicastOptionsOfIpv4DatagramSockets() {
    Socket socket = udp(sockets);
    assertEquals(1, socket.getOption(IPPROTO_IP, IP_MULTICAST_TTL));
    assertEquals(1, socket.getOption(IPPROTO_IP, IP_MULTICAST_LOOP));
    socket.setOption(IPPROTO_IP, IP_MULTICAST_TTL, 5);
    socket.setOption(IPPROTO_IP, IP_MULTICAST_LOOP, 0);
    assertEquals(5, socket.getOption(IPPROTO_IP, IP_MULTICAST_TTL));
    assertEquals(0, socket.getOption(IPPROTO_IP, IP_MULTICAST_LOOP));
  }

  @Test
  void v6OnlyIsOffByDefaultAndCanBeSetBeforeBind() {
    Socket socket = sockets.create(AF_INET6, SOCK_STREAM, 0);
    assertEquals(0, socket.getOption(IPPROTO_IPV6, IPV6_V6ONLY));
    socket.setOption(IPPROTO_IPV6, IPV6_V6ONLY, 1);
    assertEquals(1, socket.getOption(IPPROTO_IPV6, IPV6_V6ONLY));
  }

  @Test
  void passCredentialsIsAnAfUnixOption() {
    Socket socket = sockets.create(AF_UNIX, SOCK_STREAM, 0);
    assertEquals(0, socket.getOption(SOL_SOCKET, SO_PASSCRED));
    socket.setOption(SOL_SOCKET, SO_PASSCRED, 1);
    assertEquals(1, socket.getOption(SOL_SOCKET, SO_PASSCRED));
  }

  /**
   * IP_TOS is a byte; on a stream its two ECN bits stay the kernel's, and the TOS bits set the
   * socket's priority.
   */
  @Test
  void typeOfServiceIsAByteAndAStreamKeepsItsEcnBits() {
    Socket stream = tcp(sockets);
    stream.setOption(IPPROTO_IP, IP_TOS, 0x1f);
    assertEquals(0x1c, stream.getOption(IPPROTO_IP, IP_TOS));
    Socket datagram = udp(sockets);
    datagram.setOption(IPPROTO_IP, IP_TOS, 0x1f);
    assertEquals(0x1f, datagram.getOption(IPPROTO_IP, IP_TOS));
    datagram.setOption(IPPROTO_IP, IP_TOS, 0x110);
    assertEquals(0x10, datagram.getOption(IPPROTO_IP, IP_TOS));
    assertEquals(6, datagram.getOption(SOL_SOCKET, SO_PRIORITY));
  }
}
