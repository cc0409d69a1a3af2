package dev.twinsock.sim;

import static dev.twinsock.SocketConstants.AF_INET;
import static dev.twinsock.SocketConstants.AF_INET6;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
  private final Map<String, SimLink> links = new HashMap<>();

  private SimNetwork(Builder builder) {
    this.seed = builder.seed;
    this.privileged = builder.privileged;
    this.trace.keepEvents(builder.keepTraceEvents);
    this.scheduler = new Scheduler(seed, trace);
  }

  /** A builder with the defaults: seed 0, privileged ports as the user running the JVM. */
  public static Builder builder() {
    return new Builder();
  }

  /** Configures a {@link SimNetwork}. */
  public static final class Builder {
    private long seed;
    private boolean privileged = "root".equals(System.getProperty("user.name"));
    private boolean keepTraceEvents = true;

    private Builder() {}

    /** The seed every random draw of the network derives from. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Whether the hosts' processes may bind ports below 1024 (as root). */
    public Builder privileged(boolean privileged) {
      this.privileged = privileged;
      return this;
    }

    /** Whether {@link SimTrace#events()} keeps every line; the hash is kept either way. */
    public Builder keepTraceEvents(boolean keep) {
      this.keepTraceEvents = keep;
      return this;
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
    SimHost host = new SimHost(this, name, v4, v6, 1000 + hosts.size(), privileged, seed);
    hosts.put(name, host);
    byAddress.put(v4, host);
    if (v6 != null) {
      byAddress.put(v6, host);
    }
    trace.record(scheduler.now(), "host " + name + " " + v4 + (v6 == null ? "" : " " + v6));
    return host;
  }

  /** The hosts, in the order they were added. */
  public List<SimHost> hosts() {
    return new ArrayList<>(hosts.values());
  }

  /** The link between two hosts, made on first use with no latency and no loss. */
  public SimLink link(SimHost a, SimHost b) {
    if (a == b) {
      throw new IllegalArgumentException("a host reaches itself over loopback, not a link");
    }
    String key = a.name().compareTo(b.name()) < 0 ? a.name() + "\0" + b.name() : b.name() + "\0" + a.name();
    return links.computeIfAbsent(key, k -> new SimLink(this, a, b, seed));
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
    StringBuilder message = new StringBuilder("expected 0 open sockets, but found ").append(leaked.size()).append(':');
    for (SimSocket socket : leaked) {
      message.append("\n  ").append(socket.host().name()).append(" fd ").append(socket.fd).append(' ')
          .append(socket.describe()).append(", created at ").append(creationSite(socket.createdAt));
    }
    throw new IllegalStateException(message.toString(), leaked.get(0).createdAt);
  }

  /** The caller's frame: the one after the last frame inside the sim's socket calls. */
  private static String creationSite(Throwable createdAt) {
    StackTraceElement[] frames = createdAt.getStackTrace();
    int last = -1;
    for (int i = 0; i < frames.length; i++) {
      String type = frames[i].getClassName();
      for (Class<?> inside : new Class<?>[] {SimHost.class, SimSocket.class, SimSocketStream.class, UnixSocket.class}) {
        if (type.equals(inside.getName()) || type.startsWith(inside.getName() + "$")) {
          last = i;
        }
      }
    }
    return last + 1 < frames.length ? frames[last + 1].toString() : "(unknown)";
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
      trace.record(scheduler.now(), "lo " + from.name() + " " + packet.describe());
      trace.capture(scheduler.now(), packet);
      scheduler.schedule(0, () -> to.stack().receive(packet));
      return;
    }
    link(from, to).carry(from, to, packet);
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
    if (family == AF_INET6) {
      for (IpAddress address : addressesOf(name, asker)) {
        return address.mapped();
      }
    }
    return null;
  }

  /** Every address of a name, in the order getaddrinfo sorts them. */
  List<IpAddress> addressesOf(String name, SimHost asker) {
    if (name == null) {
      return List.of();
    }
    if (name.equalsIgnoreCase("localhost")) {
      return List.of(IpAddress.LOOPBACK6, IpAddress.LOOPBACK4);
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
