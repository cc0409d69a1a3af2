package dev.twinsock.conformance;

import static dev.twinsock.SocketConstants.*;
import static dev.twinsock.conformance.SocketAssertions.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinsock.Socket;
import org.junit.jupiter.api.Test;

/**
 * The hop limit of multicast datagrams: the seed checks IP_MULTICAST_TTL against 0..255 and
 * IPV6_MULTICAST_HOPS against -1..255 itself, before the kernel sees the value; -1 asks IPv6 for
 * its default of 1.
 */
public class MulticastHopLimitConformanceTest extends ConformanceTest {

  @Test
  void ipv4TtlDefaultsToOneAndTakesZeroTo255() {
    Socket udp = Loopback.udp(sockets);
    assertEquals(1, udp.getOption(IPPROTO_IP, IP_MULTICAST_TTL));
    udp.setOption(IPPROTO_IP, IP_MULTICAST_TTL, 255);
    assertEquals(255, udp.getOption(IPPROTO_IP, IP_MULTICAST_TTL));
    udp.setOption(IPPROTO_IP, IP_MULTICAST_TTL, 0);
    assertEquals(0, udp.getOption(IPPROTO_IP, IP_MULTICAST_TTL));
  }

  @Test
  void ipv4TtlOutside0To255IsRejected() {
    Socket udp = Loopback.udp(sockets);
    String message = "socket_set_option(): Argument #4 ($value) must be between 0 and 255";
    assertRejected(message, () -> udp.setOption(IPPROTO_IP, IP_MULTICAST_TTL, 256));
    // The kernel would take -1 as "the default"; the seed refuses it first.
    assertRejected(message, () -> udp.setOption(IPPROTO_IP, IP_MULTICAST_TTL, -1));
    assertEquals(1, udp.getOption(IPPROTO_IP, IP_MULTICAST_TTL));
    assertEquals(0, udp.lastError());
    assertEquals(0, sockets.lastError());
  }

  @Test
  void ipv6HopsTakeMinusOneAsTheDefault() {
    Socket udp = sockets.create(AF_INET6, SOCK_DGRAM, 0);
    udp.setOption(IPPROTO_IPV6, IPV6_MULTICAST_HOPS, 255);
    assertEquals(255, udp.getOption(IPPROTO_IPV6, IPV6_MULTICAST_HOPS));
    udp.setOption(IPPROTO_IPV6, IPV6_MULTICAST_HOPS, -1);
    assertEquals(1, udp.getOption(IPPROTO_IPV6, IPV6_MULTICAST_HOPS));
  }

  @Test
  void ipv6HopsOutsideMinusOneTo255AreRejected() {
    Socket udp = sockets.create(AF_INET6, SOCK_DGRAM, 0);
    String message = "socket_set_option(): Argument #4 ($value) must be between -1 and 255";
    assertRejected(message, () -> udp.setOption(IPPROTO_IPV6, IPV6_MULTICAST_HOPS, 256));
    assertRejected(message, () -> udp.setOption(IPPROTO_IPV6, IPV6_MULTICAST_HOPS, -2));
    assertEquals(0, udp.lastError());
    assertEquals(0, sockets.lastError());
  }

  /**
   * An accepted TCP socket takes its multicast hop limit from the TTL (hop limit) of the SYN that
   * made it: the connecting socket's IP_TTL (IPV6_UNICAST_HOPS), 64 unless set.
   */
  @Test
  void anAcceptedSocketsMulticastHopLimitIsTheSynsTtl() {
    Socket listener = Loopback.listener(sockets);
    Socket plain = Loopback.connectTo(sockets, listener);
    assertEquals(64, listener.accept().getOption(IPPROTO_IP, IP_MULTICAST_TTL));
    Socket client = Loopback.tcp(sockets);
    client.setOption(IPPROTO_IP, IP_TTL, 7);
    client.connect(Loopback.V4, Loopback.port(listener));
    Socket accepted = listener.accept();
    assertEquals(7, accepted.getOption(IPPROTO_IP, IP_MULTICAST_TTL));
    assertEquals(64, accepted.getOption(IPPROTO_IP, IP_TTL));
    assertEquals(1, client.getOption(IPPROTO_IP, IP_MULTICAST_TTL));

    Socket listener6 = sockets.create(AF_INET6, SOCK_STREAM, 0);
    listener6.bind(Loopback.V6, 0);
    listener6.listen(4);
    Socket client6 = sockets.create(AF_INET6, SOCK_STREAM, 0);
    client6.setOption(IPPROTO_IPV6, IPV6_UNICAST_HOPS, 9);
    client6.connect(Loopback.V6, Loopback.port(listener6));
    assertEquals(9, listener6.accept().getOption(IPPROTO_IPV6, IPV6_MULTICAST_HOPS));
    plain.close();
  }

  @Test
  void anAcceptedIpv6SocketsMulticastInterfaceIsTheOneTheSynCameIn() {
    Socket listener6 = sockets.create(AF_INET6, SOCK_STREAM, 0);
    listener6.bind(Loopback.V6, 0);
    listener6.listen(4);
    Socket client6 = sockets.create(AF_INET6, SOCK_STREAM, 0);
    client6.connect(Loopback.V6, Loopback.port(listener6));
    // inet_iif: loopback, index 1; the connecting socket keeps 0 (any)
    assertEquals(1, listener6.accept().getOption(IPPROTO_IPV6, IPV6_MULTICAST_IF));
    assertEquals(0, client6.getOption(IPPROTO_IPV6, IPV6_MULTICAST_IF));
  }
}
