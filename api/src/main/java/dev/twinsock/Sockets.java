package dev.twinsock;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;

/**
 * The seed's socket functions that take no socket, and the factory of {@link Socket}s: one per
 * process. The os backend is the real kernel; in the sim, each simulated host is one.
 *
 * <p>{@link #clock()}, {@link #sleep(Duration)} and {@link #threadFactory()} are the process's time
 * and concurrency, so that code with timeouts, back-off or a thread per connection is written once
 * for every backend: the real clock and real threads on the os backend, the host's virtual clock
 * and threads the simulation schedules on the sim.
 *
 * <p>A {@code null} host for {@link #addrinfoLookup}, a null {@link AddrInfo}, a null hint value or a
 * null element of a {@link #select} list throws {@link IllegalArgumentException} naming the
 * argument, in PHP 8's TypeError wording, on every backend; so does a host or service with a NUL
 * byte. A null service, null hints and a null select list are none.
 *
 * <p>{@link #lastError()} is the process-wide last error: every failing call sets it, as the seed's
 * {@code socket_last_error()} without argument. {@link #close()} closes every socket it created.
 */
public interface Sockets extends AutoCloseable {
  Socket create(int domain, int type, int protocol);

  /** A TCP listener on 0.0.0.0:{@code port} with a backlog of 128. */
  default Socket createListen(int port) {
    return createListen(port, 128);
  }

  Socket createListen(int port, int backlog);

  /** Two connected sockets; AF_UNIX only on Linux. */
  Socket[] createPair(int domain, int type, int protocol);

  default List<AddrInfo> addrinfoLookup(String host) {
    return addrinfoLookup(host, null, Map.of());
  }

  default List<AddrInfo> addrinfoLookup(String host, String service) {
    return addrinfoLookup(host, service, Map.of());
  }

  /** getaddrinfo; hints keys are {@code ai_flags}, {@code ai_socktype}, {@code ai_protocol}, {@code ai_family}. */
  List<AddrInfo> addrinfoLookup(String host, String service, Map<String, Integer> hints);

  /** A socket of the address's family and type, bound to it. */
  Socket addrinfoBind(AddrInfo address);

  /** A socket of the address's family and type, connected to it. */
  Socket addrinfoConnect(AddrInfo address);

  /** The seed's array describing an {@link AddrInfo}. */
  Map<String, Object> addrinfoExplain(AddrInfo address);

  /**
   * Waits until a socket is ready. A null list is empty; a null {@code seconds} waits forever;
   * microseconds of a million or more carry into seconds, and a timeout too large for the clock
   * saturates, as the kernel saturates it: the select waits as if forever. The lists are pruned in
   * place to the ready sockets; a list in which every socket is ready is not touched, so an
   * immutable list works there, while one that needs pruning throws its own {@link
   * UnsupportedOperationException} (pass a mutable copy to learn which sockets are ready). A socket
   * closed by another thread while the select waits ends it with {@link SocketError} EBADF, the
   * lists untouched. Returns how many sockets are ready.
   */
  int select(List<Socket> read, List<Socket> write, List<Socket> except, Long seconds, int microseconds);

  /** A {@link Socket} over a stream made by {@link Socket#exportStream()}. */
  Socket importStream(SocketStream stream);

  /** The buffer size {@code recvmsg} needs for {@code n} control messages of this level and type. */
  int cmsgSpace(int level, int type, int n);

  /** Windows-only in the seed: always fails with EOPNOTSUPP. */
  String wsaprotocolInfoExport(Socket socket, int targetPid);

  /** Windows-only in the seed: always fails with EOPNOTSUPP. */
  Socket wsaprotocolInfoImport(String infoId);

  /** Windows-only in the seed: always fails with EOPNOTSUPP. */
  boolean wsaprotocolInfoRelease(String infoId);

  /** The last errno of any call of this process, 0 if none. */
  int lastError();

  void clearError();

  /** The seed's text for an error code: glibc's strerror, or the resolver's text below -10000. */
  default String strerror(int errno) {
    return Errno.socketText(errno);
  }

  /**
   * The process's clock. Real time (UTC) on the os backend; on the sim, the host's virtual clock
   * (which starts at the epoch, and follows the host's offset and drift).
   */
  default Clock clock() {
    return Clock.systemUTC();
  }

  /**
   * Waits {@code duration} by {@link #clock()}: real time on the os backend (an interrupt ends the
   * wait early and stays set on the thread), virtual time on the sim.
   */
  default void sleep(Duration duration) {
    if (duration.isNegative() || duration.isZero()) {
      return;
    }
    long millis;
    try {
      millis = duration.toMillis();
    } catch (ArithmeticException e) {
      millis = Long.MAX_VALUE; // longer than any thread will wait
    }
    try {
      Thread.sleep(millis, (int) (duration.toNanosPart() % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Makes the process's threads: plain platform threads on the os backend; on the sim, threads
   * that are tasks of the host, run one at a time by the simulation (a thread started any other
   * way must not call into a simulation).
   */
  default ThreadFactory threadFactory() {
    return Thread::new;
  }

  /** Closes every socket this process created. */
  @Override
  void close();
}
