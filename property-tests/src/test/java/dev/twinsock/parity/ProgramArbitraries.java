package dev.twinsock.parity;

import static dev.twinsock.SocketConstants.*;

import dev.twinsock.GroupRequest;
import dev.twinsock.Linger;
import dev.twinsock.Timeval;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * The generators of {@link Program}s: valid and invalid arguments alike (closed and missing
 * handles, wrong families and states, out-of-range values, flag combinations, zero and large
 * lengths), under the limits that keep the real kernel safe: loopback and AF_UNIX only, no fixed
 * ports, no name but {@code localhost} to resolve, no unbounded wait.
 *
 * <p>{@link #SIM_UNSUPPORTED} names the op families left out of programs for the sim while it
 * does not model them; see {@link #programs(boolean)}.
 */
final class ProgramArbitraries {
  private ProgramArbitraries() {}

  /** The longest program the CI properties run. */
  static final int MAX_OPS = 40;

  /**
   * Op families the sim does not model yet, left out of sim programs when {@code programs(true)}
   * is asked for. Empty means the full language. Each entry should be a recorded divergence in
   * docs/semantics.md, and removed as soon as the sim handles it.
   */
  static final List<Class<? extends Op>> SIM_UNSUPPORTED = List.of();

  /**
   * A handle (see {@link HandleModel#resolve}): small numbers most often, and now and then a
   * negative one, which picks a listening socket.
   */
  static Arbitrary<Integer> handle() {
    return Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.integers().between(0, 3)),
        Tuple.of(1, Arbitraries.integers().between(0, 9)),
        Tuple.of(1, Arbitraries.integers().between(-2, -1)));
  }

  /** Which AddrInfo of those found so far (modulo their count). */
  static Arbitrary<Integer> addrinfoIndex() {
    return Arbitraries.integers().between(0, 5);
  }

  /** A handle that picks a listening socket more often than not: for accept and connect's port. */
  static Arbitrary<Integer> listenerHandle() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.integers().between(-2, -1)),
        Tuple.of(2, handle()));
  }

  static Arbitrary<Program> programs() {
    return programs(false);
  }

  /**
   * Programs of up to {@link #MAX_OPS} ops; without {@link #SIM_UNSUPPORTED} ops when asked. A
   * program starts with a prefix of one of the {@link #SCENARIOS} (possibly empty, and shrinking
   * shortens it) followed by random ops: random ops alone seldom get a connection as far as
   * accept, and then most data ops meet unconnected sockets.
   */
  static Arbitrary<Program> programs(boolean withoutSimUnsupported) {
    Arbitrary<Op> ops = ops();
    if (withoutSimUnsupported && !SIM_UNSUPPORTED.isEmpty()) {
      ops = ops.filter(op -> SIM_UNSUPPORTED.stream().noneMatch(c -> c.isInstance(op)));
    }
    int longest = SCENARIOS.stream().mapToInt(List::size).max().orElse(0);
    // Edge cases would repeat the first and last choice of every frequency table far more often
    // than its weight says; the weights are the design, so they are left out.
    // a full accept queue costs the kernel a second of real time (see fullAcceptQueue): rare
    Arbitrary<List<Op>> pairs = Arbitraries.frequencyOf(Tuple.of(20, optionRoundTrip()), Tuple.of(40, transfer()),
        Tuple.of(10, waitingCall()), Tuple.of(10, urgentData()), Tuple.of(10, passedSockets()),
        Tuple.of(10, backpressure()), Tuple.of(20, teardown()), Tuple.of(20, freshBinding()), Tuple.of(20, meanwhile()),
        Tuple.of(10, closedUnderAWaiter()),
        Tuple.of(10, streamView()), Tuple.of(10, selfConnect()), Tuple.of(10, datagramReconnect()),
        Tuple.of(10, multicastGroups()),
        Tuple.of(1, fullAcceptQueue()));
    if (withoutSimUnsupported && !SIM_UNSUPPORTED.isEmpty()) {
      pairs = pairs.filter(group -> group.stream()
          .allMatch(op -> SIM_UNSUPPORTED.stream().noneMatch(c -> c.isInstance(op))));
    }
    Arbitrary<List<Op>> groups = Arbitraries.frequencyOf(Tuple.of(20, ops.map(List::of)), Tuple.of(5, pairs));
    int most = MAX_OPS - longest;
    Arbitrary<List<Op>> rest = groups.withoutEdgeCases().list().ofMinSize(1).ofMaxSize(most)
        .withSizeDistribution(RandomDistribution.uniform())
        .map(g -> {
          List<Op> flat = new ArrayList<>();
          g.forEach(flat::addAll);
          return flat.size() > most ? flat.subList(0, most) : flat;
        });
    // Most programs get their scenario whole (a connection up), the others a part of it, which
    // shrinks toward none.
    Arbitrary<Integer> opening = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.integers().between(0, longest)),
        Tuple.of(2, Arbitraries.just(longest)));
    return Combinators.combine(Arbitraries.of(SCENARIOS), opening, rest)
        .as((scenario, length, tail) -> {
          List<Op> all = new ArrayList<>(scenario.subList(0, Math.min(length, scenario.size())));
          all.addAll(tail);
          return new Program(all);
        });
  }

  /**
   * Openings that get sockets connected; the first is empty. Handles count from 0 as the
   * scenario creates sockets, since it comes first.
   */
  static final List<List<Op>> SCENARIOS = List.of(
      List.of(),
      // TCP over IPv4: s0 listens, s1 connects, s2 is accepted
      List.of(new Op.CreateListen(0, 5), new Op.Create(AF_INET, SOCK_STREAM, 0),
          new Op.Connect(1, new Endpoint(Host.LOOPBACK, 0, PortSpec.of(0))), new Op.Settle(), new Op.Accept(0)),
      // TCP over IPv6
      List.of(new Op.Create(AF_INET6, SOCK_STREAM, 0), new Op.Bind(0, new Endpoint(Host.LOOPBACK, 0, PortSpec.zero())),
          new Op.Listen(0, null), new Op.Create(AF_INET6, SOCK_STREAM, 0),
          new Op.Connect(1, new Endpoint(Host.LOOPBACK, 0, PortSpec.of(0))), new Op.Settle(), new Op.Accept(0)),
      // UDP: s0 bound, s1 connected to it
      List.of(new Op.Create(AF_INET, SOCK_DGRAM, 0), new Op.Bind(0, new Endpoint(Host.LOOPBACK, 0, PortSpec.zero())),
          new Op.Create(AF_INET, SOCK_DGRAM, 0), new Op.Connect(1, new Endpoint(Host.LOOPBACK, 0, PortSpec.of(0)))),
      // AF_UNIX stream on a path: s0 listens, s1 connects, s2 is accepted
      List.of(new Op.Create(AF_UNIX, SOCK_STREAM, 0), new Op.Bind(0, new Endpoint(Host.LOOPBACK, 0, PortSpec.none())),
          new Op.Listen(0, 5), new Op.Create(AF_UNIX, SOCK_STREAM, 0),
          new Op.Connect(1, new Endpoint(Host.LOOPBACK, 0, PortSpec.none())), new Op.Accept(0)),
      // AF_UNIX datagrams in the abstract namespace
      List.of(new Op.Create(AF_UNIX, SOCK_DGRAM, 0), new Op.Bind(0, new Endpoint(Host.WILDCARD, 1, PortSpec.none())),
          new Op.Create(AF_UNIX, SOCK_DGRAM, 0), new Op.Connect(1, new Endpoint(Host.WILDCARD, 1, PortSpec.none()))));

  @SuppressWarnings("unchecked")
  static Arbitrary<Op> ops() {
    return Arbitraries.frequencyOf(
        Tuple.of(14, create()),
        Tuple.of(6, createPair()),
        Tuple.of(6, createListen()),
        Tuple.of(7, Combinators.combine(handle(), bindEndpoint()).as(Op.Bind::new)),
        Tuple.of(4, Combinators.combine(handle(), backlog()).as(Op.Listen::new)),
        Tuple.of(12, Combinators.combine(handle(), peerEndpoint()).as(Op.Connect::new)),
        Tuple.of(9, listenerHandle().map(Op.Accept::new)),
        Tuple.of(4, Combinators.combine(handle(), length(), readMode()).as(Op.Read::new)),
        Tuple.of(4, Combinators.combine(handle(), payload(), writeLength()).as(Op.Write::new)),
        Tuple.of(4, Combinators.combine(handle(), length(), recvFlags()).as(Op.Recv::new)),
        Tuple.of(4, Combinators.combine(handle(), payload(), length(), sendFlags()).as(Op.Send::new)),
        Tuple.of(3, Combinators.combine(handle(), length(), recvFlags()).as(Op.Recvfrom::new)),
        Tuple.of(4, Combinators.combine(handle(), payload(), length(), sendFlags(), peerEndpoint())
            .as(Op.Sendto::new)),
        Tuple.of(3, Combinators.combine(handle(), length(), controlLength(), recvFlags()).as(Op.Recvmsg::new)),
        Tuple.of(3, sendmsg()),
        Tuple.of(3, select()),
        Tuple.of(4, getOption()),
        Tuple.of(4, setOption()),
        Tuple.of(3, handle().map(Op.Getsockname::new)),
        Tuple.of(3, handle().map(Op.Getpeername::new)),
        Tuple.of(3, Combinators.combine(handle(), shutdownHow()).as(Op.Shutdown::new)),
        Tuple.of(4, handle().map(Op.Close::new)),
        Tuple.of(1, handle().map(Op.SetBlock::new)),
        Tuple.of(1, handle().map(Op.SetNonblock::new)),
        Tuple.of(3, lookup()),
        Tuple.of(2, addrinfoIndex().map(Op.AddrinfoBind::new)),
        Tuple.of(2, addrinfoIndex().map(Op.AddrinfoConnect::new)),
        Tuple.of(1, addrinfoIndex().map(Op.AddrinfoExplain::new)),
        Tuple.of(1, handle().map(Op.ExportStream::new)),
        Tuple.of(1, Arbitraries.integers().between(0, 2).map(Op.ImportStream::new)),
        Tuple.of(1, Combinators.combine(Arbitraries.integers().between(-1, 1), length().filter(n -> n >= 0))
            .as(Op.StreamRead::new)),
        Tuple.of(1, Combinators.combine(Arbitraries.integers().between(-1, 1), payload()).as(Op.StreamWrite::new)),
        Tuple.of(2, Arbitraries.just(new Op.LastError())),
        Tuple.of(1, Arbitraries.just(new Op.ClearError())),
        Tuple.of(1, handle().map(Op.SocketLastError::new)),
        Tuple.of(1, handle().map(Op.SocketClearError::new)),
        Tuple.of(1, Arbitraries.of(0, 1, 11, 104, 115, 133, 134, -1, 4000).map(Op.Strerror::new)),
        Tuple.of(1, cmsgSpace()),
        Tuple.of(1, Combinators.combine(handle(), Arbitraries.of(0, 1, -1)).as(Op.WsaExport::new)),
        Tuple.of(1, Arbitraries.of("", "x1").map(Op.WsaImport::new)),
        Tuple.of(1, Arbitraries.of("", "x1").map(Op.WsaRelease::new)),
        Tuple.of(4, Arbitraries.just(new Op.Settle())));
  }

  static Arbitrary<Integer> domain() {
    return Arbitraries.frequency(Tuple.of(6, AF_INET), Tuple.of(3, AF_INET6), Tuple.of(4, AF_UNIX),
        Tuple.of(1, 99));
  }

  static Arbitrary<Op> create() {
    Arbitrary<Integer> type = Arbitraries.frequency(Tuple.of(10, SOCK_STREAM), Tuple.of(4, SOCK_DGRAM),
        Tuple.of(2, SOCK_SEQPACKET), Tuple.of(1, SOCK_STREAM | SOCK_NONBLOCK), Tuple.of(1, SOCK_DGRAM | SOCK_CLOEXEC),
        Tuple.of(1, SOCK_RAW), Tuple.of(1, 99));
    Arbitrary<Integer> protocol = Arbitraries.frequency(Tuple.of(8, 0), Tuple.of(1, IPPROTO_TCP),
        Tuple.of(1, IPPROTO_UDP), Tuple.of(1, 99));
    // A raw socket with a protocol would see other processes' packets: only protocol 0 (refused).
    return Combinators.combine(domain(), type, protocol)
        .as((d, t, p) -> new Op.Create(d, t, t == SOCK_RAW ? 0 : p));
  }

  static Arbitrary<Op> createPair() {
    Arbitrary<Integer> domain = Arbitraries.frequency(Tuple.of(8, AF_UNIX), Tuple.of(1, AF_INET), Tuple.of(1, 99));
    Arbitrary<Integer> type = Arbitraries.frequency(Tuple.of(4, SOCK_STREAM), Tuple.of(3, SOCK_DGRAM),
        Tuple.of(2, SOCK_SEQPACKET), Tuple.of(1, SOCK_STREAM | SOCK_NONBLOCK), Tuple.of(1, 99));
    Arbitrary<Integer> protocol = Arbitraries.frequency(Tuple.of(9, 0), Tuple.of(1, IPPROTO_TCP));
    return Combinators.combine(domain, type, protocol).as(Op.CreatePair::new);
  }

  static Arbitrary<Op> createListen() {
    Arbitrary<Integer> port = Arbitraries.frequency(Tuple.of(10, 0), Tuple.of(1, -1), Tuple.of(1, 65536));
    Arbitrary<Integer> backlog = Arbitraries.of(0, 1, 5, 128).injectNull(0.4);
    return Combinators.combine(port, backlog).as(Op.CreateListen::new);
  }

  static Arbitrary<Integer> backlog() {
    return Arbitraries.of(0, 1, 2, 5, 128, -1).injectNull(0.3);
  }

  static Arbitrary<Endpoint> bindEndpoint() {
    Arbitrary<Host> host = Arbitraries.frequency(Tuple.of(8, Host.LOOPBACK), Tuple.of(4, Host.WILDCARD),
        Tuple.of(1, Host.NAMED), Tuple.of(1, Host.ALTERNATE), Tuple.of(1, Host.NOT_LOCAL), Tuple.of(1, Host.SPELLED));
    Arbitrary<PortSpec> port = Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.just(PortSpec.zero())),
        Tuple.of(2, Arbitraries.just(PortSpec.none())),
        Tuple.of(3, handle().map(PortSpec::of)),
        Tuple.of(1, Arbitraries.of(new PortSpec(PortSpec.Kind.NEGATIVE, 0), new PortSpec(PortSpec.Kind.TOO_LARGE, 0))));
    return Combinators.combine(host, Arbitraries.integers().between(0, 2), port).as(Endpoint::new);
  }

  /** Addresses a connect or send may go to: all on loopback or in the run's AF_UNIX names. */
  static Arbitrary<Endpoint> peerEndpoint() {
    Arbitrary<Host> host = Arbitraries.frequency(Tuple.of(10, Host.LOOPBACK), Tuple.of(3, Host.WILDCARD),
        Tuple.of(1, Host.NAMED), Tuple.of(1, Host.ALTERNATE), Tuple.of(1, Host.SPELLED), Tuple.of(1, Host.BROADCAST));
    Arbitrary<PortSpec> port = Arbitraries.frequencyOf(
        Tuple.of(8, listenerHandle().map(PortSpec::of)),
        Tuple.of(1, Arbitraries.just(PortSpec.zero())),
        Tuple.of(1, Arbitraries.just(PortSpec.none())),
        Tuple.of(1, Arbitraries.of(new PortSpec(PortSpec.Kind.NEGATIVE, 0), new PortSpec(PortSpec.Kind.TOO_LARGE, 0))));
    return Combinators.combine(host, Arbitraries.integers().between(0, 2), port).as(Endpoint::new);
  }

  static Arbitrary<Payload> payload() {
    // 65507 and 65527 are the largest UDP payloads over IPv4 and IPv6
    Arbitrary<Integer> size = Arbitraries.frequencyOf(Tuple.of(18, Arbitraries.frequency(Tuple.of(1, 0), Tuple.of(4, 1),
            Tuple.of(6, 5), Tuple.of(4, 20), Tuple.of(2, 100), Tuple.of(1, 3000), Tuple.of(1, 70000))),
        Tuple.of(1, Arbitraries.of(65507, 65508, 65527, 65528, 65535, 65536)));
    return Combinators.combine(size, Arbitraries.of(-1, 0, 2, 10)).as(Payload::new);
  }

  static Arbitrary<Integer> length() {
    return Arbitraries.frequency(Tuple.of(1, 0), Tuple.of(3, 1), Tuple.of(3, 4), Tuple.of(5, 16), Tuple.of(5, 100),
        Tuple.of(2, 65536), Tuple.of(1, -1));
  }

  static Arbitrary<Integer> writeLength() {
    return Arbitraries.of(0, 3, 100000, -1).injectNull(0.6);
  }

  static Arbitrary<Integer> readMode() {
    return Arbitraries.frequency(Tuple.of(4, PHP_BINARY_READ), Tuple.of(4, PHP_NORMAL_READ), Tuple.of(1, 0),
        Tuple.of(1, 3)).injectNull(0.4);
  }

  static Arbitrary<Integer> recvFlags() {
    return Arbitraries.frequency(Tuple.of(8, 0), Tuple.of(3, MSG_PEEK), Tuple.of(2, MSG_DONTWAIT),
        Tuple.of(1, MSG_WAITALL), Tuple.of(1, MSG_TRUNC), Tuple.of(1, MSG_PEEK | MSG_TRUNC), Tuple.of(1, MSG_OOB),
        Tuple.of(1, MSG_PEEK | MSG_DONTWAIT));
  }

  static Arbitrary<Integer> sendFlags() {
    return Arbitraries.frequency(Tuple.of(8, 0), Tuple.of(3, MSG_NOSIGNAL), Tuple.of(2, MSG_DONTWAIT),
        Tuple.of(1, MSG_OOB), Tuple.of(1, MSG_MORE), Tuple.of(1, MSG_EOR), Tuple.of(1, MSG_NOSIGNAL | MSG_DONTWAIT));
  }

  static Arbitrary<Integer> controlLength() {
    return Arbitraries.of(0, 16, 24, 64, -1);
  }

  static Arbitrary<Integer> shutdownHow() {
    return Arbitraries.of(SHUT_RD, SHUT_WR, SHUT_RDWR, 3, -1).injectNull(0.3);
  }

  static Arbitrary<Op> sendmsg() {
    Arbitrary<List<Payload>> iov = payload().list().ofMaxSize(3);
    Arbitrary<Endpoint> name = peerEndpoint().injectNull(0.7);
    Arbitrary<List<Integer>> rights = handle().list().ofMinSize(1).ofMaxSize(2).injectNull(0.6);
    Arbitrary<Integer> flags = Arbitraries.of(0, MSG_NOSIGNAL, MSG_DONTWAIT);
    return Combinators.combine(handle(), iov, name, rights, flags).as(Op.Sendmsg::new);
  }

  static Arbitrary<Op> select() {
    Arbitrary<List<Integer>> list = handle().list().ofMaxSize(3);
    Arbitrary<Long> seconds = Arbitraries.frequency(Tuple.of(20, 0L), Tuple.of(1, -1L));
    Arbitrary<Integer> micros = Arbitraries.frequency(Tuple.of(10, 0), Tuple.of(2, 1000), Tuple.of(1, 20_000),
        Tuple.of(1, -1));
    return Combinators.combine(list, list, list, seconds, micros).as(Op.Select::new);
  }

  /** A timeout a call may wait out on the kernel (see Run#waits). */
  static final Timeval WAIT = new Timeval(0, 20_000);

  /** An option, the values worth setting it to (valid and not), and whether setting it is safe. */
  record OptionCase(int level, int option, List<Object> values) {}

  /** Multicast group requests: groups of both families, a unicast address, an interface that is not there. */
  static final List<Object> GROUPS = List.of(new GroupRequest("239.1.2.3", "lo"), new GroupRequest("239.1.2.3", "1"),
      new GroupRequest("ff02::1:3", "lo"), new GroupRequest("ff15::7", "1"), new GroupRequest("10.1.2.3", "lo"),
      new GroupRequest("239.1.2.3", "999"), new GroupRequest("::1", "lo"));

  static final List<OptionCase> OPTIONS = List.of(
      new OptionCase(SOL_SOCKET, SO_REUSEADDR, List.of(0, 1)),
      new OptionCase(SOL_SOCKET, SO_REUSEPORT, List.of(0, 1)),
      new OptionCase(SOL_SOCKET, SO_KEEPALIVE, List.of(0, 1)),
      new OptionCase(SOL_SOCKET, SO_BROADCAST, List.of(0, 1)),
      new OptionCase(SOL_SOCKET, SO_OOBINLINE, List.of(0, 1)),
      new OptionCase(SOL_SOCKET, SO_SNDBUF, List.of(1, 4096, 1 << 20)),
      new OptionCase(SOL_SOCKET, SO_RCVBUF, List.of(1, 4096)),
      // No {1, n>0}: close would then wait up to n real seconds for a peer that never reads.
      new OptionCase(SOL_SOCKET, SO_LINGER, List.of(new Linger(0, 0), new Linger(1, 0), new Linger(0, 5), 1)),
      // 20 ms: short enough for a call to wait on (see Run#waits), and a whole number of jiffies
      // at any HZ, so that it reads back as set
      new OptionCase(SOL_SOCKET, SO_RCVTIMEO, List.of(new Timeval(0, 0), new Timeval(1, 500000), new Timeval(0, -1),
          WAIT)),
      new OptionCase(SOL_SOCKET, SO_SNDTIMEO, List.of(new Timeval(2, 0), 5, WAIT)),
      new OptionCase(SOL_SOCKET, SO_TYPE, List.of(1)),
      new OptionCase(SOL_SOCKET, SO_ERROR, List.of(0)),
      new OptionCase(SOL_SOCKET, SO_ACCEPTCONN, List.of(1)),
      new OptionCase(SOL_SOCKET, SO_DOMAIN, List.of(2)),
      new OptionCase(SOL_SOCKET, SO_PROTOCOL, List.of(6)),
      new OptionCase(SOL_SOCKET, SO_PEERCRED, List.of(1)),
      new OptionCase(SOL_SOCKET, SO_PASSCRED, List.of(0, 1)),
      new OptionCase(SOL_SOCKET, SO_RCVLOWAT, List.of(1, 10)),
      new OptionCase(SOL_SOCKET, SO_PRIORITY, List.of(0, 6)),
      new OptionCase(SOL_SOCKET, 999, List.of(1)),
      new OptionCase(SOL_TCP, TCP_NODELAY, List.of(0, 1)),
      new OptionCase(SOL_TCP, TCP_KEEPIDLE, List.of(1, 7200, 0)),
      new OptionCase(SOL_TCP, TCP_KEEPINTVL, List.of(5)),
      new OptionCase(SOL_TCP, TCP_KEEPCNT, List.of(3)),
      new OptionCase(SOL_TCP, TCP_CORK, List.of(0, 1)),
      new OptionCase(SOL_TCP, TCP_CONGESTION, List.of("reno", "cubic", "no-such")),
      new OptionCase(SOL_TCP, TCP_USER_TIMEOUT, List.of(0, 1000)),
      new OptionCase(SOL_TCP, TCP_SYNCNT, List.of(1, 6, 0, 128)),
      new OptionCase(SOL_TCP, TCP_LINGER2, List.of(30, -1)),
      new OptionCase(SOL_TCP, TCP_QUICKACK, List.of(0, 1)),
      new OptionCase(SOL_TCP, TCP_DEFER_ACCEPT, List.of(0, 5, 100)),
      new OptionCase(IPPROTO_UDP, UDP_CORK, List.of(0, 1, 5)),
      new OptionCase(IPPROTO_IP, IP_MULTICAST_LOOP, List.of(0, 1)),
      new OptionCase(IPPROTO_IP, IP_MTU_DISCOVER, List.of(0, 2)),
      new OptionCase(IPPROTO_IP, IP_TTL, List.of(1, 64, 256, -1, 0, 255, -2)),
      new OptionCase(IPPROTO_IP, IP_TOS, List.of(0, 16, 0x1e, 0xff, 0x100)),
      new OptionCase(IPPROTO_IP, IP_MULTICAST_TTL, List.of(-1, 0, 1, 255, 256)),
      new OptionCase(SOL_TCP, TCP_MAXSEG, List.of(10, 88, 87, 1400, 32767, 32768)),
      new OptionCase(IPPROTO_IPV6, IPV6_V6ONLY, List.of(0, 1)),
      new OptionCase(IPPROTO_IPV6, IPV6_UNICAST_HOPS, List.of(-1, 5, -2, 0, 255, 256)),
      new OptionCase(IPPROTO_IPV6, IPV6_MULTICAST_HOPS, List.of(-2, -1, 0, 255, 256)),
      new OptionCase(IPPROTO_IPV6, IPV6_MULTICAST_LOOP, List.of(0, 1)),
      // groups on loopback only, named or by its index (1 in every network namespace): any other
      // interface, and "any" (a route lookup), differ from machine to machine
      new OptionCase(IPPROTO_IP, IP_MULTICAST_IF, List.of("lo", "1", 1, 0, "999", "no-such0")),
      new OptionCase(IPPROTO_IPV6, IPV6_MULTICAST_IF, List.of("lo", 1, 0, "999", "no-such0")),
      new OptionCase(SOL_SOCKET, SO_BINDTODEVICE, List.of("lo", "", "no-such0")),
      new OptionCase(IPPROTO_IP, MCAST_JOIN_GROUP, GROUPS),
      new OptionCase(IPPROTO_IP, MCAST_LEAVE_GROUP, GROUPS),
      new OptionCase(IPPROTO_IPV6, MCAST_JOIN_GROUP, GROUPS),
      new OptionCase(IPPROTO_IPV6, MCAST_LEAVE_GROUP, GROUPS),
      new OptionCase(999, 1, List.of(1)));

  static Arbitrary<Op> getOption() {
    return Combinators.combine(handle(), Arbitraries.of(OPTIONS), Arbitraries.of(false, false, true))
        .as((h, o, alias) -> new Op.GetOption(h, o.level(), o.option(), alias));
  }

  static Arbitrary<Op> setOption() {
    return Combinators.combine(handle(), Arbitraries.of(OPTIONS), Arbitraries.integers().between(0, 6),
            Arbitraries.of(false, false, true))
        .as((h, o, i, alias) -> new Op.SetOption(h, o.level(), o.option(), o.values().get(i % o.values().size()), alias));
  }

  /**
   * An option set and read straight back on the same socket: random gets and sets seldom meet on
   * one socket, and a value the sim stores wrongly shows only when it is read.
   */
  static Arbitrary<List<Op>> optionRoundTrip() {
    return Combinators.combine(handle(), Arbitraries.of(OPTIONS), Arbitraries.integers().between(0, 6),
            Arbitraries.of(false, false, true))
        .as((h, o, i, alias) -> List.of(
            new Op.SetOption(h, o.level(), o.option(), o.values().get(i % o.values().size()), alias),
            new Op.GetOption(h, o.level(), o.option(), false)));
  }

  /**
   * Bytes sent on one end of a scenario's connection and received at once on the other: the
   * {@link #SCENARIOS} leave s1 and s2 (stream) or s1 and s0 (datagram) as peers, and random ops
   * seldom pick both ends in turn, so most of the data path (urgent data, passed sockets, control
   * truncation) would go unread.
   */
  static Arbitrary<List<Op>> transfer() {
    return Arbitraries.of(new int[] {1, 2}, new int[] {2, 1}, new int[] {1, 0})
        .flatMap(ends -> Combinators.combine(sendOn(ends[0]), receiveOn(ends[1])).as(List::of));
  }

  /**
   * Urgent data on a scenario's connection: a send with MSG_OOB, then the other end reads it out
   * of band, inline (SO_OOBINLINE) or not at all, or asks select about it.
   */
  static Arbitrary<List<Op>> urgentData() {
    Arbitrary<Integer> oobFlags = Arbitraries.of(MSG_OOB, MSG_OOB | MSG_PEEK, MSG_OOB | MSG_DONTWAIT, 0, MSG_PEEK);
    return Combinators.combine(Arbitraries.of(new int[] {1, 2}, new int[] {2, 1}), Arbitraries.of(1, 2, 5, 20),
            Arbitraries.of(false, false, true), Arbitraries.integers().between(0, 3), oobFlags, length())
        .as((ends, size, inline, kind, flags, length) -> {
          List<Op> ops = new ArrayList<>();
          if (inline) {
            ops.add(new Op.SetOption(ends[1], SOL_SOCKET, SO_OOBINLINE, 1, false));
          }
          ops.add(new Op.Send(ends[0], new Payload(size, size), size, MSG_OOB));
          switch (kind) {
            case 0 -> ops.add(new Op.Recv(ends[1], length, flags));
            case 1 -> ops.add(new Op.Recvmsg(ends[1], length, 0, flags));
            case 2 -> ops.add(new Op.Select(List.of(ends[1]), List.of(), List.of(ends[1]), 0, 0));
            default -> {
              ops.add(new Op.Recv(ends[1], length, 0));
              ops.add(new Op.Recv(ends[1], 1, MSG_OOB));
            }
          }
          return ops;
        });
  }

  /**
   * Sockets passed over a scenario's connection and received with more or less room for the
   * control message: SCM_RIGHTS that fit, fit in part (MSG_CTRUNC, the rest closed) or not at all.
   */
  static Arbitrary<List<Op>> passedSockets() {
    return Combinators.combine(Arbitraries.of(new int[] {1, 2}, new int[] {2, 1}, new int[] {1, 0}),
            handle().list().ofMinSize(1).ofMaxSize(3), payload(), Arbitraries.of(0, 16, 20, 24, 28, 32, 40, 64, 100),
            Arbitraries.of(0, 0, MSG_PEEK, MSG_DONTWAIT), length(), Arbitraries.of(false, false, true))
        .as((ends, rights, data, control, flags, length, credentials) -> {
          List<Op> ops = new ArrayList<>();
          if (credentials) {
            // credentials and sockets in one control buffer: which fits, and in what order
            ops.add(new Op.SetOption(ends[1], SOL_SOCKET, SO_PASSCRED, 1, false));
          }
          ops.add(new Op.Sendmsg(ends[0], List.of(data), null, rights, 0));
          ops.add(new Op.Recvmsg(ends[1], length, control, flags));
          return ops;
        });
  }

  /**
   * A sender that outruns its receiver: a scenario's socket given a small send or receive buffer
   * (TCP's are left as they are, see Run), written to several times, with or without a short
   * SO_SNDTIMEO to wait out, and read from now and then, so that the buffer limits, partial
   * writes and EAGAIN of a full buffer are reached.
   */
  static Arbitrary<List<Op>> backpressure() {
    Arbitrary<Integer> size = Arbitraries.of(1000, 3000, 20000, 70000);
    Arbitrary<List<Integer>> sizes = size.list().ofMinSize(2).ofMaxSize(4);
    return Combinators.combine(Arbitraries.of(new int[] {1, 2}, new int[] {2, 1}, new int[] {1, 0}),
            Arbitraries.of(SO_SNDBUF, SO_RCVBUF), Arbitraries.of(1, 4096, 10000), Arbitraries.of(false, true),
            sizes, Arbitraries.of(0, 1, 2, 3), Arbitraries.of(0, 100, 65536))
        .as((ends, option, bytes, waits, writes, readAfter, readLength) -> {
          List<Op> ops = new ArrayList<>();
          ops.add(new Op.SetOption(option == SO_SNDBUF ? ends[0] : ends[1], SOL_SOCKET, option, bytes, false));
          if (waits) {
            ops.add(new Op.SetOption(ends[0], SOL_SOCKET, SO_SNDTIMEO, WAIT, false));
          }
          for (int i = 0; i < writes.size(); i++) {
            ops.add(new Op.Write(ends[0], new Payload(writes.get(i), -1), null));
            if (i == readAfter && readLength > 0) {
              ops.add(new Op.Recv(ends[1], readLength, 0));
            }
          }
          ops.add(new Op.Select(List.of(), List.of(ends[0]), List.of(), 0, 0));
          return ops;
        });
  }

  /**
   * A new socket set up and bound at once, on the port of a socket the program holds or on port
   * 0, with or without SO_REUSEADDR, SO_REUSEPORT or IPV6_V6ONLY first, then maybe listening, and
   * asked its name: the port-sharing and dual-stack rules, which need a second socket on a port
   * already held, and which random ops seldom line up.
   */
  static Arbitrary<List<Op>> freshBinding() {
    int n = HandleModel.NEWEST;
    Arbitrary<Op> create = Combinators.combine(Arbitraries.of(AF_INET, AF_INET6, AF_INET6),
        Arbitraries.of(SOCK_STREAM, SOCK_STREAM, SOCK_DGRAM)).as((d, t) -> new Op.Create(d, t, 0));
    Arbitrary<List<Op>> options = Arbitraries.<Op>of(
        new Op.SetOption(n, SOL_SOCKET, SO_REUSEADDR, 1, false), new Op.SetOption(n, SOL_SOCKET, SO_REUSEPORT, 1, false),
        new Op.SetOption(n, IPPROTO_IPV6, IPV6_V6ONLY, 1, false), new Op.SetOption(n, IPPROTO_IPV6, IPV6_V6ONLY, 0, false))
        .list().ofMaxSize(2);
    Arbitrary<Endpoint> at = Combinators.combine(
            Arbitraries.of(Host.LOOPBACK, Host.WILDCARD, Host.WILDCARD, Host.ALTERNATE, Host.SPELLED),
            Arbitraries.frequencyOf(Tuple.of(3, listenerHandle().map(PortSpec::of)),
                Tuple.of(1, Arbitraries.of(0, 1, 2, 3).map(PortSpec::of)),
                Tuple.of(1, Arbitraries.just(PortSpec.zero()))))
        .as((host, port) -> new Endpoint(host, 0, port));
    Arbitrary<List<Op>> after = Arbitraries.<Op>of(
            new Op.Listen(n, 4), new Op.Getsockname(n), new Op.GetOption(n, IPPROTO_IPV6, IPV6_V6ONLY, false),
            new Op.Connect(n, new Endpoint(Host.LOOPBACK, 0, PortSpec.of(-1))))
        .list().ofMinSize(1).ofMaxSize(2);
    return Combinators.combine(create, options, at, after).as((c, o, e, a) -> {
      List<Op> ops = new ArrayList<>();
      ops.add(c);
      ops.addAll(o);
      ops.add(new Op.Bind(n, e));
      ops.addAll(a);
      return ops;
    });
  }

  /**
   * One end of a scenario's connection closes or shuts down (with SO_LINGER {1, 0} now and then,
   * and with bytes it has not read now and then), and the other end goes on: the FIN, RST and
   * EPIPE paths, which random ops reach only when they happen to pick both ends in turn.
   */
  static Arbitrary<List<Op>> teardown() {
    Arbitrary<Op> ending = Arbitraries.of(0, 1, 2, 3, 4).map(k -> switch (k) {
      case 0, 1 -> new Op.Close(0);
      case 2 -> new Op.Shutdown(0, SHUT_WR);
      case 3 -> new Op.Shutdown(0, SHUT_RD);
      default -> new Op.Shutdown(0, null);
    });
    Arbitrary<Op> after = Arbitraries.integers().between(0, 9).flatMap(k -> switch (k) {
      case 0, 1 -> payload().map(p -> (Op) new Op.Write(1, p, null));
      case 2 -> payload().map(p -> (Op) new Op.Send(1, p, p.size(), MSG_NOSIGNAL));
      case 3, 4 -> length().map(n -> (Op) new Op.Recv(1, n, 0));
      case 5 -> length().map(n -> (Op) new Op.Read(1, n, null));
      case 6 -> length().map(n -> (Op) new Op.Recv(0, n, 0));
      case 7 -> Arbitraries.just(new Op.Select(List.of(1), List.of(1), List.of(1), 0, 0));
      case 8 -> Arbitraries.just(new Op.GetOption(1, SOL_SOCKET, SO_ERROR, false));
      default -> payload().map(p -> (Op) new Op.Write(0, p, null));
    });
    return Combinators.combine(Arbitraries.of(new int[] {1, 2}, new int[] {2, 1}), Arbitraries.of(false, false, true),
            Arbitraries.of(false, false, true), ending, after.list().ofMinSize(1).ofMaxSize(4))
        .as((ends, abort, unread, end, rest) -> {
          List<Op> ops = new ArrayList<>();
          if (abort) {
            ops.add(new Op.SetOption(ends[0], SOL_SOCKET, SO_LINGER, new Linger(1, 0), false));
          }
          if (unread) {
            ops.add(new Op.Write(ends[1], new Payload(5, -1), null));
          }
          ops.add(onEnds(end, ends));
          for (Op op : rest) {
            ops.add(onEnds(op, ends));
          }
          return ops;
        });
  }

  /** An op written for ends 0 and 1, aimed at the scenario's sockets {@code ends[0]} and {@code ends[1]}. */
  private static Op onEnds(Op op, int[] ends) {
    if (op instanceof Op.Close c) return new Op.Close(ends[c.h()]);
    if (op instanceof Op.Shutdown d) return new Op.Shutdown(ends[d.h()], d.how());
    if (op instanceof Op.Write w) return new Op.Write(ends[w.h()], w.data(), w.length());
    if (op instanceof Op.Send w) return new Op.Send(ends[w.h()], w.data(), w.length(), w.flags());
    if (op instanceof Op.Recv r) return new Op.Recv(ends[r.h()], r.length(), r.flags());
    if (op instanceof Op.Read r) return new Op.Read(ends[r.h()], r.length(), r.mode());
    if (op instanceof Op.GetOption g) return new Op.GetOption(ends[g.h()], g.level(), g.option(), g.alias());
    if (op instanceof Op.Select s) {
      return new Op.Select(List.of(ends[1]), List.of(ends[1]), List.of(ends[1]), s.seconds(), s.microseconds());
    }
    return op;
  }

  private static Arbitrary<Op> sendOn(int h) {
    return Arbitraries.oneOf(
        Combinators.combine(payload(), writeLength()).as((data, length) -> new Op.Write(h, data, length)),
        Combinators.combine(payload(), sendFlags()).as((data, flags) -> new Op.Send(h, data, data.size(), flags)),
        Combinators.combine(payload().list().ofMinSize(1).ofMaxSize(2),
                handle().list().ofMinSize(1).ofMaxSize(2).injectNull(0.5))
            .as((iov, rights) -> new Op.Sendmsg(h, iov, null, rights, 0)));
  }

  private static Arbitrary<Op> receiveOn(int h) {
    return Arbitraries.oneOf(
        Combinators.combine(length(), recvFlags()).as((length, flags) -> new Op.Recv(h, length, flags)),
        Combinators.combine(length(), readMode()).as((length, mode) -> new Op.Read(h, length, mode)),
        Combinators.combine(length(), controlLength(), recvFlags())
            .as((length, control, flags) -> new Op.Recvmsg(h, length, control, flags)));
  }

  /**
   * A call that waits: a socket given a short SO_RCVTIMEO or SO_SNDTIMEO and then used, so that
   * the backends' blocking paths and timeouts run (most calls are made non-blocking: see
   * Run#waits). Aimed at a scenario's sockets, whose peers may or may not have sent anything.
   */
  static Arbitrary<List<Op>> waitingCall() {
    Arbitrary<Integer> h = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.integers().between(0, 2)),
        Tuple.of(1, handle()));
    Arbitrary<List<Op>> receive = Combinators.combine(h, Arbitraries.integers().between(0, 3), length(),
            recvFlags(), readMode(), controlLength())
        .as((handle, kind, length, flags, mode, control) -> List.of(
            new Op.SetOption(handle, SOL_SOCKET, SO_RCVTIMEO, WAIT, false),
            switch (kind) {
              case 0 -> new Op.Recv(handle, length, flags);
              case 1 -> new Op.Read(handle, length, mode);
              case 2 -> new Op.Recvmsg(handle, length, control, flags);
              default -> new Op.Accept(handle);
            }));
    Arbitrary<List<Op>> send = Combinators.combine(h, sendOn(0), peerEndpoint())
        .as((handle, sending, peer) -> List.of(
            new Op.SetOption(handle, SOL_SOCKET, SO_SNDTIMEO, WAIT, false),
            sending instanceof Op.Write w ? new Op.Write(handle, w.data(), w.length())
                : sending instanceof Op.Send d ? new Op.Send(handle, d.data(), d.length(), d.flags())
                : new Op.Connect(handle, peer)));
    return Arbitraries.frequencyOf(Tuple.of(3, receive), Tuple.of(1, send));
  }

  /**
   * A call that waits for another: one end of a scenario's connection given a short SO_RCVTIMEO
   * and a receive or select on it, while the other end sends, shuts down or closes; or a
   * listener's accept while a new socket connects to it (see {@link Op.Meanwhile}). On the sim
   * the waiter parks and only the kernel's wake-up lets it go on.
   */
  static Arbitrary<List<Op>> meanwhile() {
    Arbitrary<Payload> few = Combinators.combine(Arbitraries.of(1, 5, 20, 100, 1000), Arbitraries.of(-1, 0, 2, 10))
        .as(Payload::new);
    Arbitrary<Integer> flags = Arbitraries.of(0, 0, MSG_PEEK, MSG_WAITALL, MSG_TRUNC);
    Arbitrary<List<Op>> data = Combinators.combine(Arbitraries.of(new int[] {1, 2}, new int[] {2, 1}, new int[] {1, 0}),
            Arbitraries.integers().between(0, 4), length(), flags, readMode(), controlLength(),
            Arbitraries.integers().between(0, 7), few)
        .as((ends, kind, length, flag, mode, control, acting, bytes) -> {
          int w = ends[1];
          int a = ends[0];
          Op waiter = switch (kind) {
            case 0 -> new Op.Recv(w, length, flag);
            case 1 -> new Op.Read(w, length, mode);
            case 2 -> new Op.Recvmsg(w, length, control, flag);
            case 3 -> new Op.Recvfrom(w, length, flag);
            default -> new Op.Select(List.of(w), List.of(), List.of(w), 0, (int) WAIT.usec());
          };
          Op actor = switch (acting) {
            case 0, 1 -> new Op.Write(a, bytes, null);
            case 2 -> new Op.Send(a, bytes, bytes.size(), MSG_NOSIGNAL);
            case 3 -> new Op.Send(a, bytes, bytes.size(), MSG_OOB);
            case 4 -> new Op.Sendmsg(a, List.of(bytes, bytes), null, null, 0);
            case 5 -> new Op.Close(a);
            case 6 -> new Op.Shutdown(a, SHUT_WR);
            default -> new Op.Shutdown(a, SHUT_RDWR);
          };
          return List.of(new Op.SetOption(w, SOL_SOCKET, SO_RCVTIMEO, WAIT, false), new Op.Meanwhile(waiter, actor));
        });
    // the waiting socket itself shut down, or (UDP) sending to itself or to where nobody listens
    Arbitrary<List<Op>> itself = Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 2),
            Arbitraries.of(SHUT_RD, SHUT_WR, SHUT_RDWR), few, Arbitraries.of(0, 1, 2, 3).map(PortSpec::of))
        .as((w, acting, how, bytes, port) -> {
          Op actor = switch (acting) {
            case 0 -> new Op.Shutdown(w, how);
            case 1 -> new Op.Send(w, bytes, bytes.size(), 0);
            default -> new Op.Sendto(w, bytes, bytes.size(), 0, new Endpoint(Host.LOOPBACK, 0, port));
          };
          return List.of(new Op.SetOption(w, SOL_SOCKET, SO_RCVTIMEO, WAIT, false),
              new Op.Meanwhile(new Op.Recv(w, 100, 0), actor));
        });
    // the scenarios' listeners: TCP on s0's port (over IPv4 or IPv6), AF_UNIX on the run's path
    Arbitrary<List<Op>> accept = Arbitraries.integers().between(0, 2).map(k -> {
      Op create = new Op.Create(k == 0 ? AF_INET : k == 1 ? AF_INET6 : AF_UNIX, SOCK_STREAM, 0);
      Endpoint listener = new Endpoint(Host.LOOPBACK, 0, k == 2 ? PortSpec.none() : PortSpec.of(0));
      return List.of(new Op.SetOption(0, SOL_SOCKET, SO_RCVTIMEO, WAIT, false), create,
          new Op.Meanwhile(new Op.Accept(0), new Op.Connect(HandleModel.NEWEST, listener)));
    });
    return Arbitraries.frequencyOf(Tuple.of(4, data), Tuple.of(1, accept), Tuple.of(2, itself));
  }

  /**
   * A call that waits on a socket while another task closes that very socket: a receive (recv,
   * recv MSG_WAITALL, read, recvfrom, recvmsg) or select on one end of a scenario's connection,
   * or an accept on a scenario's listener (s0), each with a short SO_RCVTIMEO; the close ends the
   * wait with EBADF on both backends (see Run's meanwhile), and a call on the closed socket after
   * it throws IllegalStateException.
   */
  /**
   * The timeout of a call that another task closes under: the longest the harness allows, since
   * on the kernel the closing thread must get a core while the call waits, which a loaded machine
   * can delay past a shorter one; the close ends the wait long before it anyway.
   */
  static final Timeval CLOSE_WAIT = new Timeval(0, Run.LONGEST_WAIT_MICROS);

  static Arbitrary<List<Op>> closedUnderAWaiter() {
    return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 6),
            Arbitraries.integers().between(0, 2))
        .as((w, kind, after) -> {
          Op waiter = switch (kind) {
            case 0 -> new Op.Recv(w, 100, 0);
            case 1 -> new Op.Recv(w, 100, MSG_WAITALL);
            case 2 -> new Op.Read(w, 100, null);
            case 3 -> new Op.Recvfrom(w, 100, 0);
            case 4 -> new Op.Recvmsg(w, 100, 64, 0);
            case 5 -> new Op.Select(List.of(w), List.of(), List.of(w), 0, (int) CLOSE_WAIT.usec());
            default -> new Op.Accept(w);
          };
          Op use = switch (after) {
            case 0 -> new Op.Recv(w, 10, 0);
            case 1 -> new Op.Getsockname(w);
            default -> new Op.SocketLastError(w);
          };
          return List.of(new Op.SetOption(w, SOL_SOCKET, SO_RCVTIMEO, CLOSE_WAIT, false),
              new Op.Meanwhile(waiter, new Op.Close(w)), use);
        });
  }

  /**
   * One end of a scenario's connection exported as a stream and used through it, the other end
   * used as a socket: the stream view's reads and writes (end of stream, a read that finds
   * nothing on the harness's non-blocking socket, a write after the peer has gone).
   */
  static Arbitrary<List<Op>> streamView() {
    Arbitrary<Payload> few = Combinators.combine(Arbitraries.of(0, 1, 5, 100, 1000), Arbitraries.of(-1, 0, 2))
        .as(Payload::new);
    return Combinators.combine(Arbitraries.of(new int[] {1, 2}, new int[] {2, 1}, new int[] {1, 0}), few, few,
            Arbitraries.of(0, 1, 16, 4096), Arbitraries.integers().between(0, 3))
        .as((ends, out, in, length, ending) -> {
          List<Op> ops = new ArrayList<>();
          ops.add(new Op.ExportStream(ends[0]));
          ops.add(new Op.StreamWrite(-1, out));
          ops.add(new Op.Recv(ends[1], 4096, 0));
          ops.add(new Op.Write(ends[1], in, null));
          switch (ending) {
            case 0 -> ops.add(new Op.Shutdown(ends[1], SHUT_WR));
            case 1 -> ops.add(new Op.Close(ends[1]));
            default -> { }
          }
          ops.add(new Op.StreamRead(-1, length));
          ops.add(new Op.StreamRead(-1, length));
          if (ending == 1) {
            ops.add(new Op.StreamWrite(-1, out));
          }
          return ops;
        });
  }

  /**
   * One end of an AF_UNIX datagram pair, holding datagrams from the other, connects elsewhere:
   * Linux drops what it held and, since the other end was connected back to it, reports
   * ECONNRESET there; the other end's sends are then EPERM (it may no longer send to a socket
   * connected to someone else).
   */
  static Arbitrary<List<Op>> datagramReconnect() {
    int n = HandleModel.NEWEST;
    Endpoint elsewhere = new Endpoint(Host.WILDCARD, 2, PortSpec.none());
    return Combinators.combine(Arbitraries.of(0, 1, 2), Arbitraries.of(false, true)).as((sent, fromNewSocket) -> {
      List<Op> ops = new ArrayList<>();
      ops.add(new Op.CreatePair(AF_UNIX, SOCK_DGRAM, 0));              // a = n - 1, b = n
      for (int i = 0; i < sent; i++) {
        ops.add(new Op.Send(n, new Payload(5, -1), 5, 0));
      }
      ops.add(new Op.Create(AF_UNIX, SOCK_DGRAM, 0));                  // c = n; a = n - 2, b = n - 1
      ops.add(new Op.Bind(n, elsewhere));
      ops.add(new Op.Connect(n - 2, fromNewSocket ? elsewhere : new Endpoint(Host.WILDCARD, 3, PortSpec.none())));
      ops.add(new Op.Recv(n - 2, 100, 0));
      ops.add(new Op.GetOption(n - 1, SOL_SOCKET, SO_ERROR, false));
      ops.add(new Op.Send(n - 1, new Payload(5, -1), 5, 0));
      ops.add(new Op.Recv(n - 1, 100, 0));
      return ops;
    });
  }

  /**
   * One socket joins and leaves multicast groups several times over: a group joined twice, by
   * name and by index, left twice, joined again, on IPv4 and IPv6 sockets (of either type).
   */
  static Arbitrary<List<Op>> multicastGroups() {
    int n = HandleModel.NEWEST;
    Arbitrary<Op> change = Combinators.combine(Arbitraries.of(MCAST_JOIN_GROUP, MCAST_JOIN_GROUP, MCAST_LEAVE_GROUP),
            Arbitraries.of(IPPROTO_IP, IPPROTO_IPV6), Arbitraries.of(GROUPS))
        .as((option, level, group) -> new Op.SetOption(n, level, option, group, false));
    return Combinators.combine(Arbitraries.of(AF_INET, AF_INET6), Arbitraries.of(SOCK_DGRAM, SOCK_DGRAM, SOCK_STREAM),
            change.list().ofMinSize(3).ofMaxSize(6))
        .as((family, type, changes) -> {
          List<Op> ops = new ArrayList<>();
          ops.add(new Op.Create(family, type, 0));
          ops.addAll(changes);
          return ops;
        });
  }

  /**
   * A TCP socket connected to its own address and port: its SYN meets itself (a simultaneous
   * open), and the connection talks to itself.
   */
  static Arbitrary<List<Op>> selfConnect() {
    int n = HandleModel.NEWEST;
    return Combinators.combine(Arbitraries.of(AF_INET, AF_INET6), Arbitraries.of(1, 5, 100), Arbitraries.integers().between(0, 2))
        .as((family, size, ending) -> {
          List<Op> ops = new ArrayList<>();
          ops.add(new Op.Create(family, SOCK_STREAM, 0));
          ops.add(new Op.Bind(n, new Endpoint(Host.LOOPBACK, 0, PortSpec.zero())));
          ops.add(new Op.Connect(n, new Endpoint(Host.LOOPBACK, 0, PortSpec.of(n))));
          ops.add(new Op.Getpeername(n));
          ops.add(new Op.Send(n, new Payload(size, -1), size, 0));
          ops.add(new Op.Recv(n, 100, 0));
          switch (ending) {
            case 0 -> ops.add(new Op.Shutdown(n, SHUT_WR));
            case 1 -> ops.add(new Op.Listen(n, 1));
            default -> ops.add(new Op.Connect(n, new Endpoint(Host.LOOPBACK, 0, PortSpec.of(n))));
          }
          ops.add(new Op.Recv(n, 100, 0));
          ops.add(new Op.Select(List.of(n), List.of(n), List.of(n), 0, 0));
          return ops;
        });
  }

  /**
   * A connect that meets a full accept queue: a listener with a backlog of 0 or 1 holds one
   * connection more than its backlog, so the next SYN is dropped and the connect stays in
   * progress (the settle gives up after half a second); once an accept makes room, the client's
   * SYN retransmission, a second after its first SYN, gets it in, which a select of 1.5 s waits
   * for. The kernel takes about a second of real time for this, hence its rarity.
   */
  static Arbitrary<List<Op>> fullAcceptQueue() {
    Endpoint listener = new Endpoint(Host.LOOPBACK, 0, PortSpec.of(-1));
    int newest = HandleModel.NEWEST;
    return Arbitraries.of(0, 1).map(backlog -> {
      List<Op> ops = new ArrayList<>();
      ops.add(new Op.CreateListen(0, backlog));
      for (int i = 0; i <= backlog + 1; i++) {
        ops.add(new Op.Create(AF_INET, SOCK_STREAM, 0));
        ops.add(new Op.Connect(newest, listener));
      }
      ops.add(new Op.Accept(-1));
      // the connect that waits is the socket made before the one accept just made
      ops.add(new Op.Select(List.of(), List.of(newest - 1), List.of(), 1, 500_000));
      ops.add(new Op.Accept(-1));
      return ops;
    });
  }

  static Arbitrary<Op> lookup() {
    Arbitrary<String> host = Arbitraries.frequencyOf(Tuple.of(14, Arbitraries.frequency(Tuple.of(5, "127.0.0.1"),
            Tuple.of(3, "::1"), Tuple.of(2, "localhost"), Tuple.of(1, "0.0.0.0"), Tuple.of(1, "::ffff:127.0.0.1"),
            Tuple.of(1, "256.1.1.1"), Tuple.of(1, "not a host"))),
        Tuple.of(2, Arbitraries.of(NUMERIC_FORMS)));
    Arbitrary<Integer> serviceOfSocket = handle().injectNull(0.5);
    // No service may name a port of its own: glibc takes "99999" as 34463, a port some other
    // process may hold (and the other run of the same program, on the same kernel, does).
    // "65536" wraps to 0.
    Arbitrary<String> service = Arbitraries.of("0", "65536", "no-such-service").injectNull(0.6);
    Arbitrary<Map<String, Integer>> hints = Combinators.combine(
            Arbitraries.of(0, AI_PASSIVE, AI_NUMERICHOST, AI_CANONNAME, AI_NUMERICSERV, AI_PASSIVE | AI_NUMERICHOST)
                .injectNull(0.3),
            Arbitraries.of(AF_INET, AF_INET6, 0, 99).injectNull(0.4),
            Arbitraries.of(SOCK_STREAM, SOCK_DGRAM, 0).injectNull(0.4),
            Arbitraries.of(0, IPPROTO_TCP).injectNull(0.7))
        .as((flags, family, socktype, protocol) -> {
          Map<String, Integer> m = new HashMap<>();
          putIfSet(m, "ai_flags", flags);
          putIfSet(m, "ai_family", family);
          putIfSet(m, "ai_socktype", socktype);
          putIfSet(m, "ai_protocol", protocol);
          return m;
        })
        .injectNull(0.3);
    return Combinators.combine(host, serviceOfSocket, service, hints).as(ProgramArbitraries::numericUnlessLocal);
  }

  /**
   * Numeric hosts in other spellings (a trailing dot, IPv6 written out in full or with a group too
   * many, inet_aton's short, octal and hexadecimal IPv4, one that inet_aton refuses): they always
   * get AI_NUMERICHOST, since one that does not parse would otherwise go to the resolver.
   */
  static final List<String> NUMERIC_FORMS = List.of("127.0.0.1.", "0:0:0:0:0:0:0:1", "1:2:3:4:5:6:7:8:9", "127.1",
      "0x7f.0.0.1", "0177.0.0.1", "2130706433", "08.0.0.1");

  /** Any host but a numeric one or {@code localhost} gets AI_NUMERICHOST: no query leaves the machine. */
  static Op.AddrinfoLookup numericUnlessLocal(String host, Integer serviceOfSocket, String service,
      Map<String, Integer> hints) {
    boolean resolvable = !NUMERIC_FORMS.contains(host) && (host.equals("localhost")
        || host.matches("[0-9.]+") && !host.startsWith("256") || host.contains(":"));
    if (!resolvable) {
      Map<String, Integer> numeric = new HashMap<>(hints == null ? Map.of() : hints);
      numeric.merge("ai_flags", AI_NUMERICHOST, (a, b) -> a | b);
      hints = numeric;
    }
    return new Op.AddrinfoLookup(host, serviceOfSocket, service, hints == null ? null : Map.copyOf(hints));
  }

  private static void putIfSet(Map<String, Integer> m, String key, Integer value) {
    if (value != null) {
      m.put(key, value);
    }
  }

  static Arbitrary<Op> cmsgSpace() {
    List<int[]> pairs = new ArrayList<>(List.of(new int[] {SOL_SOCKET, SCM_RIGHTS},
        new int[] {SOL_SOCKET, SCM_CREDENTIALS}, new int[] {IPPROTO_IPV6, IPV6_PKTINFO}, new int[] {999, 1}));
    return Combinators.combine(Arbitraries.of(pairs), Arbitraries.of(0, 1, 3, -1, Integer.MAX_VALUE))
        .as((p, n) -> new Op.CmsgSpace(p[0], p[1], n));
  }
}
