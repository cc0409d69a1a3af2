package dev.twinsock.sim;

import static dev.twinsock.SocketConstants.AF_INET;
import static dev.twinsock.SocketConstants.AF_INET6;

import dev.twinsock.spi.LeakReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A deterministic simulated network: hosts that speak the twinsock socket API, links between them
 * with latency, jitter and loss, and a virtual clock. The same seed and program give the same run,
 * byte for byte, on any machine; {@link #trace()} proves it.
 *
 * <pre>{@code
 * SimNetwork net = SimNetwork.builder().seed(42).build();
 * SimHost server = net.addHost("server", "10.0.0.1");
 * SimHost client = net.addHost("client", "10.0.0.2");
 * net.link(server, client).latency(Duration.ofMillis(5)).loss(0.1);
 * net.spawn(server, "echo", () -> { Socket l = server.createListen(7); Socket c = l.accept(); c.write(c.read(100)); });
 * net.spawn(client, "ping", () -> { Socket s = client.create(AF_INET, SOCK_STREAM, SOL_TCP); s.connect("server", 7); ... });
 * net.run();
 * }</pre>
 *
 * <h2>How it works</h2>
 *
 * <p><b>Scheduler.</b> Simulated code runs in tasks ({@link #spawn}); each has a thread from one
 * factory (virtual threads on Java 21+, platform threads on 17), but a single permit passes
 * between them, so exactly one runs at a time. A blocking socket call parks its task on the wait
 * queue of the socket; the task giving up the permit picks its successor itself — the first ready
 * task in FIFO order, or, when none is ready, it pops the next event of the event queue (ordered by
 * virtual time, then by scheduling order), moves the {@code VirtualClock} to it and runs it. So a
 * blocking call costs one thread hand-off, and a blocked task costs nothing. A thread that is no
 * task — a test method — is the <i>driver</i>: its blocking calls (and {@link #run()}) run the same
 * loop inline, so a single-threaded test needs no tasks at all. Nothing ready, no event and someone
 * waiting is a deadlock: {@link SimDeadlockException} names each task and the call it waits in.
 *
 * <p><b>Kernel.</b> Each host has a {@code NetworkStack}: port tables with Linux's bind rules, TCP
 * connections ({@code TcpSocket}: handshake, accept queue, buffers, retransmission, FIN, RST,
 * TIME_WAIT), UDP sockets and an AF_UNIX namespace. It has no threads and reads no clock: packets
 * reach it as events, and its timers are events. Packets between hosts cross a {@link SimLink}; to
 * the host itself they go over loopback with no delay.
 *
 * <p><b>Faults.</b> Links ({@link #link}, {@link #linkDefaults()}) add latency ({@link Latency}),
 * loss, duplication, reordering, bandwidth with a drop-tail queue and an MTU, per direction;
 * {@link #partition} and {@link #partitionOneWay} cut groups of hosts ({@link Partition}),
 * {@link #hold}/{@link #release} hold packets, and {@link #inFlight()} hands single packets
 * ({@link InFlightPacket}) to the test. Hosts {@link SimHost#crash()}, {@link SimHost#restart()},
 * {@link SimHost#pause()} and drift. Inside the kernel, buggify sites inject short reads, resets
 * and failed lookups at the rates of a {@link FaultPlan} ({@link #faults(FaultPlan)}).
 *
 * <p><b>Determinism.</b> Randomness is split from the seed by name — one stream per host, one per
 * link direction — so adding a host does not change what another link draws. No hash order,
 * identity hash or wall clock reaches any decision; every packet, drop and task switch is written
 * to the {@link SimTrace} with its virtual time, and {@link SimTrace#writePcap} writes the packets
 * for Wireshark.
 */
public final class SimNetwork implements AutoCloseable {
  private final long seed;
  private final boolean privileged;
  private final SimTrace trace = new SimTrace();
  private final Scheduler scheduler;
  private final NameService names = new NameService(this);
  private final LinkedHashMap<String, SimHost> hosts = new LinkedHashMap<>();
  // looked up by key only, never iterated
  private final Map<IpAddress, SimHost> byAddress = new HashMap<>();
  private final Map<String, LinkDirection[]> links = new HashMap<>();
  /** Each link direction by sender and receiver name, for the packet path: no key is built per packet. */
  private final Map<String, Map<String, LinkDirection>> outgoing = new HashMap<>();
  private final LinkSettings linkDefaults = new LinkSettings();
  private FaultPlan faults = FaultPlan.none();
  /** Active partitions and holds, in the order they were made. */
  private final List<Partition> partitions = new ArrayList<>();
  /** Packets between hosts that have not arrived, in the order they were sent. */
  private final LinkedHashSet<InFlightPacket> inFlight = new LinkedHashSet<>();

  private final String congestionControl;
  private final int rmemMax;
  private final int timerHz;
  private final int tcpRmemMax;
  private final int wmemMax;
  private final List<IpAddress> localhost;
  private final dev.twinsock.Credentials firstCredentials;
  private final boolean fixedTcpRoles;
  private final TcpSysctls tcpSysctls;

  private SimNetwork(Builder builder) {
    this.seed = builder.seed;
    this.privileged = builder.privileged;
    this.congestionControl = builder.congestionControl;
    this.rmemMax = builder.rmemMax;
    this.timerHz = builder.timerHz;
    this.tcpRmemMax = builder.tcpRmemMax;
    this.wmemMax = builder.wmemMax;
    this.localhost = builder.localhost;
    this.fixedTcpRoles = builder.fixedTcpRoles;
    this.tcpSysctls = builder.tcpSysctls.copy();
    int uid = builder.privileged ? 0 : 1000;
    this.firstCredentials = builder.credentials != null ? builder.credentials
        : new dev.twinsock.Credentials(1000, uid, uid);
    this.trace.capacity(builder.traceCapacity);
    this.scheduler = new Scheduler(seed, trace);
    this.scheduler.realTimeBudget(builder.realTimeBudget.toNanos());
  }

  /** A builder with the defaults: seed 0, privileged ports as the user running the JVM. */
  public static Builder builder() {
    return new Builder();
  }

  /** Configures a {@link SimNetwork}. */
  public static final class Builder {
    private long seed;
    private boolean privileged = "root".equals(System.getProperty("user.name"));
    private int traceCapacity = SimTrace.DEFAULT_CAPACITY;
    private String congestionControl = "cubic";
    private int rmemMax = 212992;
    private int wmemMax = 212992;
    private List<IpAddress> localhost = List.of(IpAddress.LOOPBACK6, IpAddress.LOOPBACK4);
    private dev.twinsock.Credentials credentials;
    private boolean fixedTcpRoles;
    private final TcpSysctls tcpSysctls = new TcpSysctls();
    private Duration realTimeBudget = Duration.ofSeconds(10);
    private int timerHz = 250;
    private int tcpRmemMax = 6291456;

    private Builder() {}

    /**
     * The most a TCP receive buffer may grow to, the third value of the sysctl net.ipv4.tcp_rmem:
     * by default 6291456, Linux's default. It caps SO_RCVLOWAT on a TCP socket whose SO_RCVBUF is
     * not set (at half of it).
     */
    public Builder tcpReceiveBufferMax(int bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("not a buffer size: " + bytes);
      }
      this.tcpRmemMax = bytes;
      return this;
    }

    /**
     * The frequency of the kernel's timer tick (CONFIG_HZ): SO_RCVTIMEO and SO_SNDTIMEO are kept in
     * ticks, so a timeout is rounded up to one and reads back so. By default 250, the kernel's
     * default configuration; a kernel reports its own as the microseconds a 1 µs SO_RCVTIMEO reads
     * back as (10^6 / HZ).
     */
    public Builder timerHz(int hz) {
      if (hz < 1 || hz > 1_000_000) {
        throw new IllegalArgumentException("not a timer frequency: " + hz);
      }
      this.timerHz = hz;
      return this;
    }

    /**
     * The TCP congestion control a new socket reports (TCP_CONGESTION), as the sysctl
     * net.ipv4.tcp_congestion_control sets it: by default {@code cubic}, Linux's built-in default.
     * The sim does not model congestion control; the name is stored and read back, and a socket
     * may set it, {@code cubic} or {@code reno}.
     */
    public Builder congestionControl(String name) {
      if (name == null || name.isEmpty() || name.length() >= 16) {
        throw new IllegalArgumentException("not a congestion control name: " + name);
      }
      this.congestionControl = name;
      return this;
    }

    /**
     * The caps on SO_RCVBUF and SO_SNDBUF before Linux doubles them, as the sysctls
     * net.core.rmem_max and net.core.wmem_max set them: by default 212992 each, Linux's defaults.
     */
    public Builder bufferLimits(int rmemMax, int wmemMax) {
      if (rmemMax < 1 || wmemMax < 1) {
        throw new IllegalArgumentException("buffer limits must be positive: " + rmemMax + ", " + wmemMax);
      }
      this.rmemMax = rmemMax;
      this.wmemMax = wmemMax;
      return this;
    }

    /**
     * The numeric addresses {@code localhost} resolves to, in the order getaddrinfo returns them,
     * as /etc/hosts lists them: by default {@code ::1} then {@code 127.0.0.1}, a stock Linux hosts
     * file. Each must be a loopback address.
     */
    public Builder localhost(List<String> addresses) {
      List<IpAddress> parsed = new ArrayList<>();
      for (String text : addresses) {
        IpAddress address = IpAddress.parse(text);
        if (address == null || !address.isLoopback()) {
          throw new IllegalArgumentException("not a loopback address: " + text);
        }
        parsed.add(address);
      }
      this.localhost = List.copyOf(parsed);
      return this;
    }

    /**
     * The pid, uid and gid of the first host's simulated process, as SO_PEERCRED and
     * SCM_CREDENTIALS report them; each later host's pid is one more. By default pid 1000, and
     * uid and gid 0 when {@link #privileged}, else 1000.
     */
    public Builder credentials(int pid, int uid, int gid) {
      this.credentials = new dev.twinsock.Credentials(pid, uid, gid);
      return this;
    }

    /**
     * Whether a TCP socket keeps the role it first took: kernel builds differ. By default, the
     * long-standing Linux answer, a socket whose connect was refused may listen, and a listener
     * shut down (SHUT_RD) may connect. With fixed roles, as a 6.18.44 build answers, a socket that
     * sent a SYN can never listen (EINVAL, once the listen has taken a port, which the socket
     * keeps), and one that listened can never connect (EINVAL, after the route is checked); each
     * may still do again what it did before.
     */
    public Builder fixedTcpRoles(boolean fixed) {
      this.fixedTcpRoles = fixed;
      return this;
    }

    /**
     * SYN retransmissions before a connect times out, as net.ipv4.tcp_syn_retries sets it: by
     * default 6, Linux's. A socket's TCP_SYNCNT overrides it. The connect gives up once the time
     * that many backoffs from 1 s take has passed, or after that many tries plus the linear ones.
     */
    public Builder tcpSynRetries(int retries) {
      tcpSysctls.synRetries = TcpSysctls.bounded(retries, 1, 127, "tcp_syn_retries");
      return this;
    }

    /**
     * How many SYN retransmissions go out at the initial RTO (1 s) before it doubles, as
     * net.ipv4.tcp_syn_linear_timeouts sets it: by default 4, as Linux 6.5 and later; 0 doubles
     * from the first, as older kernels do.
     */
    public Builder tcpSynLinearTimeouts(int timeouts) {
      tcpSysctls.synLinearTimeouts = TcpSysctls.bounded(timeouts, 0, 16, "tcp_syn_linear_timeouts");
      return this;
    }

    /**
     * How long an established connection retransmits before ETIMEDOUT, as net.ipv4.tcp_retries2
     * sets it: the time that many backoffs from 200 ms take (capped at 120 s each), counted from
     * the first retransmission; by default 15 (about 924.6 s), Linux's.
     */
    public Builder tcpRetries2(int retries) {
      tcpSysctls.retries2 = TcpSysctls.bounded(retries, 0, 255, "tcp_retries2");
      return this;
    }

    /**
     * The keepalive timer of a socket with SO_KEEPALIVE, as net.ipv4.tcp_keepalive_time,
     * tcp_keepalive_intvl (both in seconds) and tcp_keepalive_probes set it: by default 7200, 75
     * and 9, Linux's. A socket's TCP_KEEPIDLE, TCP_KEEPINTVL and TCP_KEEPCNT override them.
     */
    public Builder tcpKeepalive(int timeSeconds, int intervalSeconds, int probes) {
      tcpSysctls.keepaliveTime = TcpSysctls.bounded(timeSeconds, 1, 32767, "tcp_keepalive_time");
      tcpSysctls.keepaliveIntvl = TcpSysctls.bounded(intervalSeconds, 1, 32767, "tcp_keepalive_intvl");
      tcpSysctls.keepaliveProbes = TcpSysctls.bounded(probes, 1, 127, "tcp_keepalive_probes");
      return this;
    }

    /** The seed every random draw of the network derives from. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * How long, in real time, a task may keep the simulation to itself before the driver logs a
     * warning with the task's stack (by default 10 s): a task blocked on something the simulation
     * cannot see (Thread.sleep, a real socket, a lock) stalls every other task without a word.
     */
    public Builder realTimeBudget(Duration budget) {
      if (budget.isNegative() || budget.isZero()) {
        throw new IllegalArgumentException("the real-time budget must be positive: " + budget);
      }
      this.realTimeBudget = budget;
      return this;
    }

    /** Whether the hosts' processes may bind ports below 1024 (as root). */
    public Builder privileged(boolean privileged) {
      this.privileged = privileged;
      return this;
    }

    /**
     * How many trace events the network keeps for {@link SimTrace#events()}, {@link
     * SimTrace#toText()} and {@link SimTrace#writePcap}: the newest {@code events} of them (by
     * default {@value SimTrace#DEFAULT_CAPACITY}); 0 keeps none, {@link Integer#MAX_VALUE} keeps
     * every event and every packet's payload. {@link SimTrace#hash()} covers every event either way.
     */
    public Builder traceCapacity(int events) {
      if (events < 0) {
        throw new IllegalArgumentException("a trace capacity cannot be negative: " + events);
      }
      this.traceCapacity = events;
      return this;
    }

    /**
     * Whether the trace keeps every event ({@code traceCapacity(Integer.MAX_VALUE)}) or none
     * ({@code traceCapacity(0)}); the hash covers every event either way.
     */
    public Builder keepTraceEvents(boolean keep) {
      return traceCapacity(keep ? Integer.MAX_VALUE : 0);
    }

    /** A network with no hosts yet, its virtual clock at zero. */
    public SimNetwork build() {
      return new SimNetwork(this);
    }
  }

  /** The seed, for messages that let a run be replayed. */
  public long seed() {
    return seed;
  }

  /** Adds a host with an IPv4 address on {@code eth0}. */
  public SimHost addHost(String name, String ipv4) {
    return addHost(name, ipv4, null);
  }

  /** Adds a host with an IPv4 and an IPv6 address on {@code eth0}. */
  public SimHost addHost(String name, String ipv4, String ipv6) {
    if (name == null || name.isEmpty() || name.equals("localhost") || IpAddress.parse(name) != null) {
      throw new IllegalArgumentException("a host needs a name that is not an address or localhost: " + name);
    }
    if (hosts.containsKey(name)) {
      throw new IllegalArgumentException("there is already a host named " + name);
    }
    IpAddress v4 = IpAddress.parse(ipv4);
    if (v4 == null || !v4.isV4() || v4.isAny() || v4.isLoopback() || v4.isBroadcast()) {
      throw new IllegalArgumentException("not a usable IPv4 host address: " + ipv4);
    }
    IpAddress v6 = null;
    if (ipv6 != null) {
      v6 = IpAddress.parse(ipv6);
      if (v6 == null || v6.isV4() || v6.isAny() || v6.isLoopback() || v6.isV4Mapped()) {
        throw new IllegalArgumentException("not a usable IPv6 host address: " + ipv6);
      }
    }
    if (byAddress.containsKey(v4) || (v6 != null && byAddress.containsKey(v6))) {
      throw new IllegalArgumentException("address already taken: " + ipv4 + (ipv6 == null ? "" : " or " + ipv6));
    }
    dev.twinsock.Credentials credentials = new dev.twinsock.Credentials(firstCredentials.pid() + hosts.size(),
        firstCredentials.uid(), firstCredentials.gid());
    SimHost host = new SimHost(this, name, v4, v6, credentials, privileged, seed);
    hosts.put(name, host);
    byAddress.put(v4, host);
    if (v6 != null) {
      byAddress.put(v6, host);
    }
    trace.record(scheduler.now(), "host " + name + " " + v4 + (v6 == null ? "" : " " + v6));
    return host;
  }

  /**
   * Applies a fault plan from now on: its loss, duplication, reordering and latency become the
   * {@link #linkDefaults()}, and its socket-level rates apply to every host's kernel. A task failure
   * or deadlock then names the plan beside the seed.
   */
  public void faults(FaultPlan plan) {
    if (plan == null) {
      throw new IllegalArgumentException("plan must not be null; FaultPlan.none() turns every fault off");
    }
    faults = plan;
    trace.record(scheduler.now(), "faults " + plan);
    linkDefaults.loss = plan.loss();
    linkDefaults.duplication = plan.duplication();
    linkDefaults.reorder = plan.reorder();
    if (plan.latency() != null) {
      linkDefaults.latency = plan.latency();
    }
    scheduler.context(plan == FaultPlan.none() ? null : plan.toString());
  }

  /** The fault plan in force: {@link FaultPlan#none()} unless {@link #faults(FaultPlan)} set one. */
  public FaultPlan faults() {
    return faults;
  }

  /**
   * Runs {@code scenario} twice, each time on a fresh network built with {@code seed}, and compares
   * the traces event by event. Returns the trace hash when they agree; otherwise throws an {@link
   * AssertionError} naming the first event that differs, with both versions. An exception from the
   * scenario counts as its last event (and is rethrown when both runs agree).
   */
  public static String checkDeterminism(long seed, java.util.function.Consumer<SimNetwork> scenario) {
    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();
    RuntimeException[] failure = new RuntimeException[1];
    String hash = runRecording(seed, scenario, first, failure);
    runRecording(seed, scenario, second, new RuntimeException[1]);
    int n = Math.min(first.size(), second.size());
    for (int i = 0; i <= n; i++) {
      String a = i < first.size() ? first.get(i) : "(no more events)";
      String b = i < second.size() ? second.get(i) : "(no more events)";
      if (!a.equals(b)) {
        throw new AssertionError("not deterministic (seed " + seed + "): event " + (i + 1) + " differs\n  first run:  " + a
            + "\n  second run: " + b + (i > 0 ? "\n  after:      " + first.get(i - 1) : ""));
      }
      if (i == n) {
        break;
      }
    }
    if (failure[0] != null) {
      throw failure[0];
    }
    return hash;
  }

  private static String runRecording(long seed, java.util.function.Consumer<SimNetwork> scenario, List<String> events,
      RuntimeException[] failure) {
    // every event, to name the first that differs
    SimNetwork net = builder().seed(seed).traceCapacity(Integer.MAX_VALUE).build();
    try {
      scenario.accept(net);
    } catch (RuntimeException e) {
      failure[0] = e;
    } finally {
      net.close();
    }
    events.addAll(net.trace().events());
    if (failure[0] != null) {
      events.add("scenario threw " + failure[0]);
    }
    return net.trace().hash();
  }

  /** The hosts, in the order they were added. */
  public List<SimHost> hosts() {
    return new ArrayList<>(hosts.values());
  }

  /** The link between two hosts (both directions), made on first use with no latency and no loss. */
  public SimLink link(SimHost a, SimHost b) {
    LinkDirection[] pair = directions(a, b);
    return new SimLink(this, pair[0].from.name() + "-" + pair[0].to.name(), List.of(pair[0].settings, pair[1].settings),
        List.of(pair[0], pair[1]));
  }

  /**
   * The network's default link: what every link direction uses for each setting it does not set
   * itself. Cutting it is meaningless: use {@link #partition}.
   */
  public SimLink linkDefaults() {
    return new SimLink(this, "defaults", List.of(linkDefaults), List.of());
  }

  private LinkDirection[] directions(SimHost a, SimHost b) {
    if (a == b) {
      throw new IllegalArgumentException("a host reaches itself over loopback, not a link");
    }
    if (hosts.get(a.name()) != a || hosts.get(b.name()) != b) {
      throw new IllegalArgumentException("both hosts must belong to this network: " + a + ", " + b);
    }
    boolean ordered = a.name().compareTo(b.name()) < 0;
    SimHost first = ordered ? a : b;
    SimHost second = ordered ? b : a;
    LinkDirection[] pair = links.computeIfAbsent(first.name() + "\0" + second.name(),
        k -> new LinkDirection[] {new LinkDirection(first, second, seed), new LinkDirection(second, first, seed)});
    return pair;
  }

  LinkDirection direction(SimHost from, SimHost to) {
    Map<String, LinkDirection> fromHere = outgoing.get(from.name());
    LinkDirection known = fromHere == null ? null : fromHere.get(to.name());
    if (known != null && known.from == from && known.to == to) {
      return known;
    }
    LinkDirection[] pair = directions(from, to);
    LinkDirection direction = pair[0].from == from ? pair[0] : pair[1];
    outgoing.computeIfAbsent(from.name(), name -> new HashMap<>()).put(to.name(), direction);
    return direction;
  }

  /** The MTU of the link a packet to {@code to} crosses; loopback's is 65536. */
  int mtuBetween(SimHost from, SimHost to) {
    return from == to ? 65536 : direction(from, to).mtu(linkDefaults);
  }

  // ---------------------------------------------------------------- partitions, holds, packets in flight

  /**
   * Cuts every path between {@code side} and {@code other}, both ways, until the returned partition
   * is closed or {@link #heal()} is called. Packets that meet the cut are dropped (or held, see
   * {@link Partition#holdPackets()}), and so are those already under way between them.
   */
  public Partition partition(Set<SimHost> side, Set<SimHost> other) {
    if (side.isEmpty() || other.isEmpty()) {
      throw new IllegalArgumentException("a partition needs hosts on both sides");
    }
    for (SimHost host : side) {
      if (other.contains(host)) {
        throw new IllegalArgumentException(host.name() + " cannot be on both sides of a partition");
      }
    }
    return cut(side, other, false, false, "partition " + names(side) + " | " + names(other));
  }

  /** Cuts the path from {@code from} to {@code to} only: packets the other way still cross. */
  public Partition partitionOneWay(SimHost from, SimHost to) {
    if (from == to) {
      throw new IllegalArgumentException("a host reaches itself over loopback, not a link");
    }
    return cut(Set.of(from), Set.of(to), true, false, "partition " + from.name() + " -> " + to.name());
  }

  /** Heals every partition and releases every hold. */
  public void heal() {
    for (Partition partition : new ArrayList<>(partitions)) {
      partition.close();
    }
    trace.record(scheduler.now(), "heal");
  }

  /** Holds every packet between {@code a} and {@code b}, both ways, until {@link #release}. */
  public void hold(SimHost a, SimHost b) {
    if (a == b) {
      throw new IllegalArgumentException("a host reaches itself over loopback, not a link");
    }
    cut(Set.of(a), Set.of(b), false, true, "hold " + a.name() + " " + b.name());
  }

  /** Ends the holds between {@code a} and {@code b}: what they held crosses now, in the order it was sent. */
  public void release(SimHost a, SimHost b) {
    for (Partition partition : new ArrayList<>(partitions)) {
      if (partition.name.startsWith("hold ") && partition.blocks(a, b) && partition.blocks(b, a)) {
        partition.close();
      }
    }
  }

  /** The packets between hosts that have not arrived yet, in the order they were sent. */
  public List<InFlightPacket> inFlight() {
    return new ArrayList<>(inFlight);
  }

  private Partition cut(Set<SimHost> side, Set<SimHost> other, boolean oneWay, boolean holding, String name) {
    Partition partition = new Partition(this, side, other, oneWay, holding, name);
    partitions.add(partition);
    trace.record(scheduler.now(), name);
    if (!holding) {
      dropInFlight(partition::blocks);
    }
    return partition;
  }

  /**
   * A cut starts: the packets on the wire across it are lost, as on a cable pulled out; those a
   * hold keeps stay held.
   */
  void dropInFlight(java.util.function.BiPredicate<SimHost, SimHost> cut) {
    for (InFlightPacket packet : new ArrayList<>(inFlight)) {
      if (packet.heldBy == null && cut.test(packet.direction.from, packet.direction.to)) {
        if (packet.arrival != null) {
          packet.arrival.cancel();
          packet.arrival = null;
        }
        forget(packet);
        trace.record(scheduler.now(), "drop (partition, in flight) " + packet.direction.hop() + " " + packet.packet.describe());
      }
    }
  }

  private static String names(Set<SimHost> hosts) {
    List<String> names = new ArrayList<>();
    for (SimHost host : hosts) {
      names.add(host.name());
    }
    names.sort(null);
    return String.join(",", names);
  }

  /** A partition has healed: forget it and let what it held cross. */
  void healed(Partition partition) {
    partitions.remove(partition);
    trace.record(scheduler.now(), "heal " + partition.name);
    List<InFlightPacket> released = new ArrayList<>(partition.held);
    partition.held.clear();
    for (InFlightPacket packet : released) {
      packet.heldBy = null;
      LinkDirection direction = packet.direction;
      trace.record(scheduler.now(), "release " + direction.hop() + " " + packet.packet.describe());
      packet.arrival = scheduler.schedule(direction.delay(linkDefaults), () -> arrive(packet));
    }
  }

  void forget(InFlightPacket packet) {
    packet.done = true;
    inFlight.remove(packet);
  }

  private Partition partitionBetween(SimHost from, SimHost to) {
    for (Partition partition : partitions) {
      if (partition.blocks(from, to)) {
        return partition;
      }
    }
    return null;
  }

  /** Starts {@code body} as a task on {@code host}; it runs once the driver runs the network. */
  public void spawn(SimHost host, String taskName, Runnable body) {
    scheduler.spawn(host, taskName, body);
  }

  /**
   * Runs until every task has ended. Throws the first task's exception (with its name and the
   * seed), or {@link SimDeadlockException} if the tasks wait on each other.
   */
  public void run() {
    scheduler.run();
  }

  /**
   * Runs until every task has ended, as {@link #run()}, but fails with {@link SimTimeLimitException}
   * once {@code virtualLimit} of virtual time has passed with tasks still running: for programs
   * that might never end (a server loop, a client that retries forever).
   */
  public void run(Duration virtualLimit) {
    scheduler.runWithin(virtualLimit.toNanos());
  }

  /** Runs everything due within {@code duration} of virtual time, then returns. */
  public void runFor(Duration duration) {
    scheduler.runFor(duration.toNanos());
  }

  /** Runs until {@code condition} holds, checking it after each task slice and each event. */
  public void runUntil(BooleanSupplier condition) {
    scheduler.runUntil(condition);
  }

  /** Runs one ready task until it blocks or ends, or else the next event; false if idle. */
  public boolean step() {
    return scheduler.step();
  }

  /** Virtual time since the network was built. */
  public Duration now() {
    return Duration.ofNanos(scheduler.now());
  }

  /** The record of everything that happened. */
  public SimTrace trace() {
    return trace;
  }

  /**
   * Fails if any host has a socket open, naming each and where it was created (the first
   * creation site is the exception's cause).
   */
  public void checkNoOpenSockets() {
    List<SimSocket> leaked = new ArrayList<>();
    for (SimHost host : hosts.values()) {
      leaked.addAll(host.openSockets());
    }
    if (leaked.isEmpty()) {
      return;
    }
    LeakReport report = new LeakReport(SimHost.class, SimSocket.class, SimSocketStream.class, UnixSocket.class);
    for (SimSocket socket : leaked) {
      report.add(socket.host().name() + " fd " + socket.fd + " " + socket.describe(), socket.createdAt);
    }
    report.throwIfAny();
  }

  /** Ends every task that has not ended: each unwinds from its blocking call, and its thread ends. */
  @Override
  public void close() {
    scheduler.abortAll();
  }

  // ---------------------------------------------------------------- package-private plumbing

  Scheduler scheduler() {
    return scheduler;
  }

  NameService names() {
    return names;
  }

  void route(SimHost from, Packet packet) {
    IpAddress destination = packet.destination();
    if (destination.equals(IpAddress.BROADCAST4)) {
      for (SimHost to : hosts.values()) {
        deliver(from, to, packet);
      }
      return;
    }
    SimHost to = from.stack().owns(destination) ? from : byAddress.get(destination);
    if (to == null) {
      trace.record(scheduler.now(), "drop (no route) " + from.name() + " " + packet.describe());
      return;
    }
    deliver(from, to, packet);
  }

  private void deliver(SimHost from, SimHost to, Packet packet) {
    if (from == to) {
      trace.loopback(scheduler.now(), from.name(), packet);
      NetworkStack kernel = to.stack();
      scheduler.sendOverLoopback(() -> {
        if (!kernel.dead) {
          kernel.receive(packet);
        }
      });
      return;
    }
    send(direction(from, to), packet);
  }

  /** A packet enters a link: cut, held, lost, queued, delayed, reordered or duplicated there. */
  private void send(LinkDirection direction, Packet packet) {
    long now = scheduler.now();
    // captured as it leaves the sender (the first event below), so a lost segment shows in the pcap
    // and its resend as a retransmission
    Partition partition = partitionBetween(direction.from, direction.to);
    if (direction.cut || (partition != null && !partition.holding)) {
      trace.link(now, TraceKind.DROP_PARTITION, direction, packet, 0, true);
      return;
    }
    if (partition != null) {
      InFlightPacket held = new InFlightPacket(this, direction, packet, now);
      held.heldBy = partition;
      partition.held.add(held);
      inFlight.add(held);
      trace.link(now, TraceKind.HOLD, direction, packet, 0, true);
      return;
    }
    int size = Pcap.ipLength(packet);
    int mtu = direction.mtu(linkDefaults);
    int fragments = 1;
    if (size > mtu) {
      int header = packet.source().isV4() ? 20 : 48;
      int perFragment = (mtu - header) & ~7;
      fragments = (size - header + perFragment - 1) / perFragment;
    }
    double loss = direction.loss(linkDefaults);
    if (loss > 0) {
      for (int i = 0; i < fragments; i++) {
        if (direction.random.nextDouble() < loss) {
          trace.link(now, TraceKind.DROP_LOSS, direction, packet, (long) (i + 1) << 32 | fragments, true);
          return;
        }
      }
    }
    long queued = direction.enqueue(now, size, linkDefaults);
    if (queued < 0) {
      trace.link(now, TraceKind.DROP_QUEUE_FULL, direction, packet, 0, true);
      return;
    }
    long delay = queued + direction.delay(linkDefaults);
    double reorder = direction.reorder(linkDefaults);
    if (reorder > 0 && direction.reorderRandom.nextDouble() < reorder) {
      long extra = 1 + direction.reorderRandom.nextLong(direction.reorderWindow(linkDefaults));
      delay += extra;
      trace.link(now, TraceKind.SEND, direction, packet, extra, true);
    } else {
      trace.link(now, TraceKind.SEND, direction, packet, 0, true);
    }
    schedule(direction, packet, now, delay);
    double duplication = direction.duplication(linkDefaults);
    if (duplication > 0 && direction.duplicationRandom.nextDouble() < duplication) {
      trace.link(now, TraceKind.DUPLICATE, direction, packet, 0, false);
      schedule(direction, packet, now, queued + direction.delay(linkDefaults));
    }
  }

  private void schedule(LinkDirection direction, Packet packet, long now, long delay) {
    InFlightPacket flight = new InFlightPacket(this, direction, packet, now);
    inFlight.add(flight);
    flight.arrival = scheduler.schedule(delay, () -> arrive(flight));
  }

  /** A packet reaches the end of its link: the receiving kernel takes it, unless the host is down. */
  void arrive(InFlightPacket flight) {
    forget(flight);
    flight.arrival = null;
    SimHost to = flight.direction.to;
    if (to.crashed()) {
      trace.link(scheduler.now(), TraceKind.DROP_CRASHED_HOST, flight.direction, flight.packet, 0, false);
      return;
    }
    trace.link(scheduler.now(), TraceKind.RECEIVE, flight.direction, flight.packet, 0, false);
    scheduler.inKernel(() -> to.stack().receive(flight.packet));
  }

  /** The host whose eth0 has {@code address}, or null. */
  SimHost hostAt(IpAddress address) {
    return byAddress.get(address);
  }

  /** The address a name resolves to for a socket of {@code family}, or null. */
  IpAddress lookup(String name, int family, SimHost asker) {
    for (IpAddress address : addressesOf(name, asker)) {
      if (family == AF_INET && address.isV4()) {
        return address;
      }
      if (family == AF_INET6 && !address.isV4()) {
        return address;
      }
    }
    // no address of the family: the caller maps an IPv4 one for an AF_INET6 socket (AI_V4MAPPED)
    return null;
  }

  /** TCP_CONGESTION of a new socket. */
  String congestionControl() {
    return congestionControl;
  }

  /** The TCP sysctls: see {@link Builder#tcpSynRetries} and the builder's other tcp methods. */
  TcpSysctls tcpSysctls() {
    return tcpSysctls;
  }

  /** Whether a TCP socket keeps the role it first took: see {@link Builder#fixedTcpRoles}. */
  boolean fixedTcpRoles() {
    return fixedTcpRoles;
  }

  /** net.core.rmem_max. */
  int timerHz() {
    return timerHz;
  }

  int tcpRmemMax() {
    return tcpRmemMax;
  }

  int rmemMax() {
    return rmemMax;
  }

  /** net.core.wmem_max. */
  int wmemMax() {
    return wmemMax;
  }

  /** Every address of a name, in the order getaddrinfo sorts them. */
  List<IpAddress> addressesOf(String name, SimHost asker) {
    if (name == null) {
      return List.of();
    }
    if (name.equalsIgnoreCase("localhost")) {
      return localhost;
    }
    SimHost host = hosts.get(name);
    if (host == null) {
      return List.of();
    }
    if (host.ipv6Address() == null) {
      return List.of(host.ipv4Address());
    }
    boolean v6First = asker.ipv6Address() != null || asker == host;
    return v6First ? List.of(host.ipv6Address(), host.ipv4Address()) : List.of(host.ipv4Address(), host.ipv6Address());
  }
}
