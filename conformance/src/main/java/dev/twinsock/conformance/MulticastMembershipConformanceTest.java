package dev.twinsock.conformance;

import static dev.twinsock.SocketConstants.*;
import static dev.twinsock.conformance.SocketAssertions.assertSocketError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinsock.GroupRequest;
import dev.twinsock.Socket;
import org.junit.jupiter.api.Test;

/**
 * The multicast interface, and joining and leaving multicast groups on loopback (by name, or by its index, 1 in every network
 * namespace): the seed parses the group as an address of the socket's family before the call
 * (EADDRNOTAVAIL when it cannot), then IPv4's ip_mcast_join_leave or IPv6's ipv6_mcast_join_leave
 * decide. Only loopback is named: "any interface" is a route lookup, which differs from machine to
 * machine.
 */
public class MulticastMembershipConformanceTest extends ConformanceTest {
  private static final GroupRequest V4_GROUP = new GroupRequest("239.1.2.3", "lo");
  private static final GroupRequest V6_GROUP = new GroupRequest("ff02::1:3", "lo");

  @Test
  void anIpv4GroupIsJoinedOnceAndLeftOnce() {
    Socket udp = sockets.create(AF_INET, SOCK_DGRAM, 0);
    udp.setOption(IPPROTO_IP, MCAST_JOIN_GROUP, V4_GROUP);
    // by index, loopback is the same interface: the same membership
    assertSocketError(SOCKET_EADDRINUSE, () -> udp.setOption(IPPROTO_IP, MCAST_JOIN_GROUP, new GroupRequest("239.1.2.3", "1")));
    udp.setOption(IPPROTO_IP, MCAST_LEAVE_GROUP, new GroupRequest("239.1.2.3", "1"));
    assertSocketError(SOCKET_EADDRNOTAVAIL, () -> udp.setOption(IPPROTO_IP, MCAST_LEAVE_GROUP, V4_GROUP));
  }

  @Test
  void anIpv6GroupIsJoinedOnceAndLeftOnce() {
    Socket udp = sockets.create(AF_INET6, SOCK_DGRAM, 0);
    udp.setOption(IPPROTO_IPV6, MCAST_JOIN_GROUP, V6_GROUP);
    assertSocketError(SOCKET_EADDRINUSE, () -> udp.setOption(IPPROTO_IPV6, MCAST_JOIN_GROUP, V6_GROUP));
    udp.setOption(IPPROTO_IPV6, MCAST_LEAVE_GROUP, V6_GROUP);
    assertSocketError(SOCKET_EADDRNOTAVAIL, () -> udp.setOption(IPPROTO_IPV6, MCAST_LEAVE_GROUP, V6_GROUP));
  }

  @Test
  void aUnicastAddressIsNoGroupToJoinAndLeavingItIsIpv4sNotJoined() {
    Socket v4 = sockets.create(AF_INET, SOCK_DGRAM, 0);
    GroupRequest unicast4 = new GroupRequest("10.1.2.3", "lo");
    assertSocketError(SOCKET_EINVAL, () -> v4.setOption(IPPROTO_IP, MCAST_JOIN_GROUP, unicast4));
    // IPv4's leave looks the address up without asking whether it is a group at all
    assertSocketError(SOCKET_EADDRNOTAVAIL, () -> v4.setOption(IPPROTO_IP, MCAST_LEAVE_GROUP, unicast4));
    Socket v6 = sockets.create(AF_INET6, SOCK_DGRAM, 0);
    GroupRequest unicast6 = new GroupRequest("::1", "lo");
    assertSocketError(SOCKET_EINVAL, () -> v6.setOption(IPPROTO_IPV6, MCAST_JOIN_GROUP, unicast6));
    assertSocketError(SOCKET_EINVAL, () -> v6.setOption(IPPROTO_IPV6, MCAST_LEAVE_GROUP, unicast6));
  }

  @Test
  void anInterfaceThatIsNotThereIsEnodevToJoin() {
    Socket v4 = sockets.create(AF_INET, SOCK_DGRAM, 0);
    assertSocketError(SOCKET_ENODEV, () -> v4.setOption(IPPROTO_IP, MCAST_JOIN_GROUP, new GroupRequest("239.1.2.3", "999")));
    assertSocketError(SOCKET_EADDRNOTAVAIL, () -> v4.setOption(IPPROTO_IP, MCAST_LEAVE_GROUP, new GroupRequest("239.1.2.3", "999")));
    Socket v6 = sockets.create(AF_INET6, SOCK_DGRAM, 0);
    assertSocketError(SOCKET_ENODEV, () -> v6.setOption(IPPROTO_IPV6, MCAST_JOIN_GROUP, new GroupRequest("ff15::7", "999")));
  }

  @Test
  void theGroupIsParsedForTheSocketsFamilyFirst() {
    Socket v4 = sockets.create(AF_INET, SOCK_DGRAM, 0);
    assertSocketError(SOCKET_EADDRNOTAVAIL, () -> v4.setOption(IPPROTO_IP, MCAST_JOIN_GROUP, V6_GROUP));
    // a v4-mapped literal resolves to its IPv4 address for an IPv4 socket
    v4.setOption(IPPROTO_IP, MCAST_JOIN_GROUP, new GroupRequest("::ffff:239.1.2.3", "lo"));
    assertSocketError(SOCKET_EADDRINUSE, () -> v4.setOption(IPPROTO_IP, MCAST_JOIN_GROUP, V4_GROUP));
    Socket v6 = sockets.create(AF_INET6, SOCK_DGRAM, 0);
    // an IPv4 group for an IPv6 socket resolves mapped (::ffff:239.1.2.3), which is no IPv6 group
    assertSocketError(SOCKET_EINVAL, () -> v6.setOption(IPPROTO_IPV6, MCAST_JOIN_GROUP, V4_GROUP));
    Socket unix = sockets.create(AF_UNIX, SOCK_DGRAM, 0);
    assertSocketError(SOCKET_EADDRNOTAVAIL, () -> unix.setOption(IPPROTO_IP, MCAST_JOIN_GROUP, V4_GROUP));
  }

  @Test
  void theLevelMustBeOneTheSocketsProtocolsKnow() {
    Socket v4 = sockets.create(AF_INET, SOCK_DGRAM, 0);
    assertSocketError(SOCKET_ENOPROTOOPT, () -> v4.setOption(IPPROTO_IPV6, MCAST_JOIN_GROUP, V4_GROUP));
    // an IPv6 socket passes IPPROTO_IP on to IPv4, which takes only an IPv4 group
    Socket v6 = sockets.create(AF_INET6, SOCK_DGRAM, 0);
    assertSocketError(SOCKET_EINVAL, () -> v6.setOption(IPPROTO_IP, MCAST_JOIN_GROUP, V6_GROUP));
  }

  @Test
  void aTcpSocketMayJoinToo() {
    Socket v4 = sockets.create(AF_INET, SOCK_STREAM, 0);
    v4.setOption(IPPROTO_IP, MCAST_JOIN_GROUP, V4_GROUP);
    assertSocketError(SOCKET_EADDRINUSE, () -> v4.setOption(IPPROTO_IP, MCAST_JOIN_GROUP, V4_GROUP));
    Socket v6 = sockets.create(AF_INET6, SOCK_STREAM, 0);
    v6.setOption(IPPROTO_IPV6, MCAST_JOIN_GROUP, V6_GROUP);
  }

  @Test
  void theIpv4MulticastInterfaceIsSetByNameOrIndexAndReadAsAnIndex() {
    Socket udp = sockets.create(AF_INET, SOCK_DGRAM, 0);
    assertEquals(0, udp.getOption(IPPROTO_IP, IP_MULTICAST_IF));
    udp.setOption(IPPROTO_IP, IP_MULTICAST_IF, "lo");
    assertEquals(1, udp.getOption(IPPROTO_IP, IP_MULTICAST_IF));
    udp.setOption(IPPROTO_IP, IP_MULTICAST_IF, 0);
    assertEquals(0, udp.getOption(IPPROTO_IP, IP_MULTICAST_IF));
    // the seed passes the interface's IPv4 address: an index with no interface has none
    assertSocketError(SOCKET_EADDRNOTAVAIL, () -> udp.setOption(IPPROTO_IP, IP_MULTICAST_IF, "999"));
    assertSocketError(SOCKET_ENODEV, () -> udp.setOption(IPPROTO_IP, IP_MULTICAST_IF, "no-such0"));
    Socket tcp = sockets.create(AF_INET, SOCK_STREAM, 0);
    assertSocketError(SOCKET_EINVAL, () -> tcp.setOption(IPPROTO_IP, IP_MULTICAST_IF, "lo"));
  }

  @Test
  void theIpv6MulticastInterfaceIsAnIndexOfAnInterfaceThatExists() {
    Socket udp = sockets.create(AF_INET6, SOCK_DGRAM, 0);
    udp.setOption(IPPROTO_IPV6, IPV6_MULTICAST_IF, "lo");
    assertEquals(1, udp.getOption(IPPROTO_IPV6, IPV6_MULTICAST_IF));
    assertSocketError(SOCKET_ENODEV, () -> udp.setOption(IPPROTO_IPV6, IPV6_MULTICAST_IF, 999));
    Socket tcp = sockets.create(AF_INET6, SOCK_STREAM, 0);
    assertSocketError(SOCKET_ENOPROTOOPT, () -> tcp.setOption(IPPROTO_IPV6, IPV6_MULTICAST_IF, 1));
    Socket v4 = sockets.create(AF_INET, SOCK_DGRAM, 0);
    assertSocketError(SOCKET_ENOPROTOOPT, () -> v4.setOption(IPPROTO_IPV6, IPV6_MULTICAST_IF, 1));
  }
}
