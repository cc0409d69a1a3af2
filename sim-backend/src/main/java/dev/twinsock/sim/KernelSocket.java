package dev.twinsock.sim;

import static dev.twinsock.SocketConstants.*;

import dev.twinsock.Credentials;
import dev.twinsock.GroupRequest;
import dev.twinsock.Linger;
import dev.twinsock.SockAddr;
import dev.twinsock.Timeval;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A socket inside a host's kernel: the open file description that descriptors ({@link SimSocket})
 * refer to. Holds what every kind of socket shares — the wait queue, the pending error, shutdown
 * state and the SOL_SOCKET options — and the default answers of the calls a kind does not support.
 * Its methods are the kernel's: they may wait on the virtual clock, and fail with {@link KernelError}.
 */
abstract class KernelSocket {
  static final int RCV_SHUTDOWN = 1;
  static final int SEND_SHUTDOWN = 2;
  static final int SHUTDOWN_MASK = 3;

  static final int MIN_RCVBUF = 2304;
  static final int MIN_SNDBUF = 4608;
  /** A timeval with microseconds out of range; the api has no SOCKET_EDOM. */
  static final int SOCKET_EDOM = 33;

  final NetworkStack stack;
  final int family;
  final int type;
  final int protocol;
  final WaitQueue waiters = new WaitQueue();
  /** The multicast groups joined through this socket (any IP socket may join, TCP too). */
  final MulticastMemberships memberships = new MulticastMemberships();
  boolean nonblocking;
  int descriptors;
  int softError;
  int shutdown;

  boolean reuseAddr;
  boolean reusePort;
  boolean keepAlive;
  boolean broadcast;
  boolean passCred;
  Linger linger = new Linger(0, 0);
  int rcvbuf;
  int sndbuf;
  boolean rcvbufLocked;
  boolean sndbufLocked;
  Timeval rcvTimeout = new Timeval(0, 0);
  Timeval sndTimeout = new Timeval(0, 0);
  int rcvLowat = 1;
  String boundDevice = "";
  /** Options the model stores but does not act on, keyed by level and name. */
  final Map<Long, Object> plainOptions = new TreeMap<>();

  KernelSocket(NetworkStack stack, int family, int type, int protocol, int defaultRcvbuf, int defaultSndbuf) {
    this.stack = stack;
    this.family = family;
    this.type = type;
    this.protocol = protocol;
    this.rcvbuf = defaultRcvbuf;
    this.sndbuf = defaultSndbuf;
  }

  // ---- calls; the defaults are what Linux answers for a kind that lacks them

  void bind(String address, int port) {
    throw new KernelError(SOCKET_EOPNOTSUPP);
  }

  void connect(String address, int port) {
    throw new KernelError(SOCKET_EOPNOTSUPP);
  }

  void listen(int backlog) {
    throw new KernelError(SOCKET_EOPNOTSUPP);
  }

  KernelSocket accept() {
    throw new KernelError(SOCKET_EOPNOTSUPP);
  }

  /** Sends; returns the count sent. {@code to} is null for the connected peer. */
  abstract int send(byte[] data, int offset, int length, int flags, Destination to, List<dev.twinsock.ControlMessage> control);

  abstract Received receive(int length, int flags);

  abstract void shutdown(int how);

  abstract SockAddr localAddress();

  abstract SockAddr peerAddress();

  /** The last descriptor closed. */
  abstract void release();

  abstract boolean readable();

  abstract boolean writable();

  /** Urgent data is pending: select's exception set. */
  boolean exceptional() {
    return false;
  }

  boolean isListening() {
    return false;
  }

  /** A host-qualified address for {@code sendto}: an IP address and port, or an AF_UNIX path. */
  static final class Destination {
    final String address;
    final int port;

    Destination(String address, int port) {
      this.address = address;
      this.port = port;
    }
  }

  // ---- blocking, on the virtual clock

  /**
   * The network time a timeout option, counted on the host's clock, ends: none for {0, 0} or one past the clock's range, now for
   * {@link #NO_WAIT} (a call that would wait times out at once).
   */
  long deadline(Timeval timeout) {
    long now = stack.scheduler().now();
    if (timeout.sec() < 0) {
      return now;
    }
    if (timeout.sec() >= (Long.MAX_VALUE - now) / 1_000_000_000L - 1) {
      return Scheduler.NO_DEADLINE;
    }
    long nanos = timeout.sec() * 1_000_000_000L + timeout.usec() * 1_000L;
    return nanos <= 0 ? Scheduler.NO_DEADLINE : stack.host().deadlineAfter(nanos); // on the host's clock
  }

  /** A negative SO_RCVTIMEO or SO_SNDTIMEO as the kernel keeps it: no wait at all; read back as {0, 0}. */
  static final Timeval NO_WAIT = new Timeval(-1, 0);

  /**
   * A timeout as sock_set_timeout keeps it, in ticks of the kernel's clock (HZ): rounded up to a
   * tick, and what reads back from it (sock_get_timeout). {0, 0} and a count of ticks past the
   * scheduler's range are "forever" ({0, 0}); a negative one is {@link #NO_WAIT}.
   */
  private Timeval kernelTimeout(Timeval t) {
    if (t.sec() < 0) {
      return NO_WAIT;
    }
    long hz = stack.network().timerHz();
    if ((t.sec() == 0 && t.usec() == 0) || t.sec() >= Long.MAX_VALUE / hz - 1) {
      return new Timeval(0, 0);
    }
    long usecPerTick = 1_000_000L / hz;
    long ticks = t.sec() * hz + (t.usec() + usecPerTick - 1) / usecPerTick;
    return new Timeval(ticks / hz, (ticks % hz) * 1_000_000L / hz);
  }

  /**
   * Waits for a change of this socket; true if the deadline passed. Fails with EBADF if the
   * descriptor the call came through was closed meanwhile: the os backend ends such a call at once,
   * whatever it had done, and the kernel state it would look at next is no longer the caller's.
   */
  boolean await(String call, long deadline) {
    Scheduler scheduler = stack.scheduler();
    boolean timedOut = scheduler.park(call, deadline, waiters);
    SimSocket through = scheduler.current().callingThrough;
    if (through != null && through.closed()) {
      throw new KernelError(SOCKET_EBADF);
    }
    return timedOut;
  }

  void wake() {
    waiters.wakeAll();
  }

  boolean blocking(int flags) {
    return !nonblocking && (flags & MSG_DONTWAIT) == 0;
  }

  int takeSoftError() {
    int error = softError;
    softError = 0;
    return error;
  }

  // ---- options

  Object getOption(int level, int name) {
    if (level == SOL_SOCKET) {
      return getSocketOption(name);
    }
    if (!ownsLevel(level)) {
      throw new KernelError(foreignLevelErrno(false));
    }
    Object value = protocolOption(level, name);
    if (value == null) {
      throw new KernelError(SOCKET_ENOPROTOOPT);
    }
    return value;
  }

  void setOption(int level, int name, Object value) {
    if ((level == IPPROTO_IP || level == IPPROTO_IPV6) && MulticastMemberships.isGroupOption(name)
        && value instanceof GroupRequest request) {
      // the seed parses the request for any socket before the call, and fails first on what it cannot parse
      memberships.apply(stack, family, level, name, request);
      return;
    }
    if ((level == IPPROTO_IP && name == IP_MULTICAST_IF) || (level == IPPROTO_IPV6 && name == IPV6_MULTICAST_IF)) {
      // the seed resolves the interface first (ENODEV for an unknown name); for IPv4 it passes the
      // interface's address, which an index without an interface does not have
      int index = HostInterfaces.fromSeedArgument(value);
      if (level == IPPROTO_IP && index != 0 && !HostInterfaces.exists(index)) {
        throw new KernelError(SOCKET_EADDRNOTAVAIL);
      }
      value = index;
    }
    if (level == SOL_SOCKET) {
      setSocketOption(name, value);
      return;
    }
    if (!ownsLevel(level)) {
      throw new KernelError(foreignLevelErrno(true));
    }
    if (!setProtocolOption(level, name, value)) {
      throw new KernelError(SOCKET_ENOPROTOOPT);
    }
  }

  /**
   * Whether one of this socket's protocols answers options at {@code level}: its transport
   * ({@link #transportLevels}), IP, and IPv6 for an AF_INET6 socket. AF_UNIX answers SOL_SOCKET
   * only.
   */
  private boolean ownsLevel(int level) {
    if (family == AF_UNIX) {
      return false;
    }
    if (level == IPPROTO_IP || (level == IPPROTO_IPV6 && family == AF_INET6)) {
      return true;
    }
    for (int own : transportLevels()) {
      if (own == level) {
        return true;
      }
    }
    return false;
  }

  /** The option levels of this socket's transport protocol. */
  int[] transportLevels() {
    return new int[0];
  }

  /**
   * The errno of an option at a level none of the socket's protocols owns. Linux passes it down
   * to the last protocol in the chain: AF_UNIX has no handler (EOPNOTSUPP both ways); IPv4's
   * answers EOPNOTSUPP to a get and ENOPROTOOPT to a set (ip_getsockopt / ip_setsockopt);
   * IPv6's answers ENOPROTOOPT both ways.
   */
  private int foreignLevelErrno(boolean set) {
    if (family == AF_UNIX) {
      return SOCKET_EOPNOTSUPP;
    }
    if (family == AF_INET6) {
      return SOCKET_ENOPROTOOPT;
    }
    return set ? SOCKET_ENOPROTOOPT : SOCKET_EOPNOTSUPP;
  }

  /** A protocol-level option's value, or null if this kind has no such option. */
  Object protocolOption(int level, int name) {
    return null;
  }

  /** Sets a protocol-level option; false if this kind has no such option. */
  boolean setProtocolOption(int level, int name, Object value) {
    return false;
  }

  static long key(int level, int name) {
    return ((long) level << 32) | (name & 0xffffffffL);
  }

  Object stored(int level, int name, Object fallback) {
    return plainOptions.getOrDefault(key(level, name), fallback);
  }

  void store(int level, int name, Object value) {
    plainOptions.put(key(level, name), value);
  }

  private Object getSocketOption(int name) {
    switch (name) {
      case SO_DEBUG: case SO_DONTROUTE: case SO_OOBINLINE: case SO_PRIORITY: case SO_MARK:
      case SO_ZEROCOPY: case SO_SNDLOWAT:
        return stored(SOL_SOCKET, name, name == SO_SNDLOWAT ? 1 : 0);
      case SO_REUSEADDR: return reuseAddr ? 1 : 0;
      case SO_REUSEPORT: return reusePort ? 1 : 0;
      case SO_KEEPALIVE: return keepAlive ? 1 : 0;
      case SO_BROADCAST: return broadcast ? 1 : 0;
      case SO_PASSCRED: return passCredentials() ? 1 : 0;
      case SO_TYPE: return type;
      case SO_PROTOCOL: return protocol;
      case SO_DOMAIN: return family;
      case SO_ERROR: return takeSoftError();
      case SO_ACCEPTCONN: return isListening() ? 1 : 0;
      case SO_LINGER: return linger;
      case SO_RCVBUF: return rcvbuf;
      case SO_SNDBUF: return sndbuf;
      case SO_RCVTIMEO: return rcvTimeout == NO_WAIT ? new Timeval(0, 0) : rcvTimeout;
      case SO_SNDTIMEO: return sndTimeout == NO_WAIT ? new Timeval(0, 0) : sndTimeout;
      case SO_RCVLOWAT: return rcvLowat;
      case SO_BINDTODEVICE: return boundDevice;
      case SO_INCOMING_CPU: return stored(SOL_SOCKET, name, -1);
      case SO_PEERCRED: return peerCredentials();
      default: throw new KernelError(SOCKET_ENOPROTOOPT);
    }
  }

  /** SO_PASSCRED's flag; Linux 6.x keeps it for AF_UNIX (and netlink) sockets only. */
  private boolean passCredentials() {
    if (family != AF_UNIX) {
      throw new KernelError(SOCKET_EOPNOTSUPP);
    }
    return passCred;
  }

  /** SO_PEERCRED: Linux answers "nobody" for a socket without an AF_UNIX peer. */
  Credentials peerCredentials() {
    return new Credentials(0, -1, -1);
  }

  private void setSocketOption(int name, Object value) {
    switch (name) {
      case SO_LINGER:
        if (!(value instanceof Linger)) {
          throw new KernelError(SOCKET_EINVAL);
        }
        Linger asked = (Linger) value;
        // Linux keeps a flag and a time: turning lingering off leaves the time as it was. It keeps
        // the time in ticks, a negative one as MAX_SCHEDULE_TIMEOUT (forever), which reads back as
        // that count of ticks in seconds, cut to an int
        int time = asked.linger() >= 0 ? asked.linger() : (int) (Long.MAX_VALUE / stack.network().timerHz());
        linger = asked.onoff() == 0 ? new Linger(0, linger.linger()) : new Linger(1, time);
        return;
      case SO_RCVTIMEO: case SO_SNDTIMEO: {
        if (!(value instanceof Timeval)) {
          throw new KernelError(SOCKET_EINVAL);
        }
        Timeval t = (Timeval) value;
        if (t.usec() < 0 || t.usec() >= 1_000_000) {
          throw new KernelError(SOCKET_EDOM);
        }
        Timeval stored = kernelTimeout(t);
        if (name == SO_RCVTIMEO) {
          rcvTimeout = stored;
        } else {
          sndTimeout = stored;
        }
        return;
      }
      case SO_BINDTODEVICE: {
        String device = String.valueOf(value);
        HostInterfaces.boundIndex(device); // ENODEV for a device the host lacks
        boundDevice = device;
        return;
      }
      default:
        break;
    }
    int v = intValue(value);
    switch (name) {
      case SO_REUSEADDR: reuseAddr = v != 0; return;
      case SO_REUSEPORT:
        if (v != 0 && family == AF_UNIX) {
          throw new KernelError(SOCKET_EOPNOTSUPP); // Linux 6.x: IP sockets only
        }
        reusePort = v != 0;
        return;
      case SO_KEEPALIVE: {
        boolean was = keepAlive;
        keepAlive = v != 0;
        keepAliveChanged(was);
        return;
      }
      case SO_BROADCAST: broadcast = v != 0; return;
      case SO_PASSCRED: passCredentials(); passCred = v != 0; return;
      case SO_RCVBUF:
        // capped by net.core.rmem_max, then doubled for the kernel's bookkeeping
        // the value is read as unsigned (min_t(u32, ...)): -1 asks for the cap
        rcvbuf = (int) Math.max(MIN_RCVBUF, 2 * Math.min(v & 0xffffffffL, stack.network().rmemMax()));
        rcvbufLocked = true;
        bufferChanged();
        return;
      case SO_SNDBUF:
        sndbuf = (int) Math.max(MIN_SNDBUF, 2 * Math.min(v & 0xffffffffL, stack.network().wmemMax()));
        sndbufLocked = true;
        bufferChanged();
        return;
      case SO_RCVLOWAT: {
        // sk_setsockopt: a negative low-water mark is INT_MAX, zero is one; tcp_set_rcvlowat caps it
        // at half of what the receive buffer is, or may grow to
        int lowat = v < 0 ? Integer.MAX_VALUE : v;
        if (this instanceof TcpSocket) {
          lowat = Math.min(lowat, (rcvbufLocked ? rcvbuf : stack.network().tcpRmemMax()) >> 1);
        }
        rcvLowat = Math.max(1, lowat);
        return;
      }
      case SO_DEBUG: case SO_DONTROUTE: case SO_OOBINLINE: case SO_ZEROCOPY:
        // flags: the kernel keeps only whether the value was non-zero
        store(SOL_SOCKET, name, v != 0 ? 1 : 0);
        return;
      case SO_PRIORITY: case SO_MARK: case SO_INCOMING_CPU:
        store(SOL_SOCKET, name, v);
        return;
      case SO_SNDLOWAT:
        throw new KernelError(SOCKET_ENOPROTOOPT);
      case SO_TYPE: case SO_PROTOCOL: case SO_DOMAIN: case SO_ERROR: case SO_ACCEPTCONN: case SO_PEERCRED:
        throw new KernelError(SOCKET_ENOPROTOOPT);
      default:
        throw new KernelError(SOCKET_ENOPROTOOPT);
    }
  }

  void bufferChanged() {
    wake();
  }

  static int intValue(Object value) {
    if (value instanceof Integer) {
      return (Integer) value;
    }
    if (value instanceof Boolean) {
      return ((Boolean) value) ? 1 : 0;
    }
    if (value instanceof Number) {
      return ((Number) value).intValue();
    }
    throw new KernelError(SOCKET_EINVAL);
  }

  /** SO_KEEPALIVE was set (to {@link #keepAlive}); {@code was} is its value before. TCP starts its timer. */
  void keepAliveChanged(boolean was) {}
}
