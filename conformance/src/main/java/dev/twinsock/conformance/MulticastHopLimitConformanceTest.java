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
}
