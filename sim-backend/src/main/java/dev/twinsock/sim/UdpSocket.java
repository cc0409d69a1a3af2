package dev.twinsock.sim;

import static dev.twinsock.SocketConstants.*;

import dev.twinsock.ControlMessage;
import dev.twinsock.SockAddr;
import dev.twinsock.spi.SeedRules;
import java.util.ArrayDeque;
import java.util.List;

/**
 * A UDP socket: message boundaries, truncation of long datagrams, EMSGSIZE over the IP limit,
 * SO_BROADCAST, an ephemeral port on the first send, and ICMP port-unreachable surfacing as
 * ECONNREFUSED on a connected socket.
 */
final class UdpSocket extends KernelSocket {
  static final int DEFAULT_BUFFER = 212992;
  static final int MAX_UDP6_PAYLOAD = 65527;

  private static final class Queued {
    final byte[] data;
    final SockAddr from;

    Queued(byte[] data, SockAddr from) {
      this.data = data;
      this.from = from;
    }
  }

  Binding binding;
  IpAddress localIp;
  IpAddress remoteIp;
  int remotePort;
  private final ArrayDeque<Queued> queue = new ArrayDeque<>();
  private int queuedBytes;
  /** A corked datagram (MSG_MORE, UDP_CORK) being built, or null; it goes where its first part went. */
  private UdpPacket corked;

  UdpSocket(NetworkStack stack, int family, int protocol) {
    super(stack, family, SOCK_DGRAM, protocol == 0 ? IPPROTO_UDP : protocol, DEFAULT_BUFFER, DEFAULT_BUFFER);
  }

  boolean connected() {
    return remoteIp != null;
  }

  @Override
  void bind(String address, int port) {
    IpAddress ip = stack.resolve(address, family, "socket_bind");
    // IPv4 checks the address, then the privilege, then the state; IPv6 the state before the address
    if (family == AF_INET) {
      stack.checkLocal(ip);
    }
    stack.checkPrivileged(port);
    if (binding != null) {
      throw new KernelError(SOCKET_EINVAL);
    }
    if (family != AF_INET) {
      if (ip.isV4Mapped() && v6only()) {
        throw new KernelError(SOCKET_EINVAL); // a v4-mapped address on an IPv6-only socket
      }
      stack.checkLocal(ip);
    }
    boolean dual = family == AF_INET6 && ip.isAny() && !v6only();
    binding = stack.bindPort(stack.udpPorts, this, ip.onWire(), port, dual);
    if (family == AF_INET6 && !ip.isAny() && !ip.isV4Mapped()) {
      store(IPPROTO_IPV6, IPV6_V6ONLY, 1); // __inet6_bind: a socket bound to an IPv6 address can only be IPv6
    }
  }

  private boolean v6only() {
    return family == AF_INET6 && Integer.valueOf(1).equals(stored(IPPROTO_IPV6, IPV6_V6ONLY, 0));
  }

  private void autobind() {
    if (binding == null) {
      IpAddress any = family == AF_INET6 ? IpAddress.ANY6 : IpAddress.ANY4;
      binding = stack.bindPort(stack.udpPorts, this, any, 0, family == AF_INET6 && !v6only());
    }
  }

  @Override
  void connect(String address, int port) {
    IpAddress target = stack.resolve(address, family, "socket_connect").onWire();
    // the local address: bound, or taken by an earlier connect (Linux keeps it in sk_v6_rcv_saddr)
    IpAddress local = source();
    autobind(); // inet_dgram_connect binds a port before the protocol looks at the address
    if (target.isAny()) {
      target = NetworkStack.self(target, local);
    }
    if (family == AF_INET6 && target.isV4() && v6only()) {
      throw new KernelError(SOCKET_ENETUNREACH); // __ip6_datagram_connect: v4-mapped, IPv6 only
    }
    if (target.isBroadcast() && !broadcast) {
      throw new KernelError(SOCKET_EACCES);
    }
    if (family == AF_INET6 && local != null && local.isV4() != target.isV4()
        && (local.isV4() || binding != null && !binding.address.isAny())) {
      // bound to a v4-mapped address, an IPv6 peer has no family in common; bound to IPv6 (which
      // makes the socket IPv6-only), a v4 one
      throw new KernelError(local.isV4() ? SOCKET_EAFNOSUPPORT : SOCKET_ENETUNREACH);
    }
    if (family == AF_INET6 && local != null && !local.isV4() && target.isV4()) {
      // an IPv6 source an earlier connect chose stays the socket's name (sk_v6_rcv_saddr) when it
      // connects to a v4-mapped address: only an any address is replaced
      remoteIp = target;
      remotePort = port;
      return;
    }
    localIp = binding.address.isAny() ? stack.sourceFor(target) : binding.address;
    remoteIp = target;
    remotePort = port;
  }

  /**
   * udpv6_sendmsg hands a datagram for a v4-mapped address to udp_sendmsg, which checks the
   * length and then MSG_OOB before it looks at the port.
   */
  private static void toMappedAddress(int length, int flags) {
    if (length > 0xffff) {
      throw new KernelError(SOCKET_EMSGSIZE);
    }
    if ((flags & MSG_OOB) != 0) {
      throw new KernelError(SOCKET_EOPNOTSUPP);
    }
  }

  @Override
  int send(byte[] data, int offset, int length, int flags, Destination to, List<ControlMessage> control) {
    IpAddress destination = to == null ? null : stack.resolve(to.address, family, "socket_sendto").onWire();
    // inet_sendmsg binds a port before the protocol looks at anything, even for a send that fails
    autobind();
    if (family == AF_INET && length > 0xffff) {
      throw new KernelError(SOCKET_EMSGSIZE); // udp_sendmsg checks first; udpv6_sendmsg after the address
    }
    if ((flags & MSG_OOB) != 0 && family == AF_INET) {
      throw new KernelError(SOCKET_EOPNOTSUPP); // udp_sendmsg; udpv6_sendmsg ignores the flag
    }
    boolean cork = (flags & MSG_MORE) != 0 || Integer.valueOf(1).equals(stored(IPPROTO_UDP, UDP_CORK, 0));
    if (corked != null) {
      // a datagram in progress takes the bytes, whatever address this call names
      int limit = corked.destination.isV4() ? SeedRules.MAX_UDP4_PAYLOAD : MAX_UDP6_PAYLOAD;
      if (corked.data.length + length > limit) {
        corked = null;
        throw new KernelError(SOCKET_EMSGSIZE);
      }
      byte[] joined = java.util.Arrays.copyOf(corked.data, corked.data.length + length);
      System.arraycopy(data, offset, joined, corked.data.length, length);
      corked = new UdpPacket(corked.source, corked.sourcePort, corked.destination, corked.destinationPort, joined);
      if (!cork) {
        uncork();
      }
      return length;
    }
    int port;
    if (to == null) {
      if (!connected()) {
        throw new KernelError(SOCKET_EDESTADDRREQ);
      }
      destination = remoteIp;
      port = remotePort;
      if (family == AF_INET6 && destination.isV4()) {
        toMappedAddress(length, flags);
        if (port == 0) {
          throw new KernelError(SOCKET_EINVAL);
        }
      }
    } else {
      if (destination.isAny()) {
        // the socket's source decides, bound or taken by a connect: udpv6_sendmsg sends "::" to
        // the v4-mapped loopback when np->saddr is v4-mapped, udp_sendmsg to inet_saddr
        destination = NetworkStack.self(destination, source());
      }
      port = to.port;
      if (family == AF_INET6 && destination.isV4() && v6only()) {
        throw new KernelError(SOCKET_ENETUNREACH); // a v4-mapped destination for an IPv6-only socket
      }
      if (family == AF_INET6 && destination.isV4()) {
        toMappedAddress(length, flags);
      }
      if (port == 0) {
        throw new KernelError(SOCKET_EINVAL); // (a connected socket sends to port 0 as it was told)
      }
    }
    if (family == AF_INET6 && !destination.isV4() && source() != null && source().isV4()) {
      // ip6_dst_lookup_tail: a v4-mapped source has no route to an IPv6 destination
      throw new KernelError(SOCKET_EAFNOSUPPORT);
    }
    if (destination.isBroadcast() && !broadcast) {
      throw new KernelError(SOCKET_EACCES); // udp_sendmsg, at the route: before ip_append_data's length
    }
    int limit = destination.isV4() ? SeedRules.MAX_UDP4_PAYLOAD : MAX_UDP6_PAYLOAD;
    if (length > limit) {
      throw new KernelError(SOCKET_EMSGSIZE);
    }
    if (softError != 0) {
      throw new KernelError(takeSoftError()); // a pending ICMP error comes before EPIPE
    }
    if ((shutdown & SEND_SHUTDOWN) != 0) {
      throw new KernelError(SOCKET_EPIPE);
    }
    IpAddress source = binding.address.isAny() || binding.address.isV4() != destination.isV4()
        ? stack.sourceFor(destination) : binding.address;
    byte[] payload = java.util.Arrays.copyOfRange(data, offset, offset + length);
    UdpPacket packet = new UdpPacket(source, binding.port, destination, port, payload);
    if (cork) {
      corked = packet; // sent by the first send without MSG_MORE, or when UDP_CORK is cleared
      return length;
    }
    stack.transmit(packet);
    return length;
  }

  /**
   * The source the socket's datagrams carry where it has one of its own (Linux's np->saddr and
   * inet_saddr): the address it is bound to, else the one a connect chose, else null.
   */
  private IpAddress source() {
    if (binding != null && !binding.address.isAny()) {
      return binding.address;
    }
    return connected() ? localIp : null;
  }

  /** Sends the corked datagram, if any. */
  private void uncork() {
    UdpPacket packet = corked;
    corked = null;
    if (packet != null) {
      stack.transmit(packet);
    }
  }

  /** Whether this socket takes a datagram from {@code source} (connected sockets take their peer's only). */
  boolean accepts(UdpPacket packet) {
    // a peer port of 0 (connect to port 0) filters by address only, as Linux's socket lookup
    return !connected() || (remoteIp.equals(packet.source) && (remotePort == 0 || remotePort == packet.sourcePort));
  }

  void deliver(UdpPacket packet) {
    // Linux queues datagrams after shutdown(SHUT_RD) too; only a full buffer drops them
    // __udp_enqueue_schedule_skb: a datagram is taken while what is queued (as whole buffers)
    // does not yet exceed SO_RCVBUF, so an empty queue takes one of any size
    if (queuedBytes > rcvbuf) {
      stack.trace("drop (receive buffer full) " + packet.describe());
      return;
    }
    queue.add(new Queued(packet.data, new SockAddr(packet.source.forFamily(family).toString(), packet.sourcePort)));
    queuedBytes += UnixSocket.truesize(packet.data.length);
    wake();
  }

  /** ICMP port unreachable for a datagram this socket sent. */
  void unreachable(UdpPacket original) {
    // __udp4_lib_err finds the socket as a reply from that destination would (a peer port of 0
    // matches any), and reports a hard error to it when it is connected
    if (connected() && remoteIp.equals(original.destination)
        && (remotePort == 0 || remotePort == original.destinationPort)) {
      softError = SOCKET_ECONNREFUSED;
      wake();
    }
  }

  @Override
  Received receive(int length, int flags) {
    long deadline = deadline(rcvTimeout);
    while (true) {
      // a pending error (ICMP) is reported before any queued datagram, as __skb_try_recv_datagram does
      if (softError != 0) {
        throw new KernelError(takeSoftError());
      }
      Queued next = queue.peek();
      if (next != null) {
        if ((flags & MSG_PEEK) == 0) {
          queue.poll();
          queuedBytes -= UnixSocket.truesize(next.data.length);
        }
        boolean truncated = next.data.length > length;
        byte[] data = truncated ? java.util.Arrays.copyOf(next.data, length) : next.data;
        return new Received(data, next.from, truncated ? MSG_TRUNC : 0, List.of());
      }
      // after shutdown only a receive that would wait returns EOF; a non-blocking one is EAGAIN
      if ((shutdown & RCV_SHUTDOWN) != 0 && blocking(flags)) {
        return new Received(new byte[0], null, 0, List.of());
      }
      if (!blocking(flags)) {
        throw new KernelError(SOCKET_EAGAIN);
      }
      if (await("socket_recvfrom", deadline)) {
        throw new KernelError(SOCKET_EAGAIN);
      }
    }
  }

  @Override
  void shutdown(int how) {
    shutdown |= how + 1;
    wake();
    if (!connected()) {
      throw new KernelError(SOCKET_ENOTCONN);
    }
  }

  @Override
  SockAddr localAddress() {
    if (binding == null) {
      return new SockAddr((family == AF_INET6 ? IpAddress.ANY6 : IpAddress.ANY4).toString(), 0);
    }
    IpAddress shown = connected() ? localIp : binding.address;
    if (shown.isAny()) {
      shown = family == AF_INET6 ? IpAddress.ANY6 : IpAddress.ANY4;
    }
    return new SockAddr(shown.forFamily(family).toString(), binding.port);
  }

  @Override
  SockAddr peerAddress() {
    if (!connected() || remotePort == 0) {
      throw new KernelError(SOCKET_ENOTCONN); // inet_getname: no peer port, no peer
    }
    return new SockAddr(remoteIp.forFamily(family).toString(), remotePort);
  }

  @Override
  void release() {
    if (binding != null) {
      stack.udpPorts.remove(binding);
      binding = null;
    }
    queue.clear();
    queuedBytes = 0;
  }

  @Override
  boolean readable() {
    return !queue.isEmpty() || softError != 0 || (shutdown & RCV_SHUTDOWN) != 0;
  }

  @Override
  boolean writable() {
    return true;
  }

  @Override
  int[] transportLevels() {
    return new int[] {IPPROTO_UDP, IPPROTO_UDPLITE};
  }

  @Override
  Object protocolOption(int level, int name) {
    if (level == IPPROTO_UDP) {
      if (name == UDP_CORK || name == UDP_SEGMENT) {
        return stored(level, name, 0);
      }
      return null;
    }
    return IpOptions.get(this, level, name);
  }

  @Override
  boolean setProtocolOption(int level, int name, Object value) {
    if (level == IPPROTO_UDP) {
      if (name == UDP_CORK || name == UDP_SEGMENT) {
        int v = intValue(value);
        store(level, name, name == UDP_CORK && v != 0 ? 1 : v);
        if (name == UDP_CORK && v == 0) {
          uncork();
        }
        return true;
      }
      return false;
    }
    if (level == IPPROTO_IPV6 && name == IPV6_V6ONLY && family == AF_INET6 && binding != null) {
      throw new KernelError(SOCKET_EINVAL); // a socket that holds a port can no longer change it
    }
    return IpOptions.set(this, level, name, value);
  }
}
