package dev.twinsock.sim;

import static dev.twinsock.SocketConstants.*;

import dev.twinsock.AddrInfo;
import dev.twinsock.Credentials;
import dev.twinsock.SockAddr;
import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import dev.twinsock.SocketStream;
import dev.twinsock.Sockets;
import dev.twinsock.spi.SeedRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One simulated machine, and the one process on it: the {@link Sockets} of that process. It has
 * its own loopback (127.0.0.1 and ::1, interface {@code lo}), its address on the network
 * (interface {@code eth0}), its ports, its AF_UNIX names and its own last error. Made by {@link
 * SimNetwork#addHost}; its blocking calls wait on the network's virtual clock.
 */
public final class SimHost implements Sockets {
  private final SimNetwork network;
  private final String name;
  private final IpAddress ipv4;
  private final IpAddress ipv6;
  private NetworkStack stack;
  private final long seed;
  private final Buggify buggify;
  /** How many times the host has been restarted; each run gets a fresh kernel with its own stream. */
  private int incarnation;
  private String mainName;
  private Runnable main;
  /** The clock every timer of the host runs on; {@link #now()} adds {@code clockOffset} to it. */
  private final MonotonicClock monotonic = new MonotonicClock();
  private long clockOffset;
  /** The host's own TCP sysctls, once one is set; the network's until then. */
  private TcpSysctls tcpSysctls;
  /** Linux's bound on an IP protocol number in socket(2). */
  private static final int IPPROTO_MAX = 263;
  private final Credentials credentials;
  private final boolean privileged;
  private final LinkedHashMap<Integer, SimSocket> open = new LinkedHashMap<>();
  private int nextFd = 3;
  private int lastError;
  private boolean crashed;
  private int threadsMade;
  private final java.time.Clock hostClock = new HostClock();

  SimHost(SimNetwork network, String name, IpAddress ipv4, IpAddress ipv6, Credentials credentials, boolean privileged,
      long seed) {
    this.network = network;
    this.name = name;
    this.ipv4 = ipv4;
    this.ipv6 = ipv6;
    this.privileged = privileged;
    this.credentials = credentials;
    this.seed = seed;
    this.buggify = new Buggify(network, name, seed);
    this.stack = new NetworkStack(this, network, SeededRandom.forName(seed, "host:" + name));
  }

  /** The host's name, which {@link #addrinfoLookup} and connect resolve on every host. */
  public String name() {
    return name;
  }

  /** The IPv4 address of {@code eth0}. */
  public String ipv4() {
    return ipv4.toString();
  }

  /** The IPv6 address of {@code eth0}, or null if the host has none. */
  public String ipv6() {
    return ipv6 == null ? null : ipv6.toString();
  }

  /**
   * The host's clock: virtual time since the network was built, moved by {@link #clockOffset} and
   * running fast or slow by {@link #clockDrift}. Two hosts need not agree on the time.
   */
  public Duration now() {
    return Duration.ofNanos(clockNanos(network.scheduler().now()));
  }

  private long clockNanos(long virtual) {
    return monotonic.at(virtual) + clockOffset;
  }

  /** The host's monotonic clock now: what its kernel's timers and its calls' timeouts count on. */
  long monotonicNanos() {
    return monotonic.at(network.scheduler().now());
  }

  /** The network time it takes the host's clock to move {@code hostNanos}: see {@link MonotonicClock}. */
  long networkDelay(long hostNanos) {
    return monotonic.networkDelay(hostNanos);
  }

  /**
   * The network time at which a wait of {@code hostNanos} on the host's clock, begun now, ends; or
   * {@link Scheduler#NO_DEADLINE} if that is past the clock's range.
   */
  long deadlineAfter(long hostNanos) {
    long now = network.scheduler().now();
    long delay = networkDelay(hostNanos);
    return delay >= Long.MAX_VALUE - now ? Scheduler.NO_DEADLINE : now + delay;
  }

  /** Waits {@code duration} as the host's clock measures it; no real time passes. */
  @Override
  public void sleep(Duration duration) {
    long now = network.scheduler().now();
    // a sleep past the clock's range ends at its end, not at once
    network.scheduler().sleep(Math.min(networkDelay(duration.toNanos()), Long.MAX_VALUE - now));
  }

  /**
   * The host's clock as a {@link java.time.Clock} in UTC: the epoch plus {@link #now()}, so code that
   * reads a clock (timeouts, back-off, expiry) runs on virtual time.
   */
  @Override
  public java.time.Clock clock() {
    return hostClock;
  }

  /**
   * Makes threads that are tasks of this host: each becomes a task when {@code start()} is called
   * and then runs in its turn, one at a time with every other task, on virtual time. Hand it to a
   * library that starts its own threads (an event loop, a dispatcher). Platform threads, daemons,
   * named {@code <host>-thread-<n>}.
   */
  @Override
  public java.util.concurrent.ThreadFactory threadFactory() {
    return body -> new TaskThread(network.scheduler(), this, body, name + "-thread-" + (++threadsMade));
  }

  /** Runs each command as a new task of this host (a thread from {@link #threadFactory()}). */
  public java.util.concurrent.Executor executor() {
    java.util.concurrent.ThreadFactory factory = threadFactory();
    return command -> factory.newThread(command).start();
  }

  /** Steps the host's clock by {@code offset} (negative: back), as a misset or corrected clock would. */
  public SimHost clockOffset(Duration offset) {
    long virtual = network.scheduler().now();
    clockOffset += offset.toNanos();
    network.trace().record(virtual, "clock " + name + " offset " + SimTrace.time(Math.abs(offset.toNanos()))
        + (offset.isNegative() ? " back" : " ahead"));
    return this;
  }

  /**
   * Makes the host's clock run fast (positive) or slow (negative) by {@code ppm} parts per million
   * from now on, kept to the nearest part per billion. Every timer of the host follows it: {@link
   * #sleep}, {@link #now}, SO_RCVTIMEO, SO_SNDTIMEO, select's timeout and its kernel's TCP timers
   * (SYN retries, retransmission, keepalive, TIME_WAIT), so a timeout of d on a clock that runs
   * fast by p ppm ends after d / (1 + p·10⁻⁶) of network time. A timer already running keeps the
   * network time it was set for.
   */
  public SimHost clockDrift(double ppm) {
    long ppb = Math.round(ppm * 1000);
    if (!(ppm > -1_000_000 && ppm < 1_000_000) || Math.abs(ppb) >= 1_000_000_000L) {
      // the second test: a drift that rounds to -10⁹ ppb would stop the clock
      throw new IllegalArgumentException("drift must be within (-1000000, 1000000) ppm: " + ppm);
    }
    long virtual = network.scheduler().now();
    monotonic.drift(virtual, ppb);
    network.trace().record(virtual, "clock " + name + " drift " + ppm + " ppm");
    return this;
  }

  // ---------------------------------------------------------------- TCP sysctls of the host

  /**
   * This host's net.ipv4.tcp_syn_retries, as {@link SimNetwork.Builder#tcpSynRetries} sets it for
   * every host: a host is a network namespace of its own, so its sockets read its own.
   */
  public SimHost tcpSynRetries(int retries) {
    ownSysctls().synRetries = TcpSysctls.bounded(retries, 1, 127, "tcp_syn_retries");
    return this;
  }

  /** This host's net.ipv4.tcp_syn_linear_timeouts: see {@link SimNetwork.Builder#tcpSynLinearTimeouts}. */
  public SimHost tcpSynLinearTimeouts(int timeouts) {
    ownSysctls().synLinearTimeouts = TcpSysctls.bounded(timeouts, 0, 16, "tcp_syn_linear_timeouts");
    return this;
  }

  /** This host's net.ipv4.tcp_retries2: see {@link SimNetwork.Builder#tcpRetries2}. */
  public SimHost tcpRetries2(int retries) {
    ownSysctls().retries2 = TcpSysctls.bounded(retries, 0, 255, "tcp_retries2");
    return this;
  }

  /** This host's keepalive sysctls: see {@link SimNetwork.Builder#tcpKeepalive}. */
  public SimHost tcpKeepalive(int timeSeconds, int intervalSeconds, int probes) {
    TcpSysctls own = ownSysctls().copy(); // all three or none, as the builder's
    own.keepaliveTime = TcpSysctls.bounded(timeSeconds, 1, 32767, "tcp_keepalive_time");
    own.keepaliveIntvl = TcpSysctls.bounded(intervalSeconds, 1, 32767, "tcp_keepalive_intvl");
    own.keepaliveProbes = TcpSysctls.bounded(probes, 1, 127, "tcp_keepalive_probes");
    tcpSysctls = own;
    return this;
  }

  /** The TCP sysctls this host's sockets read: its own once one is set, the network's until then. */
  TcpSysctls tcpSysctls() {
    return tcpSysctls != null ? tcpSysctls : network.tcpSysctls();
  }

  private TcpSysctls ownSysctls() {
    if (tcpSysctls == null) {
      tcpSysctls = network.tcpSysctls().copy();
    }
    return tcpSysctls;
  }

  // ---------------------------------------------------------------- host faults

  /**
   * Starts {@code body} as this host's main task, named {@code main}; {@link #restart()} runs it
   * again on the fresh kernel. The host may have one main.
   */
  public void main(Runnable body) {
    if (main != null) {
      throw new IllegalStateException(name + " already has a main");
    }
    main = body;
    mainName = "main";
    network.spawn(this, mainName, body);
  }

  /**
   * Crashes the host: its tasks end where they are (each unwinds from its blocking call), its
   * sockets vanish without FIN or RST, its timers stop, and packets that reach it are dropped
   * ("drop (crashed host)"). Peers notice only by silence: their retransmissions time out, or,
   * once the host is back, the fresh kernel answers their next segment with RST.
   */
  public void crash() {
    if (crashed) {
      return;
    }
    crashed = true;
    network.trace().record(network.scheduler().now(), "crash " + name);
    stack.dead = true;
    for (SimSocket socket : openSockets()) {
      socket.vanish();
    }
    open.clear();
    network.scheduler().abortTasksOf(this);
  }

  /**
   * Brings the host back with a fresh kernel (no sockets, new port and sequence choices, AF_UNIX
   * names gone) and runs its {@link #main} again. A host that is up is crashed first (a bounce).
   */
  public void restart() {
    crash();
    crashed = false;
    incarnation++;
    stack = new NetworkStack(this, network, SeededRandom.forName(seed, "host:" + name + "#" + incarnation));
    nextFd = 3;
    lastError = 0;
    network.trace().record(network.scheduler().now(), "restart " + name);
    if (main != null) {
      network.spawn(this, mainName, main);
    }
  }

  /** Whether the host has crashed and not been restarted. */
  public boolean isCrashed() {
    return crashed;
  }

  /**
   * Freezes the host's tasks, as a stopped process or a long GC pause: none runs until {@link
   * #resume()}. Its kernel keeps receiving, acknowledging and queueing until the buffers fill,
   * and its TCP timers run, as a stopped process's kernel does; a blocked call whose data came or
   * whose timeout passed meanwhile returns, with that result, only once the host resumes.
   */
  public void pause() {
    network.scheduler().pause(this);
    network.trace().record(network.scheduler().now(), "pause " + name);
  }

  /** Lets the tasks frozen by {@link #pause()} run again, in the order they became ready. */
  public void resume() {
    network.scheduler().resume(this);
    network.trace().record(network.scheduler().now(), "resume " + name);
  }

  /** Whether the host is paused. */
  public boolean isPaused() {
    return network.scheduler().isPaused(this);
  }

  /**
   * Makes a directory of this host's file namespace, and its missing parents, as {@code mkdir
   * -p}: AF_UNIX sockets can be bound only in a directory that exists. A host starts with {@code
   * /}, {@code /dev}, {@code /dev/shm}, {@code /run}, {@code /tmp}, {@code /var}, {@code /var/run}
   * and {@code /var/tmp}. Nothing touches the real filesystem.
   */
  public SimHost createDirectories(String path) {
    stack.unix.createDirectories(path);
    return this;
  }

  /** Removes an AF_UNIX socket file, as unlink(2); false if there was none. */
  public boolean unlink(String path) {
    return stack.unix.unlink(path);
  }

  /** The simulated process's pid, uid and gid, as SO_PEERCRED reports them to a peer. */
  public Credentials credentials() {
    return credentials;
  }

  /** Whether this host's process may bind ports below 1024. */
  public boolean privileged() {
    return privileged;
  }

  IpAddress ipv4Address() {
    return ipv4;
  }

  IpAddress ipv6Address() {
    return ipv6;
  }

  boolean crashed() {
    return crashed;
  }

  Buggify buggify() {
    return buggify;
  }

  NetworkStack stack() {
    return stack;
  }

  void recordError(int errno) {
    lastError = errno;
  }

  private SocketError fail(String function, int errno) {
    lastError = errno;
    return new SocketError(function, errno);
  }

  /** A new descriptor for a kernel socket that has no descriptor yet (or arrives in flight). */
  SimSocket adopt(KernelSocket kernel, Throwable createdAt) {
    network.scheduler().checkCaller("a new socket");
    if (kernel.descriptors == 0) {
      kernel.descriptors = 1;
    }
    SimSocket socket = new SimSocket(this, kernel, nextFd++, createdAt);
    open.put(socket.fd, socket);
    return socket;
  }

  /** Descriptors for sockets received with SCM_RIGHTS; each already counts one reference. */
  List<Socket> adopt(List<KernelSocket> kernels) {
    List<Socket> sockets = new ArrayList<>();
    for (KernelSocket kernel : kernels) {
      SimSocket socket = new SimSocket(this, kernel, nextFd++, new Throwable("socket received with SCM_RIGHTS here"));
      open.put(socket.fd, socket);
      sockets.add(socket);
    }
    return sockets;
  }

  void forget(SimSocket socket) {
    open.remove(socket.fd);
  }

  List<SimSocket> openSockets() {
    return new ArrayList<>(open.values());
  }

  // ---------------------------------------------------------------- Sockets

  @Override
  public Socket create(int domain, int type, int protocol) {
    SeedRules.domain("socket_create", domain);
    SeedRules.type("socket_create", type);
    KernelSocket kernel;
    try {
      kernel = newKernelSocket(domain, type, protocol);
    } catch (KernelError e) {
      throw fail("socket_create", e.errno);
    }
    return adopt(kernel, new Throwable("socket created here"));
  }

  /** Linux's SOCK_MAX: socket types are below it. */
  private static final int SOCK_MAX = 11;

  private KernelSocket newKernelSocket(int domain, int type, int protocol) {
    int base = type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
    KernelSocket kernel;
    if (domain == AF_UNIX) {
      if (protocol != 0 && protocol != AF_UNIX) {
        throw new KernelError(SOCKET_EPROTONOSUPPORT);
      }
      if (base == SOCK_RAW) {
        base = SOCK_DGRAM;
      }
      if (base != SOCK_STREAM && base != SOCK_DGRAM && base != SOCK_SEQPACKET) {
        throw new KernelError(SOCKET_ESOCKTNOSUPPORT);
      }
      kernel = new UnixSocket(stack, base);
    } else if (protocol < 0 || protocol >= IPPROTO_MAX) {
      throw new KernelError(SOCKET_EINVAL);
    } else if (base == SOCK_STREAM) {
      if (protocol != 0 && protocol != IPPROTO_TCP) {
        throw new KernelError(SOCKET_EPROTONOSUPPORT);
      }
      kernel = new TcpSocket(stack, domain, protocol);
    } else if (base == SOCK_DGRAM) {
      if (protocol != 0 && protocol != IPPROTO_UDP && protocol != IPPROTO_UDPLITE) {
        throw new KernelError(SOCKET_EPROTONOSUPPORT);
      }
      kernel = new UdpSocket(stack, domain, protocol);
    } else if (base == SOCK_RAW) {
      throw new KernelError(privileged ? SOCKET_EPROTONOSUPPORT : SOCKET_EPERM);
    } else {
      throw new KernelError(SOCKET_ESOCKTNOSUPPORT);
    }
    kernel.nonblocking = (type & SOCK_NONBLOCK) != 0;
    return kernel;
  }

  @Override
  public Socket createListen(int port, int backlog) {
    SeedRules.port("socket_create_listen", 1, port);
    KernelSocket kernel = new TcpSocket(stack, AF_INET, 0);
    try {
      try {
        kernel.bind("0.0.0.0", port);
      } catch (KernelError e) {
        lastError = e.errno;
        throw new SocketError("socket_create_listen", "unable to bind to given address", e.errno);
      }
      kernel.listen(backlog);
    } catch (KernelError e) {
      kernel.release();
      throw fail("socket_create_listen", e.errno);
    } catch (SocketError e) {
      kernel.release();
      throw e;
    }
    return adopt(kernel, new Throwable("socket created here"));
  }

  @Override
  public Socket[] createPair(int domain, int type, int protocol) {
    SeedRules.domain("socket_create_pair", domain);
    SeedRules.type("socket_create_pair", type);
    KernelSocket a;
    KernelSocket b;
    try {
      a = newKernelSocket(domain, type, protocol);
      b = newKernelSocket(domain, type, protocol);
    } catch (KernelError e) {
      throw fail("socket_create_pair", e.errno);
    }
    // socketpair(2) makes the socket first (ESOCKTNOSUPPORT, EPROTONOSUPPORT ...); only AF_UNIX pairs
    if (domain != AF_UNIX) {
      throw fail("socket_create_pair", SOCKET_EOPNOTSUPP);
    }
    UnixSocket.pair((UnixSocket) a, (UnixSocket) b);
    Throwable createdAt = new Throwable("socket pair created here");
    return new Socket[] {adopt(a, createdAt), adopt(b, createdAt)};
  }

  @Override
  public List<AddrInfo> addrinfoLookup(String host, String service, Map<String, Integer> hints) {
    SeedRules.addrinfoNames(host, service);
    try {
      return network.names().lookup(this, host, service, hints);
    } catch (KernelError e) {
      throw fail("socket_addrinfo_lookup", e.errno);
    }
  }

  @Override
  public Socket addrinfoBind(AddrInfo address) {
    return addrinfoUse(address, "socket_addrinfo_bind", true);
  }

  @Override
  public Socket addrinfoConnect(AddrInfo address) {
    return addrinfoUse(address, "socket_addrinfo_connect", false);
  }

  private Socket addrinfoUse(AddrInfo address, String function, boolean bind) {
    SeedRules.addrinfo(function, address);
    KernelSocket kernel;
    try {
      // socket(2) with what the AddrInfo says, which need not come from a lookup: __sock_create
      // refuses a family it has no module for, then a type out of range
      int base = address.socktype() & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (address.family() != AF_INET && address.family() != AF_INET6 && address.family() != AF_UNIX) {
        throw new KernelError(SOCKET_EAFNOSUPPORT);
      }
      if (base < 0 || base >= SOCK_MAX) {
        throw new KernelError(SOCKET_EINVAL);
      }
      kernel = newKernelSocket(address.family(), address.socktype(), address.protocol());
    } catch (KernelError e) {
      throw fail(function, e.errno);
    }
    Scheduler scheduler = stack.scheduler();
    scheduler.enterCall();
    try {
      // the os backend binds or connects through its socket's own calls, with their checks
      String call = bind ? "socket_bind" : "socket_connect";
      SeedRules.port(call, 3, address.addr().port());
      if (address.family() == AF_UNIX) {
        SeedRules.unixPath(call, 2, address.addr().address());
      } else {
        SeedRules.inetAddress(call, 2, address.addr().address());
      }
      if (bind) {
        kernel.bind(address.addr().address(), address.addr().port());
      } else {
        kernel.connect(address.addr().address(), address.addr().port());
      }
    } catch (KernelError e) {
      kernel.release();
      throw fail(function, e.errno);
    } catch (RuntimeException e) {
      kernel.release();
      throw e;
    } finally {
      scheduler.exitCall();
    }
    return adopt(kernel, new Throwable("socket created here"));
  }

  @Override
  public Map<String, Object> addrinfoExplain(AddrInfo address) {
    SeedRules.addrinfo("socket_addrinfo_explain", address);
    Map<String, Object> explained = new LinkedHashMap<>();
    explained.put("ai_flags", address.flags());
    explained.put("ai_family", address.family());
    explained.put("ai_socktype", address.socktype());
    explained.put("ai_protocol", address.protocol());
    if (address.canonname() != null) {
      explained.put("ai_canonname", address.canonname());
    }
    Map<String, Object> addr = new LinkedHashMap<>();
    SockAddr sockAddr = address.addr();
    if (address.family() == AF_INET6) {
      addr.put("sin6_port", sockAddr.port());
      addr.put("sin6_addr", sockAddr.address());
    } else {
      addr.put("sin_port", sockAddr.port());
      addr.put("sin_addr", sockAddr.address());
    }
    explained.put("ai_addr", addr);
    return explained;
  }

  @Override
  public int select(List<Socket> read, List<Socket> write, List<Socket> except, Long seconds, int microseconds) {
    List<SimSocket> watched = new ArrayList<>();
    String[] argument = {"Argument #1 ($read)", "Argument #2 ($write)", "Argument #3 ($except)"};
    List<List<Socket>> lists = java.util.Arrays.asList(read, write, except);
    for (int i = 0; i < 3; i++) {
      if (lists.get(i) == null) {
        continue;
      }
      for (Socket socket : lists.get(i)) {
        if (!(socket instanceof SimSocket)) {
          // the seed's element check, as the os backend words it
          throw new IllegalArgumentException("socket_select(): " + argument[i] + " must only have elements of type Socket, "
              + (socket == null ? "null" : socket.getClass().getSimpleName()) + " given");
        }
        if (((SimSocket) socket).closed()) {
          throw new IllegalArgumentException("socket_select(): " + argument[i] + " contains a closed socket");
        }
        watched.add((SimSocket) socket);
      }
    }
    SeedRules.selectSets(size(read) + size(write) + size(except));
    if (!SeedRules.selectTimeoutValid(seconds, microseconds)) {
      // the seed hands the negative value to select(2), which answers EINVAL
      throw fail("socket_select", SOCKET_EINVAL);
    }
    long[] timeout = SeedRules.selectTimeout(seconds, microseconds);
    Scheduler scheduler = network.scheduler();
    long deadline = timeout == null ? Scheduler.NO_DEADLINE : selectDeadline(timeout);
    WaitQueue[] queues = new WaitQueue[watched.size()];
    for (int i = 0; i < queues.length; i++) {
      queues[i] = watched.get(i).kernel().waiters;
    }
    while (true) {
      int ready = countReady(read, write, except, false);
      if (ready > 0) {
        scheduler.progress();
        return countReady(read, write, except, true);
      }
      if (deadline != Scheduler.NO_DEADLINE && scheduler.now() >= deadline) {
        int polled = countReady(read, write, except, true);
        if (polled == 0) {
          scheduler.fruitless("socket_select"); // a select that polls in a loop must still let time move
        }
        return polled;
      }
      boolean timedOut;
      for (SimSocket socket : watched) {
        socket.selectEntered();
      }
      try {
        timedOut = scheduler.park("socket_select", deadline, queues);
      } finally {
        for (SimSocket socket : watched) {
          socket.selectLeft();
        }
      }
      for (SimSocket socket : watched) {
        if (socket.closed()) {
          // closed by another task while the select waited: the os backend ends it so, lists untouched
          throw fail("socket_select", SOCKET_EBADF);
        }
      }
      if (timedOut) {
        return countReady(read, write, except, true);
      }
    }
  }

  /**
   * The network time a select with {@code timeout}, counted on the host's clock, ends, or none: Linux saturates a timeout past
   * its clock's range (timespec64_add_safe), so such a select waits as one without a timeout.
   */
  private long selectDeadline(long[] timeout) {
    long room = Long.MAX_VALUE - network.scheduler().now();
    if (timeout[0] >= room / 1_000_000_000L) {
      return Scheduler.NO_DEADLINE;
    }
    long nanos = timeout[0] * 1_000_000_000L + timeout[1] * 1_000L;
    return nanos >= room ? Scheduler.NO_DEADLINE : deadlineAfter(nanos); // on the host's clock
  }

  private static int size(List<Socket> list) {
    return list == null ? 0 : list.size();
  }

  private static final int READ = 0;
  private static final int WRITE = 1;
  private static final int EXCEPT = 2;

  private static int countReady(List<Socket> read, List<Socket> write, List<Socket> except, boolean prune) {
    int count = 0;
    if (read != null) {
      count += prune(read, READ, prune);
    }
    if (write != null) {
      count += prune(write, WRITE, prune);
    }
    if (except != null) {
      count += prune(except, EXCEPT, prune);
    }
    return count;
  }

  private static boolean ready(Socket socket, int set) {
    KernelSocket kernel = ((SimSocket) socket).kernel();
    return set == READ ? kernel.readable() : set == WRITE ? kernel.writable() : kernel.exceptional();
  }

  /**
   * The distinct sockets of {@code list} that are ready for {@code set}; with {@code prune}, the
   * list keeps only those. A select that polls runs this on every call, so the common case (no
   * socket ready, or every one) allocates nothing.
   */
  private static int prune(List<Socket> list, int set, boolean prune) {
    int size = list.size();
    int ready = 0;
    long mask = 0; // which of the first 64 are ready, so readiness is asked once per socket
    for (int i = 0; i < size; i++) {
      if (ready(list.get(i), set)) {
        ready++;
        if (i < 64) {
          mask |= 1L << i;
        }
      }
    }
    if (ready == 0 && !prune) {
      return 0;
    }
    if (ready == size) {
      return distinct(list);
    }
    List<Socket> kept = new ArrayList<>(ready);
    for (int i = 0; i < size; i++) {
      Socket socket = list.get(i);
      if (i < 64 ? (mask & 1L << i) != 0 : ready(socket, set)) {
        kept.add(socket);
      }
    }
    if (prune) {
      // a list with nothing to remove is not touched (above), so an immutable one works; one that
      // needs pruning throws its own UnsupportedOperationException, as on the os backend
      list.retainAll(new java.util.HashSet<>(kept));
    }
    return distinct(kept);
  }

  /** An fd_set holds a descriptor once, however often the list names it. */
  private static int distinct(List<Socket> sockets) {
    int size = sockets.size();
    if (size <= 16) {
      int count = 0;
      for (int i = 0; i < size; i++) {
        Socket socket = sockets.get(i);
        boolean seen = false;
        for (int j = 0; j < i && !seen; j++) {
          seen = socket.equals(sockets.get(j));
        }
        if (!seen) {
          count++;
        }
      }
      return count;
    }
    return new java.util.HashSet<>(sockets).size();
  }

  @Override
  public Socket importStream(SocketStream stream) {
    if (!(stream instanceof SimSocketStream)) {
      throw new IllegalArgumentException("socket_import_stream(): Cannot represent a stream of type "
          + (stream == null ? "null" : stream.getClass().getSimpleName()) + " as a Socket Descriptor");
    }
    if (((SimSocketStream) stream).socket().closed()) {
      throw fail("socket_import_stream", SOCKET_EBADF);
    }
    // the socket the stream was exported from, as the os backend answers: the same descriptor
    return ((SimSocketStream) stream).socket();
  }

  @Override
  public int cmsgSpace(int level, int type, int n) {
    return SeedRules.cmsgSpace(level, type, n);
  }

  @Override
  public String wsaprotocolInfoExport(Socket socket, int targetPid) {
    throw fail("socket_wsaprotocol_info_export", SOCKET_EOPNOTSUPP);
  }

  @Override
  public Socket wsaprotocolInfoImport(String infoId) {
    throw fail("socket_wsaprotocol_info_import", SOCKET_EOPNOTSUPP);
  }

  @Override
  public boolean wsaprotocolInfoRelease(String infoId) {
    throw fail("socket_wsaprotocol_info_release", SOCKET_EOPNOTSUPP);
  }

  @Override
  public int lastError() {
    return lastError;
  }

  @Override
  public void clearError() {
    lastError = 0;
  }

  /** Closes every socket of this host's process. AF_UNIX socket files stay, as on a real host. */
  @Override
  public void close() {
    for (SimSocket socket : openSockets()) {
      socket.close();
    }
  }

  /** {@link #now()} as a clock; a host's clock is its own, so {@code withZone} keeps it and only changes the zone. */
  private final class HostClock extends java.time.Clock {
    private final java.time.ZoneId zone;

    HostClock() {
      this(java.time.ZoneOffset.UTC);
    }

    private HostClock(java.time.ZoneId zone) {
      this.zone = zone;
    }

    @Override
    public java.time.ZoneId getZone() {
      return zone;
    }

    @Override
    public java.time.Clock withZone(java.time.ZoneId zone) {
      return new HostClock(zone);
    }

    @Override
    public java.time.Instant instant() {
      return java.time.Instant.EPOCH.plus(now());
    }

    @Override
    public String toString() {
      return "clock of " + name;
    }
  }

  @Override
  public String toString() {
    return "SimHost[" + name + " " + ipv4 + (ipv6 == null ? "" : " " + ipv6) + "]";
  }
}
