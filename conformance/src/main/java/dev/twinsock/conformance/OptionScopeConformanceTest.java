package dev.twinsock.conformance;

import static dev.twinsock.SocketConstants.*;
import static dev.twinsock.conformance.Loopback.tcp;
import static dev.twinsock.conformance.SocketAssertions.assertSocketError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinsock.Socket;
import org.junit.jupiter.api.Test;

/**
 * Options that belong to one kind of socket: the multicast hop limits are datagram options, and
 * TCP_MAXSEG keeps the bounds Linux gives it (0, or 88 to 32767) and reads back what was set
 * until the connection's own segment size takes over.
 */
public class OptionScopeConformanceTest extends ConformanceTest {

  @Test
  void theMulticastTtlIsNoOptionOfATcpSocket() {
    Socket socket = tcp(sockets);
    assertSocketError(SOCKET_EINVAL, () -> socket.setOption(IPPROTO_IP, IP_MULTICAST_TTL, 5));
  }

  @Test
  void theMulticastHopLimitIsNoOptionOfAnIpv6TcpSocket() {
    Socket socket = sockets.create(AF_INET6, SOCK_STREAM, 0);
    assertSocketError(SOCKET_ENOPROTOOPT, () -> socket.setOption(IPPROTO_IPV6, IPV6_MULTICAST_HOPS, 5));
  }

  @Test
  void maximumSegmentSizeKeepsLinuxsBounds() {
    Socket socket = tcp(sockets);
    assertSocketError(SOCKET_EINVAL, () -> socket.setOption(SOL_TCP, TCP_MAXSEG, 10));
    assertSocketError(SOCKET_EINVAL, () -> socket.setOption(SOL_TCP, TCP_MAXSEG, 87));
    assertSocketError(SOCKET_EINVAL, () -> socket.setOption(SOL_TCP, TCP_MAXSEG, 32768));
    socket.setOption(SOL_TCP, TCP_MAXSEG, 88);
    socket.setOption(SOL_TCP, TCP_MAXSEG, 0);
  }

  @Test
  void maximumSegmentSizeReadsBackAsSetBeforeConnectAndTheDefaultOtherwise() {
    Socket fresh = tcp(sockets);
    assertEquals(536, fresh.getOption(SOL_TCP, TCP_MAXSEG), "TCP_MSS_DEFAULT before any connection");
    Socket socket = tcp(sockets);
    socket.setOption(SOL_TCP, TCP_MAXSEG, 1400);
    assertEquals(1400, socket.getOption(SOL_TCP, TCP_MAXSEG));
  }

  /**
   * A connect that was refused leaves the segment size it set while it waited: the clamp before a
   * SYN-ACK (536 over IPv4, 1220 over IPv6) less the 12 bytes of the timestamp option.
   */
  @Test
  void aRefusedConnectLeavesTheClampLessTheTimestampOption() {
    int port = Loopback.freePort(sockets);
    Socket four = tcp(sockets);
    assertSocketError(SOCKET_ECONNREFUSED, () -> four.connect(Loopback.V4, port));
    assertEquals(524, four.getOption(SOL_TCP, TCP_MAXSEG));
    Socket six = sockets.create(AF_INET6, SOCK_STREAM, 0);
    assertSocketError(SOCKET_ECONNREFUSED, () -> six.connect(Loopback.V6, port));
    assertEquals(1208, six.getOption(SOL_TCP, TCP_MAXSEG));
    Socket mapped = sockets.create(AF_INET6, SOCK_STREAM, 0);
    assertSocketError(SOCKET_ECONNREFUSED, () -> mapped.connect("::ffff:127.0.0.1", port));
    assertEquals(524, mapped.getOption(SOL_TCP, TCP_MAXSEG));
  }
}
