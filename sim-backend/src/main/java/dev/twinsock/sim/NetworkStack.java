package dev.twinsock.sim;

import static dev.twinsock.SocketConstants.*;

import java.util.HashMap;
import java.util.Map;

/**
 * One host's kernel networking: its addresses, its TCP and UDP port tables, its TCP connections
 * and its AF_UNIX names, and the demultiplexing of arriving packets to sockets. It owns no thread
 * and reads no clock; the scheduler calls it with each packet that arrives.
 */
final class NetworkStack {
  /** Loopback MTU 65536 less IP and TCP headers and the timestamp option, as Linux reports it. */
  static final int LOOPBACK_MSS = 65483;
  /** Ethernet MTU 1500 less the same. */
  static final int ETHERNET_MSS = 1448;
  /** PHP reports a failed host lookup as -10000 - h_errno; HOST_NOT_FOUND is 1. */
  static final int HOST_NOT_FOUND = -10001;
  /** The same with TRY_AGAIN (2): a temporary failure of the name server. */
  static final int HOST_TRY_AGAIN = -10002;
  /** The same with h_errno 0: a name the resolver does not even try. */
  static final int LOOKUP_FAILED = -10000;

  private final SimHost host;
  private final SimNetwork network;
  final PortTable tcpPorts = new PortTable(true);
  final PortTable udpPorts = new PortTable(false);
  // looked up by key only; never iterated, so its order cannot leak
  private final Map<ConnectionKey, TcpSocket> connections = new HashMap<>();
  final UnixNamespace unix = new UnixNamespace();
  private final SeededRandom random;
  /** The host crashed: this kernel sends nothing more and its timers do nothing. */
  boolean dead;

  NetworkStack(SimHost host, SimNetwork network, SeededRandom random) {
    this.host = host;
    this.network = network;
    this.random = random;
  }

  /**
   * Where a connect or send to the any address goes: the host itself. IPv4 takes the socket's
   * bound address as the destination when it has one (ip_route_connect: daddr = saddr), else
   * 127.0.0.1; IPv6 always ::1.
   */
  static IpAddress self(IpAddress any, IpAddress bound) {
    if (!any.isV4()) {
      // an IPv6 socket bound to a v4-mapped address goes to ::ffff:127.0.0.1 (127.0.0.1 on the wire)
      return bound != null && bound.isV4() && !bound.isAny() ? IpAddress.LOOPBACK4 : IpAddress.LOOPBACK6;
    }
    return bound != null && bound.isV4() && !bound.isAny() ? bound : IpAddress.LOOPBACK4;
  }

  String congestionControl() {
    return network.congestionControl();
  }

  SimNetwork network() {
    return network;
  }

  SimHost host() {
    return host;
  }

  Scheduler scheduler() {
    return network.scheduler();
  }

  /** The host's monotonic clock, which the kernel's timers and time stamps count on (not network time). */
  long now() {
    return host.monotonicNanos();
  }

  void trace(String event) {
    network.trace().record(scheduler().now(), event);
  }

  // ---------------------------------------------------------------- addresses

  boolean owns(IpAddress wire) {
    return wire.isLoopback() || wire.equals(host.ipv4Address()) || wire.equals(host.ipv6Address());
  }

  /**
   * The address {@code text} names for a socket of {@code family}, the way the seed resolves it: a
   * numeric address, else a name from the network's host table.
   */
  IpAddress resolve(String text, int family, String function) {
    IpAddress numeric = IpAddress.parse(text);
    if (numeric != null && numeric.isV4() == (family == AF_INET)) {
      return numeric;
    }
    if (numeric != null && family == AF_INET && numeric.isV4Mapped()) {
      // getaddrinfo answers an AF_INET question about ::ffff:a.b.c.d with a.b.c.d
      return numeric.onWire();
    }
    if (text.length() > 255) {
      // the resolver refuses these without setting h_errno
      throw new KernelError(LOOKUP_FAILED);
    }
    if (text.indexOf(' ') >= 0 || text.isEmpty()) {
      // getaddrinfo finds no such name: EAI_NONAME, which the seed reports as HOST_NOT_FOUND
      throw new KernelError(HOST_NOT_FOUND);
    }
    IpAddress shortForm = IpAddress.parseInetAton(text);
    if (shortForm != null) {
      // an AF_INET6 socket: the seed asks with AI_V4MAPPED, so an IPv4 literal (in any form
      // inet_aton takes) comes back mapped, ::ffff:a.b.c.d
      return family == AF_INET ? shortForm : shortForm.mapped();
    }
    if (numeric != null) {
      throw new KernelError(HOST_NOT_FOUND);
    }
    if (buggify().fires(Buggify.Site.DNS_TRY_AGAIN, "resolving " + text)) {
      throw new KernelError(HOST_TRY_AGAIN);
    }
    if (buggify().fires(Buggify.Site.DNS_NO_NAME, "resolving " + text)) {
      throw new KernelError(HOST_NOT_FOUND);
    }
    IpAddress named = network.lookup(text, family, host);
    if (named == null && family == AF_INET6) {
      // the seed asks with AI_V4MAPPED: a name with IPv4 addresses only gives the first one mapped
      IpAddress v4 = network.lookup(text, AF_INET, host);
      named = v4 == null ? null : v4.mapped();
    }
    if (named == null) {
      throw new KernelError(HOST_NOT_FOUND);
    }
    return named;
  }

  void checkLocal(IpAddress address) {
    IpAddress wire = address.onWire();
    if (!wire.isAny() && !owns(wire)) {
      throw new KernelError(SOCKET_EADDRNOTAVAIL);
    }
  }

  void checkPrivileged(int port) {
    if (port > 0 && port < 1024 && !host.privileged()) {
      throw new KernelError(SOCKET_EACCES);
    }
  }

  /** Binds {@code socket} to {@code port}, or to a free ephemeral port for 0. */
  Binding bindPort(PortTable table, KernelSocket socket, IpAddress wire, int port, boolean dual) {
    if (port == 0) {
      if (buggify().fires(Buggify.Site.PORT_EXHAUSTION, () -> "no ephemeral port for " + wire)) {
        throw new KernelError(SOCKET_EADDRINUSE);
      }
      for (int tries = 0; tries < 64; tries++) {
        int candidate = table.ephemeral(random);
        if (candidate < 0) {
          break;
        }
        Binding binding = new Binding(wire, candidate, dual, socket);
        if (!table.conflicts(binding)) {
          table.add(binding);
          return binding;
        }
      }
      throw new KernelError(SOCKET_EADDRINUSE);
    }
    Binding binding = new Binding(wire, port, dual, socket);
    if (table.conflicts(binding)) {
      throw new KernelError(SOCKET_EADDRINUSE);
    }
    table.add(binding);
    return binding;
  }

  /** The source address Linux would pick to reach {@code destination}. */
  IpAddress sourceFor(IpAddress destination) {
    if (destination.isLoopback()) {
      return destination.isV4() ? IpAddress.LOOPBACK4 : IpAddress.LOOPBACK6;
    }
    if (owns(destination)) {
      return destination;
    }
    IpAddress source = destination.isV4() ? host.ipv4Address() : host.ipv6Address();
    if (source == null) {
      throw new KernelError(SOCKET_ENETUNREACH);
    }
    return source;
  }

  /** The segment size for {@code destination}: the path's MTU less IP, TCP and timestamp headers. */
  int mssTo(IpAddress destination) {
    if (owns(destination)) {
      return destination.isV4() ? LOOPBACK_MSS : LOOPBACK_MSS - 20;
    }
    SimHost peer = network.hostAt(destination);
    int mtu = peer == null ? 1500 : network.mtuBetween(host, peer);
    return mtu - (destination.isV4() ? 52 : 72);
  }

  /**
   * A kernel timer of {@code delayNanos} on the host's clock (drift stretches or shrinks it in
   * network time; a pause does not stop it, as a stopped process's kernel runs on): it does nothing
   * once the host has crashed.
   */
  Timer schedule(long delayNanos, Runnable action) {
    long delay = host.networkDelay(delayNanos);
    if (delay > Long.MAX_VALUE - scheduler().now()) {
      return new Timer(Long.MAX_VALUE, -1, action, null); // past the clock's range (a slow clock's long timer): never due
    }
    return scheduler().schedule(delay, () -> {
      if (!dead) {
        action.run();
      }
    });
  }

  long initialSequence() {
    return random.nextLong(1L << 32);
  }

  SeededRandom random() {
    return random;
  }

  Buggify buggify() {
    return host.buggify();
  }

  // ---------------------------------------------------------------- TCP connections

  void register(TcpSocket socket) {
    ConnectionKey key = new ConnectionKey(socket.localIp, socket.localPort, socket.remoteIp, socket.remotePort);
    TcpSocket old = connections.put(key, socket);
    if (old != null && old != socket) {
      old.orphan = true;
      old.finish();
      connections.put(key, socket);
    }
    socket.registered = true;
  }

  void unregister(TcpSocket socket) {
    if (!socket.registered) {
      return;
    }
    ConnectionKey key = new ConnectionKey(socket.localIp, socket.localPort, socket.remoteIp, socket.remotePort);
    if (connections.get(key) == socket) {
      connections.remove(key);
    }
    socket.registered = false;
  }

  // ---------------------------------------------------------------- packets

  void transmit(Packet packet) {
    if (dead) {
      return;
    }
    network.route(host, packet);
  }

  void receive(Packet packet) {
    if (packet instanceof Segment) {
      receiveSegment((Segment) packet);
    } else if (packet instanceof UdpPacket) {
      receiveDatagram((UdpPacket) packet);
    } else if (packet instanceof IcmpUnreachable) {
      UdpPacket original = ((IcmpUnreachable) packet).original;
      for (Binding binding : udpPorts.at(original.sourcePort)) {
        ((UdpSocket) binding.owner).unreachable(original);
      }
    }
  }

  private void receiveSegment(Segment segment) {
    ConnectionKey key = new ConnectionKey(segment.destination, segment.destinationPort, segment.source, segment.sourcePort);
    TcpSocket connection = connections.get(key);
    if (connection != null && connection.state == TcpState.TIME_WAIT && segment.has(Segment.SYN)
        && !segment.has(Segment.ACK)) {
      // a new connection reusing the four-tuple ends the old one's TIME_WAIT
      connection.finish();
      connection = null;
    }
    if (connection != null) {
      connection.onSegment(segment);
      return;
    }
    if (segment.has(Segment.RST)) {
      return;
    }
    Binding listening = tcpPorts.listener(segment.destination, segment.destinationPort);
    if (listening != null && segment.has(Segment.SYN) && !segment.has(Segment.ACK)) {
      ((TcpSocket) listening.owner).onSyn(segment);
      return;
    }
    // nobody: answer with RST, as RFC 793 says
    long seq = segment.has(Segment.ACK) ? segment.ack : 0;
    int flags = segment.has(Segment.ACK) ? Segment.RST : Segment.RST | Segment.ACK;
    long ack = segment.seq + segment.data.length + (segment.has(Segment.SYN) ? 1 : 0) + (segment.has(Segment.FIN) ? 1 : 0);
    transmit(new Segment(segment.destination, segment.destinationPort, segment.source, segment.sourcePort,
        seq, ack, flags, 0, new byte[0]));
  }

  private void receiveDatagram(UdpPacket packet) {
    UdpSocket best = null;
    int bestScore = -1;
    for (Binding binding : udpPorts.at(packet.destinationPort)) {
      UdpSocket socket = (UdpSocket) binding.owner;
      if (!(packet.destination.isBroadcast() || binding.covers(packet.destination)) || !socket.accepts(packet)) {
        continue;
      }
      int score = binding.specificity() + (socket.connected() ? 2 : 0);
      if (score > bestScore) {
        best = socket;
        bestScore = score;
      }
    }
    if (best != null) {
      best.deliver(packet);
      return;
    }
    if (!packet.destination.isBroadcast()) {
      transmit(new IcmpUnreachable(packet.destination, packet.source, packet));
    }
  }
}
