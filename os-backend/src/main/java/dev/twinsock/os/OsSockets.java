package dev.twinsock.os;

import static dev.twinsock.SocketConstants.*;

import dev.twinsock.AddrInfo;
import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import dev.twinsock.SocketStream;
import dev.twinsock.Sockets;
import dev.twinsock.Timeval;
import dev.twinsock.spi.LeakReport;
import dev.twinsock.spi.SeedRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import jnr.ffi.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real Linux kernel behind the twinsock API: every call is the system call the seed (PHP's
 * {@code ext/sockets}) makes, and fails with the errno the kernel gives. It is the ground truth the
 * simulated network is checked against.
 *
 * <p>How it works. Calls go to libc through jnr-ffi ({@code LibSocket}) and jnr-posix. Each
 * socket's kernel descriptor is kept O_NONBLOCK; the seed's blocking calls, SO_RCVTIMEO/SO_SNDTIMEO
 * and blocking connect are emulated by waiting in poll(2) on the descriptor and on a per-socket
 * wake-up eventfd. That is what lets {@link Socket#close()} from another thread end a blocked
 * accept, read, recv, connect or {@link #select} promptly with EBADF, which a plain close(2) does
 * not do on Linux, and what guarantees a closed socket never touches its old descriptor number
 * after the kernel reuses it: close waits for the calls in flight on the socket to leave first.
 *
 * <p>Each instance is one "process": {@link #lastError()} is its last error, and {@link #close()}
 * closes every socket it created or received. The class is thread-safe; so are its sockets.
 */
public final class OsSockets implements Sockets {
  private static final Logger LOG = LoggerFactory.getLogger(OsSockets.class);

  private final Set<OsSocket> open = ConcurrentHashMap.newKeySet();
  /** Numbers the sockets in creation order, so that a leak report lists them in that order. */
  private final AtomicLong created = new AtomicLong();
  private volatile int lastError;

  /** A new process view of the kernel's sockets. */
  public OsSockets() {
    // Fail here, not in the first socket call, if the native libraries cannot be loaded.
    Native.LIB.getClass();
  }

  void recordError(int errno) {
    lastError = errno;
  }

  private SocketError fail(String function, int errno) {
    recordError(errno);
    return new SocketError(function, errno);
  }

  /**
   * Wraps a new O_NONBLOCK kernel descriptor as a socket of this process. Returns null (with the
   * errno left by the failing call) if its wake-up eventfd cannot be made; {@code fd} is then closed.
   */
  OsSocket adopt(int fd, int family, int type, boolean blocking) {
    Descriptor descriptor = Descriptor.of(fd);
    if (descriptor == null) {
      return null;
    }
    OsSocket socket = new OsSocket(this, descriptor, family, type, blocking,
        created.incrementAndGet(), new Throwable("socket created here"));
    open.add(socket);
    return socket;
  }

  /**
   * Fails if any socket of this process is still open, naming each one, its descriptor and the
   * line that created it (the first creation site is the exception's cause). Closed sockets, and
   * sockets closed through their stream, do not count.
   */
  public void checkNoOpenSockets() {
    List<OsSocket> leaked = new ArrayList<>(open);
    leaked.removeIf(OsSocket::isClosed);
    if (leaked.isEmpty()) {
      return;
    }
    leaked.sort(Comparator.comparingLong(OsSocket::serial));
    LeakReport report = new LeakReport(OsSockets.class, OsSocket.class, OsSocketStream.class, ControlCodec.class);
    for (OsSocket socket : leaked) {
      report.add(socket.describe(), socket.createdAt());
    }
    report.throwIfAny();
  }

  void forget(OsSocket socket) {
    open.remove(socket);
  }

  /**
   * A descriptor received by SCM_RIGHTS becomes a socket of this process, as the seed imports it:
   * its family from getsockname, its type from SO_TYPE, blocking, with the timeouts its kernel
   * socket already has. A descriptor that is not a socket is closed and dropped, so that it cannot
   * leak.
   */
  Object adoptReceived(int fd) {
    NativeScratch scratch = NativeScratch.get();
    scratch.addrLen.putInt(0, NativeScratch.ADDR_SIZE);
    if (Native.LIB.getsockname(fd, scratch.addr, scratch.addrLen) != 0) {
      LOG.debug("dropping received descriptor {}: not a socket (errno {})", fd, Native.errno());
      Native.LIB.close(fd);
      return null;
    }
    int family = scratch.addr.getShort(0);
    int type;
    long receiveTimeout;
    long sendTimeout;
    try {
      type = (Integer) OptionCodec.get(fd, family, SOL_SOCKET, SO_TYPE);
      receiveTimeout = OsSocket.timeoutNanos((Timeval) OptionCodec.get(fd, family, SOL_SOCKET, SO_RCVTIMEO));
      sendTimeout = OsSocket.timeoutNanos((Timeval) OptionCodec.get(fd, family, SOL_SOCKET, SO_SNDTIMEO));
    } catch (SyscallFailure e) {
      Native.LIB.close(fd);
      return null;
    }
    int flags = Native.LIB.fcntl(fd, Native.F_GETFL, 0);
    if (flags < 0 || Native.LIB.fcntl(fd, Native.F_SETFL, flags | Native.O_NONBLOCK) < 0) {
      Native.LIB.close(fd);
      return null;
    }
    OsSocket socket = adopt(fd, family, type, true);
    if (socket != null) {
      socket.useTimeouts(receiveTimeout, sendTimeout);
    }
    return socket;
  }

  @Override
  public Socket create(int domain, int type, int protocol) {
    String fn = "socket_create";
    SeedRules.domain(fn, domain);
    SeedRules.type(fn, type);
    return open(fn, domain, type, protocol);
  }

  private OsSocket open(String fn, int domain, int type, int protocol) {
    int fd = Native.LIB.socket(domain, type | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
    if (fd < 0) {
      throw fail(fn, Native.errno());
    }
    OsSocket socket = adopt(fd, domain, type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC), (type & SOCK_NONBLOCK) == 0);
    if (socket == null) {
      throw fail(fn, Native.errno());
    }
    return socket;
  }

  /** As the seed: socket, bind to 0.0.0.0:port and listen; no SO_REUSEADDR (the seed sets none). */
  @Override
  public Socket createListen(int port, int backlog) {
    String fn = "socket_create_listen";
    SeedRules.port(fn, 1, port);
    OsSocket socket = open(fn, AF_INET, SOCK_STREAM, 0);
    String step = "unable to bind to given address";
    try {
      socket.bind("0.0.0.0", port);
      step = "unable to listen on socket";
      socket.listen(backlog);
      return socket;
    } catch (SocketError e) {
      socket.close();
      recordError(e.code());
      throw new SocketError(fn, step, e.code());
    }
  }

  @Override
  public Socket[] createPair(int domain, int type, int protocol) {
    String fn = "socket_create_pair";
    SeedRules.domain(fn, domain);
    SeedRules.type(fn, type);
    Pointer sv = NativeScratch.get().option;
    if (Native.LIB.socketpair(domain, type | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol, sv) != 0) {
      throw fail(fn, Native.errno());
    }
    int fd0 = sv.getInt(0);
    int fd1 = sv.getInt(4);
    int base = type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
    boolean blocking = (type & SOCK_NONBLOCK) == 0;
    OsSocket first = adopt(fd0, domain, base, blocking);
    if (first == null) {
      int errno = Native.errno();
      Native.LIB.close(fd1);
      throw fail(fn, errno);
    }
    OsSocket second = adopt(fd1, domain, base, blocking);
    if (second == null) {
      int errno = Native.errno();
      first.close();
      throw fail(fn, errno);
    }
    return new Socket[] {first, second};
  }

  @Override
  public List<AddrInfo> addrinfoLookup(String host, String service, Map<String, Integer> hints) {
    String fn = "socket_addrinfo_lookup";
    SeedRules.addrinfoNames(host, service);
    Map<String, Integer> given = hints == null ? Map.of() : hints;
    SeedRules.addrinfoHints(given);
    int[] error = new int[1];
    List<AddrInfo> found = AddrInfoCodec.lookup(host, service, given, error);
    if (error[0] != 0) {
      throw fail(fn, error[0]);
    }
    return found;
  }

  @Override
  public Socket addrinfoBind(AddrInfo address) {
    return addrinfoOpen("socket_addrinfo_bind", address, true);
  }

  @Override
  public Socket addrinfoConnect(AddrInfo address) {
    return addrinfoOpen("socket_addrinfo_connect", address, false);
  }

  /** As the seed: a socket of the address's family, type and protocol, bound or connected; closed on failure. */
  private Socket addrinfoOpen(String fn, AddrInfo address, boolean bind) {
    SeedRules.addrinfo(fn, address);
    int fd = Native.LIB.socket(address.family(), address.socktype() | SOCK_NONBLOCK | SOCK_CLOEXEC, address.protocol());
    if (fd < 0) {
      int errno = Native.errno();
      recordError(errno);
      throw new SocketError(fn, "Unable to create socket", errno);
    }
    OsSocket socket = adopt(fd, address.family(), address.socktype() & ~(SOCK_NONBLOCK | SOCK_CLOEXEC), true);
    if (socket == null) {
      throw fail(fn, Native.errno());
    }
    try {
      if (bind) {
        socket.bind(address.addr().address(), address.addr().port());
      } else if (address.family() == AF_UNIX) {
        socket.connect(address.addr().address());
      } else {
        socket.connect(address.addr().address(), address.addr().port());
      }
      return socket;
    } catch (SocketError e) {
      socket.close();
      throw fail(fn, e.code());
    } catch (RuntimeException e) {
      // An address the seed rejects before any call (a port or path out of range in a hand-made
      // AddrInfo): no socket may outlive the failed call.
      socket.close();
      throw e;
    }
  }

  @Override
  public Map<String, Object> addrinfoExplain(AddrInfo address) {
    return AddrInfoCodec.explain(SeedRules.addrinfo("socket_addrinfo_explain", address));
  }

  @Override
  public int select(List<Socket> read, List<Socket> write, List<Socket> except, Long seconds, int microseconds) {
    Selector.checkElements(read, write, except);
    SeedRules.selectSets(size(read) + size(write) + size(except));
    if (!SeedRules.selectTimeoutValid(seconds, microseconds)) {
      throw fail("socket_select", SOCKET_EINVAL);
    }
    return Selector.select(this, read, write, except, SeedRules.selectTimeout(seconds, microseconds));
  }

  private static int size(List<Socket> list) {
    return list == null ? 0 : list.size();
  }

  @Override
  public Socket importStream(SocketStream stream) {
    String fn = "socket_import_stream";
    if (!(stream instanceof OsSocketStream)) {
      throw new IllegalArgumentException(fn + "(): Cannot represent a stream of type "
          + (stream == null ? "null" : stream.getClass().getSimpleName()) + " as a Socket Descriptor");
    }
    OsSocket socket = ((OsSocketStream) stream).socket();
    if (socket.isClosed()) {
      throw fail(fn, Native.EBADF);
    }
    return socket;
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

  /** How many sockets of this process are open. */
  int openCount() {
    return open.size();
  }

  /**
   * Closes every socket of this process. It repeats until none is left, because a call in flight
   * on a socket being closed (an accept, a recvmsg with SCM_RIGHTS) may add a socket after the
   * list was taken; closing that call's socket waits for the call to leave, so the next round sees
   * what it added.
   */
  @Override
  public void close() {
    int closed = 0;
    for (List<OsSocket> all = new ArrayList<>(open); !all.isEmpty(); all = new ArrayList<>(open)) {
      for (OsSocket socket : all) {
        socket.close();
      }
      closed += all.size();
    }
    if (closed > 0) {
      LOG.debug("closed {} sockets", closed);
    }
  }

}
