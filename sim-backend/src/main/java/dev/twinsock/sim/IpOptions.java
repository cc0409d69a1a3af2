package dev.twinsock.sim;

import static dev.twinsock.SocketConstants.*;


/**
 * The IPPROTO_IP and IPPROTO_IPV6 options every IP socket shares, with Linux's defaults. The sim
 * stores them and answers with them; routing does not depend on them.
 */
final class IpOptions {
  private IpOptions() {}

  static Object get(KernelSocket socket, int level, int name) {
    if (level == IPPROTO_IP) {
      switch (name) {
        case IP_TTL: return socket.stored(level, name, 64);
        case IP_MULTICAST_TTL: return socket.stored(level, name, 1);
        case IP_MULTICAST_LOOP: return socket.stored(level, name, 1);
        case IP_MTU_DISCOVER: return socket.stored(level, name, IP_PMTUDISC_WANT);
        case IP_MULTICAST_IF: return socket.stored(level, name, 0);
        case IP_TOS: case IP_PKTINFO: case IP_RECVTTL: case IP_RECVTOS: case IP_FREEBIND: case IP_TRANSPARENT:
        case IP_BIND_ADDRESS_NO_PORT:
          return socket.stored(level, name, 0);
        default: return null;
      }
    }
    if (level == IPPROTO_IPV6 && socket.family == AF_INET6) {
      switch (name) {
        case IPV6_V6ONLY: return socket instanceof TcpSocket ? (((TcpSocket) socket).v6only ? 1 : 0)
            : socket.stored(level, name, 0);
        case IPV6_UNICAST_HOPS: return socket.stored(level, name, 64);
        case IPV6_MULTICAST_HOPS: return socket.stored(level, name, 1);
        case IPV6_MULTICAST_LOOP: return socket.stored(level, name, 1);
        case IPV6_MULTICAST_IF: case IPV6_TCLASS: case IPV6_RECVPKTINFO: case IPV6_RECVHOPLIMIT: case IPV6_RECVTCLASS:
          return socket.stored(level, name, 0);
        default: return null;
      }
    }
    return null;
  }

  static boolean set(KernelSocket socket, int level, int name, Object value) {
    if (MulticastMemberships.isGroupOption(name)) {
      // a GroupRequest never gets here: KernelSocket#setOption hands it to the socket's memberships
      throw new KernelError(SOCKET_EINVAL);
    }
    if ((level == IPPROTO_IP && name == IP_MULTICAST_IF) || (level == IPPROTO_IPV6 && name == IPV6_MULTICAST_IF)) {
      // an interface index, resolved from the seed's name or number by KernelSocket#setOption
      int index = (Integer) value;
      if (socket.type == SOCK_STREAM) {
        // IPv4 refuses it on a stream; IPv6 does not know it there
        throw new KernelError(level == IPPROTO_IP ? SOCKET_EINVAL : SOCKET_ENOPROTOOPT);
      }
      if (level == IPPROTO_IPV6 && index != 0 && !HostInterfaces.exists(index)) {
        throw new KernelError(SOCKET_ENODEV);
      }
      int bound = HostInterfaces.boundIndex(socket.boundDevice);
      // a socket bound to a device multicasts only there; IPv4 lets "any" through
      if (bound != 0 && index != bound && !(level == IPPROTO_IP && index == 0)) {
        throw new KernelError(SOCKET_EINVAL);
      }
      socket.store(level, name, index);
      return true;
    }
    if (get(socket, level, name) == null) {
      return false;
    }
    if (socket.type == SOCK_STREAM && level == IPPROTO_IP && name == IP_MULTICAST_TTL) {
      throw new KernelError(SOCKET_EINVAL); // a multicast hop limit on a stream: Linux refuses it
    }
    if (socket.type == SOCK_STREAM && level == IPPROTO_IPV6 && name == IPV6_MULTICAST_HOPS) {
      throw new KernelError(SOCKET_ENOPROTOOPT); // IPv6 does not know it on a stream
    }
    int v = KernelSocket.intValue(value);
    if ((name == IP_TTL && level == IPPROTO_IP) && (v < -1 || v == 0 || v > 255)) {
      throw new KernelError(SOCKET_EINVAL);
    }
    if (level == IPPROTO_IP && name == IP_TTL && v == -1) {
      v = 64;
    }
    if (level == IPPROTO_IPV6 && (name == IPV6_MULTICAST_HOPS || name == IPV6_UNICAST_HOPS)) {
      if (v < -1 || v > 255) {
        throw new KernelError(SOCKET_EINVAL);
      }
      if (v == -1) {
        v = name == IPV6_MULTICAST_HOPS ? 1 : 64; // -1 asks for the route's default
      }
    }
    if (level == IPPROTO_IP && name == IP_TOS) {
      // a stream keeps its ECN bits (the kernel's own), and the TOS is a byte (__ip_sock_set_tos)
      if (socket.type == SOCK_STREAM) {
        v &= ~0x3;
      }
      v &= 0xff;
    }
    if (level == IPPROTO_IPV6 && name == IPV6_V6ONLY) {
      v = v != 0 ? 1 : 0; // a flag: the kernel keeps whether it was set
    }
    socket.store(level, name, v);
    if (level == IPPROTO_IP && name == IP_TOS) {
      // Linux sets SO_PRIORITY from the TOS too (rt_tos2priority)
      socket.store(SOL_SOCKET, SO_PRIORITY, TOS_PRIORITY[(v & 0x1e) >> 1]);
    }
    return true;
  }

  /** ip_tos2prio: best effort 0, bulk 2, interactive 6, interactive bulk 4. */
  private static final int[] TOS_PRIORITY = {0, 0, 0, 0, 2, 2, 2, 2, 6, 6, 6, 6, 4, 4, 4, 4};
}
