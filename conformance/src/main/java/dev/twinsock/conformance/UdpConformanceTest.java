package dev.twinsock.conformance;

import static dev.twinsock.SocketConstants.*;
import static dev.twinsock.conformance.Loopback.V4;
import static dev.twinsock.conformance.Loopback.awaitReadable;
import static dev.twinsock.conformance.Loopback.boundUdp;
import static dev.twinsock.conformance.Loopback.freeUdpPort;
import static dev.twinsock.conformance.Loopback.port;
import static dev.twinsock.conformance.Loopback.udp;
import static dev.twinsock.conformance.SocketAssertions.assertBytes;
import static dev.twinsock.conformance.SocketAssertions.assertSocketError;
import static dev.twinsock.conformance.SocketAssertions.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Datagram;
import dev.twinsock.SockAddr;
import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import org.junit.jupiter.api.Test;

/** UDP over loopback: the "UDP" rows of LINUX-SEMANTICS.md, and datagram boundaries. */
public class UdpConformanceTest extends ConformanceTest {

  @Test
  void anIpv6SocketWithAV4MappedSourceSendsTheAnyAddressToTheV4MappedLoopback() {
    Socket socket = sockets.create(AF_INET6, SOCK_DGRAM, 0);
    socket.bind("::ffff:127.0.0.1", 0);
    assertSendsTheAnyAddressToItself(socket);
  }

  @Test
  void anIpv6SocketConnectedToAV4MappedAddressSendsTheAnyAddressToTheV4MappedLoopback() {
    Socket socket = sockets.create(AF_INET6, SOCK_DGRAM, 0);
    // port 0: the socket takes datagrams from 127.0.0.1 on any port, its own among them
    socket.connect("::ffff:127.0.0.1", 0);
    assertSendsTheAnyAddressToItself(socket);
  }

  @Test
  void anIpv6SocketWithAV4MappedSourceCannotSendToAnIpv6Address() {
    Socket bound = sockets.create(AF_INET6, SOCK_DGRAM, 0);
    bound.bind("::ffff:127.0.0.1", 0);
    Socket connected = sockets.create(AF_INET6, SOCK_DGRAM, 0);
    connected.connect("::ffff:127.0.0.1", port(bound));
    Socket receiver = sockets.create(AF_INET6, SOCK_DGRAM, 0);
    receiver.bind("::1", 0);
    for (Socket socket : new Socket[] {bound, connected}) {
      // ip6_dst_lookup_tail: no route from a v4-mapped source to an IPv6 address, checked after
      // the port and before the length
      assertSocketError(SOCKET_EINVAL, () -> socket.sendto(bytes("x"), 1, 0, "::1", 0));
      assertSocketError(SOCKET_EAFNOSUPPORT, () -> socket.sendto(bytes("x"), 1, 0, "::1", port(receiver)));
      assertSocketError(SOCKET_EAFNOSUPPORT, () -> socket.sendto(new byte[70000], 70000, 0, "::1", port(receiver)));
    }
  }

  /**
   * udpv6_sendmsg: "::" from a socket whose source (np->saddr, bound or chosen by a connect) is
   * v4-mapped means ::ffff:127.0.0.1, here the socket itself.
   */
  private void assertSendsTheAnyAddressToItself(Socket socket) {
    assertEquals(1, socket.sendto(bytes("x"), 1, 0, "::", port(socket)));
    socket.setNonblock();
    Datagram got = socket.recvfrom(10, 0);
    assertBytes("x", got.data());
    assertEquals(new SockAddr("::ffff:127.0.0.1", port(socket)), got.from());
  }

  @Test
  void connectedUdpToAClosedPortSendsThenRecvIsRefused() {
    int port = freeUdpPort(sockets);
    Socket socket = udp(sockets);
    socket.connect(V4, port);
    // UDP has no handshake: the send leaves, and the ICMP port-unreachable comes back later.
    assertEquals(4, socket.send(bytes("ping"), 4, 0));
    assertTrue(awaitReadable(sockets, socket), "the ICMP error makes the socket readable");
    assertSocketError(SOCKET_ECONNREFUSED, () -> socket.recv(10, 0));
  }

  @Test
  void recvfromWithAShortBufferTruncatesAndDiscardsTheRest() {
    Socket receiver = boundUdp(sockets);
    Socket sender = boundUdp(sockets);
    sender.sendto(bytes("0123456789"), 10, 0, V4, port(receiver));
    sender.sendto(bytes("next"), 4, 0, V4, port(receiver));
    assertTrue(awaitReadable(sockets, receiver));
    Datagram first = receiver.recvfrom(4, 0);
    assertBytes("0123", first.data());
    assertEquals(new SockAddr(V4, port(sender)), first.from());
    // "456789" is gone: the next read is the next datagram.
    assertTrue(awaitReadable(sockets, receiver));
    assertBytes("next", receiver.recvfrom(100, 0).data());
    assertSocketError(SOCKET_EAGAIN, () -> receiver.recvfrom(100, MSG_DONTWAIT));
  }

  @Test
  void datagramsKeepTheirBoundaries() {
    Socket receiver = boundUdp(sockets);
    Socket sender = boundUdp(sockets);
    sender.sendto(bytes("a"), 1, 0, V4, port(receiver));
    sender.sendto(bytes("bc"), 2, 0, V4, port(receiver));
    sender.sendto(bytes(""), 0, 0, V4, port(receiver));
    assertTrue(awaitReadable(sockets, receiver));
    assertBytes("a", receiver.recvfrom(100, 0).data());
    assertTrue(awaitReadable(sockets, receiver));
    assertBytes("bc", receiver.recv(100, 0));
    assertTrue(awaitReadable(sockets, receiver));
    // A zero-length datagram is a datagram, read as an empty array.
    assertEquals(0, receiver.recvfrom(100, 0).data().length);
  }

  @Test
  void largestIpv4DatagramIsSentAndOneByteMoreIsTooLong() {
    Socket receiver = boundUdp(sockets);
    receiver.setOption(SOL_SOCKET, SO_RCVBUF, 1 << 20);
    Socket sender = udp(sockets);
    assertEquals(65507, sender.sendto(new byte[65507], 65507, 0, V4, port(receiver)));
    SocketError error = assertSocketError(SOCKET_EMSGSIZE,
        () -> sender.sendto(new byte[65508], 65508, 0, V4, port(receiver)));
    assertEquals("Message too long", error.reason());
    assertTrue(awaitReadable(sockets, receiver));
    assertEquals(65507, receiver.recvfrom(70000, 0).data().length);
  }

  @Test
  void sendToTheBroadcastAddressWithoutSoBroadcastIsDenied() {
    // The kernel routes first and checks SO_BROADCAST on the broadcast route it found, so this
    // needs the machine to have some route (a default one) for 255.255.255.255; the datagram is
    // refused before it leaves.
    Socket socket = udp(sockets);
    assertEquals(0, socket.getOption(SOL_SOCKET, SO_BROADCAST));
    SocketError error = assertSocketError(SOCKET_EACCES,
        () -> socket.sendto(bytes("x"), 1, 0, "255.255.255.255", 9));
    assertEquals("Permission denied", error.reason());
  }

  @Test
  void soBroadcastAllowsSendingToTheLoopbackBroadcastAddress() {
    // 127.255.255.255 is lo's broadcast address: the datagram never leaves the host.
    Socket socket = udp(sockets);
    assertSocketError(SOCKET_EACCES, () -> socket.sendto(bytes("x"), 1, 0, "127.255.255.255", 9));
    socket.setOption(SOL_SOCKET, SO_BROADCAST, 1);
    assertEquals(1, socket.getOption(SOL_SOCKET, SO_BROADCAST));
    assertEquals(1, socket.sendto(bytes("x"), 1, 0, "127.255.255.255", 9));
  }

  @Test
  void aBroadcastWithoutSoBroadcastIsDeniedBeforeItsLengthIsChecked() {
    // udp_sendmsg refuses the broadcast route before ip_append_data measures the payload
    Socket socket = udp(sockets);
    assertSocketError(SOCKET_EACCES, () -> socket.sendto(new byte[65508], 65508, 0, "127.255.255.255", 9));
    socket.setOption(SOL_SOCKET, SO_BROADCAST, 1);
    assertSocketError(SOCKET_EMSGSIZE, () -> socket.sendto(new byte[65508], 65508, 0, "127.255.255.255", 9));
  }

  @Test
  void connectedUdpSocketMaySendToAnotherAddress() {
    Socket peer = boundUdp(sockets);
    Socket other = boundUdp(sockets);
    Socket socket = boundUdp(sockets);
    socket.connect(V4, port(peer));
    assertEquals(5, socket.sendto(bytes("other"), 5, 0, V4, port(other)));
    assertTrue(awaitReadable(sockets, other));
    Datagram received = other.recvfrom(100, 0);
    assertBytes("other", received.data());
    assertEquals(new SockAddr(V4, port(socket)), received.from());
  }

  @Test
  void unboundSocketSendtoGetsAnEphemeralPort() {
    Socket receiver = boundUdp(sockets);
    Socket sender = udp(sockets);
    assertEquals(0, port(sender));
    sender.sendto(bytes("hi"), 2, 0, V4, port(receiver));
    int port = port(sender);
    assertTrue(port >= 32768 && port <= 60999, "ephemeral port " + port);
    assertTrue(awaitReadable(sockets, receiver));
    assertEquals(port, receiver.recvfrom(10, 0).from().port());
  }

  @Test
  void udpOverIpv6Loopback() {
    Socket receiver = sockets.create(AF_INET6, SOCK_DGRAM, SOL_UDP);
    receiver.bind(Loopback.V6, 0);
    Socket sender = sockets.create(AF_INET6, SOCK_DGRAM, SOL_UDP);
    sender.bind(Loopback.V6, 0);
    sender.sendto(bytes("six"), 3, 0, Loopback.V6, port(receiver));
    assertTrue(awaitReadable(sockets, receiver));
    Datagram received = receiver.recvfrom(10, 0);
    assertBytes("six", received.data());
    assertEquals(new SockAddr(Loopback.V6, port(sender)), received.from());
  }

  /**
   * MSG_OOB on UDP: an IPv4 send refuses it; an IPv6 socket refuses it only for a v4-mapped
   * address, which it hands to the IPv4 code (length, then the flag, then the port).
   */
  @Test
  void urgentDatagramsAreRefusedOnIpv4AndOnV4MappedAddresses() {
    Socket target = boundUdp(sockets);
    assertSocketError(SOCKET_EOPNOTSUPP, () -> udp(sockets).sendto(bytes("x"), 1, MSG_OOB, V4, port(target)));
    Socket six = sockets.create(AF_INET6, SOCK_DGRAM, 0);
    assertSocketError(SOCKET_EOPNOTSUPP, () -> six.sendto(bytes("x"), 1, MSG_OOB, "::ffff:127.0.0.1", port(target)));
    assertSocketError(SOCKET_EOPNOTSUPP, () -> six.sendto(bytes("x"), 1, MSG_OOB, "::ffff:127.0.0.1", 0));
    assertSocketError(SOCKET_EINVAL, () -> six.sendto(bytes("x"), 1, 0, "::ffff:127.0.0.1", 0));
    assertSocketError(SOCKET_EMSGSIZE, () -> six.sendto(new byte[70000], 70000, MSG_OOB, "::ffff:127.0.0.1", 0));
    Socket peer6 = sockets.create(AF_INET6, SOCK_DGRAM, 0);
    peer6.bind("::1", 0);
    assertEquals(1, six.sendto(bytes("x"), 1, MSG_OOB, "::1", port(peer6)));
  }

  /**
   * An IPv6 UDP socket connected to ::1 may connect again to a v4-mapped address: the source the
   * first connect chose was not a bind (which would make it IPv6-only), and stays its name.
   */
  @Test
  void anIpv6SocketConnectedToLoopbackMayReconnectToAV4MappedAddress() {
    Socket six = sockets.create(AF_INET6, SOCK_DGRAM, 0);
    Socket target = boundUdp(sockets);
    six.connect("::1", port(target));
    six.connect("::ffff:127.0.0.1", port(target));
    assertEquals("::1", six.getsockname().address());
    assertEquals(new SockAddr("::ffff:127.0.0.1", port(target)), six.getpeername());
    Socket bound = sockets.create(AF_INET6, SOCK_DGRAM, 0);
    bound.bind("::1", 0);
    assertSocketError(SOCKET_ENETUNREACH, () -> bound.connect("::ffff:127.0.0.1", port(target)));
    Socket only = sockets.create(AF_INET6, SOCK_DGRAM, 0);
    only.setOption(IPPROTO_IPV6, IPV6_V6ONLY, 1);
    assertSocketError(SOCKET_ENETUNREACH, () -> only.connect("::ffff:127.0.0.1", port(target)));
  }

  /** A UDP connect binds a port before it looks at the address: a refused one leaves it bound. */
  @Test
  void aRefusedConnectStillBindsThePort() {
    Socket socket = udp(sockets);
    assertSocketError(SOCKET_EACCES, () -> socket.connect("127.255.255.255", 9));
    assertTrue(port(socket) > 0);
    assertSocketError(SOCKET_EINVAL, () -> socket.bind(V4, 0));
  }
}
