package dev.twinsock.sim;

import static dev.twinsock.SocketConstants.*;

import dev.twinsock.GroupRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The multicast groups one socket has joined, and the checks of MCAST_JOIN_GROUP and
 * MCAST_LEAVE_GROUP (and their source-specific forms, recorded as plain joins and leaves) in the
 * order the seed and Linux make them: the interface is resolved and the group parsed as an
 * address of the socket's family before the call (ENODEV, EADDRNOTAVAIL); then IPv4's
 * ip_mcast_join_leave or IPv6's ipv6_mcast_join_leave. The sim routes no multicast datagram: a
 * membership is only what these options see.
 */
final class MulticastMemberships {
  /** Linux's net.ipv4.igmp_max_memberships: joins of one socket beyond it are ENOBUFS. */
  static final int IGMP_MAX_MEMBERSHIPS = 20;

  static boolean isGroupOption(int name) {
    return name == MCAST_JOIN_GROUP || name == MCAST_LEAVE_GROUP || name == MCAST_BLOCK_SOURCE
        || name == MCAST_UNBLOCK_SOURCE || name == MCAST_JOIN_SOURCE_GROUP || name == MCAST_LEAVE_SOURCE_GROUP;
  }

  private record Membership(IpAddress group, int ifindex) {}

  private final List<Membership> joined = new ArrayList<>();

  /** Applies one group option, given at {@code level}, on a socket of {@code family}. */
  void apply(NetworkStack stack, int family, int level, int option, GroupRequest request) {
    int ifindex = HostInterfaces.fromSeedArgument(request.iface());
    IpAddress group = address(stack, family, request.group());
    if (option == MCAST_JOIN_SOURCE_GROUP || option == MCAST_LEAVE_SOURCE_GROUP || option == MCAST_BLOCK_SOURCE
        || option == MCAST_UNBLOCK_SOURCE) {
      if (request.source() == null) {
        throw new KernelError(SOCKET_EADDRNOTAVAIL);
      }
      address(stack, family, request.source());
    }
    boolean join = option == MCAST_JOIN_GROUP || option == MCAST_JOIN_SOURCE_GROUP;
    boolean leave = option == MCAST_LEAVE_GROUP || option == MCAST_LEAVE_SOURCE_GROUP;
    if (family == AF_INET && level == IPPROTO_IPV6) {
      throw new KernelError(SOCKET_ENOPROTOOPT); // an IPv4 socket's protocol knows no IPv6 level
    }
    if (family == AF_INET6 && level == IPPROTO_IP) {
      // passed on to IPv4's code, which takes only a sockaddr_in group
      throw new KernelError(SOCKET_EINVAL);
    }
    if (family == AF_INET) {
      if (join) {
        joinV4(group, ifindex);
      } else if (leave) {
        leaveV4(group, ifindex);
      }
    } else {
      if (join) {
        joinV6(group, ifindex);
      } else if (leave) {
        leaveV6(group, ifindex);
      }
    }
  }

  /** __ip_mc_join_group: a multicast group, an interface, not joined there yet, under the limit. */
  private void joinV4(IpAddress group, int ifindex) {
    if (!isMulticast(group)) {
      throw new KernelError(SOCKET_EINVAL);
    }
    int device = ifindex == 0 ? HostInterfaces.NETWORK : ifindex; // no index: the route to the group decides
    if (!HostInterfaces.exists(device)) {
      throw new KernelError(SOCKET_ENODEV);
    }
    int count = 0;
    for (Membership m : joined) {
      if (m.group.isV4()) {
        if (m.group.equals(group) && m.ifindex == device) {
          throw new KernelError(SOCKET_EADDRINUSE);
        }
        count++;
      }
    }
    if (count >= IGMP_MAX_MEMBERSHIPS) {
      throw new KernelError(SOCKET_ENOBUFS);
    }
    joined.add(new Membership(group, device));
  }

  /** ip_mc_leave_group: any address (multicast or not) that is not joined there is EADDRNOTAVAIL. */
  private void leaveV4(IpAddress group, int ifindex) {
    int device = ifindex == 0 ? HostInterfaces.NETWORK : ifindex;
    for (Membership m : joined) {
      if (m.group.equals(group) && m.ifindex == device) {
        joined.remove(m);
        return;
      }
    }
    throw new KernelError(SOCKET_EADDRNOTAVAIL);
  }

  /** __ipv6_sock_mc_join: unlike IPv4, the duplicate check comes before the interface's. */
  private void joinV6(IpAddress group, int ifindex) {
    if (!isMulticast(group)) {
      throw new KernelError(SOCKET_EINVAL);
    }
    for (Membership m : joined) {
      if (!m.group.isV4() && m.group.equals(group) && (ifindex == 0 || m.ifindex == ifindex)) {
        throw new KernelError(SOCKET_EADDRINUSE);
      }
    }
    int device = ifindex == 0 ? HostInterfaces.NETWORK : ifindex;
    if (!HostInterfaces.exists(device)) {
      throw new KernelError(SOCKET_ENODEV);
    }
    joined.add(new Membership(group, device));
  }

  /** ipv6_sock_mc_drop. */
  private void leaveV6(IpAddress group, int ifindex) {
    if (!isMulticast(group)) {
      throw new KernelError(SOCKET_EINVAL);
    }
    for (Membership m : joined) {
      if (!m.group.isV4() && m.group.equals(group) && (ifindex == 0 || m.ifindex == ifindex)) {
        joined.remove(m);
        return;
      }
    }
    throw new KernelError(SOCKET_EADDRNOTAVAIL);
  }

  private static boolean isMulticast(IpAddress address) {
    byte[] b = address.bytes();
    return address.isV4() ? (b[0] & 0xf0) == 0xe0 : b[0] == (byte) 0xff;
  }

  /**
   * An address the seed parses for a socket of {@code family} before the call (inet_pton, else the
   * resolver, which also reads a v4-mapped IPv6 literal as IPv4): anything else is EADDRNOTAVAIL.
   */
  private static IpAddress address(NetworkStack stack, int family, String text) {
    if (family != AF_INET && family != AF_INET6) {
      throw new KernelError(SOCKET_EADDRNOTAVAIL);
    }
    IpAddress numeric = IpAddress.parse(text);
    if (family == AF_INET && numeric != null && numeric.isV4Mapped()) {
      return numeric.onWire();
    }
    try {
      return stack.resolve(text, family, "socket_set_option");
    } catch (KernelError e) {
      throw new KernelError(SOCKET_EADDRNOTAVAIL);
    }
  }
}
