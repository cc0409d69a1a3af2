package dev.twinsock.os;

import static dev.twinsock.SocketConstants.*;

import dev.twinsock.ControlMessage;
import dev.twinsock.Datagram;
import dev.twinsock.Message;
import dev.twinsock.SockAddr;
import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import dev.twinsock.SocketStream;
import dev.twinsock.Timeval;
import dev.twinsock.spi.SeedRules;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import jnr.ffi.Pointer;

/**
 * One real kernel socket. The kernel descriptor is always O_NONBLOCK; the seed's blocking mode,
 * SO_RCVTIMEO/SO_SNDTIMEO and blocking connect are emulated here by waiting in {@link Poller}, so
 * that {@link #close()} from another thread can end any wait (see {@link Descriptor} for why).
 *
 * <p>Every call brackets its system calls with {@link #enter} and {@link Descriptor#leave()}; a
 * failure is turned into the seed's {@link SocketError} by {@link #fail}, which also records the
 * errno as this socket's and the process's last error.
 */
final class OsSocket implements Socket {
  private static final int NO_WAIT_YET = 0;

  private final OsSockets owner;
  private final Descriptor descriptor;
  final int family;
  final int type;
  private volatile boolean blocking;
  /** SO_RCVTIMEO as the emulated waits use it: 0 waits forever, negative not at all. */
  private volatile long receiveTimeoutNanos;
  /** SO_SNDTIMEO, likewise. */
  private volatile long sendTimeoutNanos;
  private volatile int lastError;
  private OsSocketStream stream;
  private final long serial;
  private final Throwable createdAt;

  OsSocket(OsSockets owner, Descriptor descriptor, int family, int type, boolean blocking, long serial,
      Throwable createdAt) {
    this.owner = owner;
    this.descriptor = descriptor;
    this.family = family;
    this.type = type;
    this.blocking = blocking;
    this.serial = serial;
    this.createdAt = createdAt;
  }

  long serial() {
    return serial;
  }

  /** Where the socket was made, for {@link OsSockets#checkNoOpenSockets()}. */
  Throwable createdAt() {
    return createdAt;
  }

  /** "fd 5 AF_INET SOCK_STREAM", for leak reports. */
  String describe() {
    String familyName = family == AF_INET ? "AF_INET" : family == AF_INET6 ? "AF_INET6" : family == AF_UNIX ? "AF_UNIX" : "family " + family;
    String typeName = type == SOCK_STREAM ? "SOCK_STREAM" : type == SOCK_DGRAM ? "SOCK_DGRAM" : type == SOCK_SEQPACKET ? "SOCK_SEQPACKET" : "type " + type;
    return "fd " + descriptor.number() + " " + familyName + " " + typeName;
  }

  // ---- the call protocol

  /**
   * The first check of every call: one made after close throws (see {@link SeedRules#closed}). A
   * close that comes while the call runs still ends it with EBADF, as the kernel does.
   */
  private void checkOpen(String function) {
    if (descriptor.isClosed()) {
      throw SeedRules.closed(function);
    }
  }

  private int enter(String function) {
    int fd = descriptor.enter();
    if (fd < 0) {
      throw fail(function, Native.EBADF);
    }
    return fd;
  }

  private void leave() {
    descriptor.leave();
  }

  /** Records {@code errno} as this socket's and the process's last error; returns the error to throw. */
  SocketError fail(String function, int errno) {
    if (!SETS_PROCESS_ERROR_ONLY.contains(function)) {
      lastError = errno;
    }
    owner.recordError(errno);
    return new SocketError(function, errno);
  }

  /**
   * The seed records these functions' failures on a socket object it then discards (accept) or
   * on none (recvmsg), so the socket's own last error stays as it was.
   */
  private static final Set<String> SETS_PROCESS_ERROR_ONLY = Set.of("socket_accept", "socket_recvmsg");

  private boolean waits(int flags) {
    return blocking && (flags & MSG_DONTWAIT) == 0;
  }

  /**
   * Waits for {@code events} after a call said EAGAIN. {@code deadline} is {@link #NO_WAIT_YET} on
   * the first wait of a call; the returned deadline is passed to the next. Throws the seed's error
   * when the socket is closed (EBADF) or the timeout passes ({@code timeoutErrno}).
   */
  private long await(String function, int fd, short events, long deadline, long timeoutNanos, int timeoutErrno) {
    long next = awaitUntil(function, fd, events, deadline, timeoutNanos);
    if (next == TIMED_OUT) {
      throw fail(function, timeoutErrno);
    }
    return next;
  }

  /**
   * A timeout, as {@link #awaitUntil} and {@link #pause} report it to a call that may still
   * return the bytes it has: such a call succeeds, and so records no error.
   */
  private static final long TIMED_OUT = Long.MIN_VALUE;

  /** {@link #await}, but a passed timeout returns {@link #TIMED_OUT} instead of failing. */
  private long awaitUntil(String function, int fd, short events, long deadline, long timeoutNanos) {
    if (deadline == NO_WAIT_YET) {
      deadline = timeoutNanos < 0 ? System.nanoTime() : Poller.deadlineAfter(timeoutNanos);
      if (deadline == NO_WAIT_YET) {
        deadline++;
      }
    }
    int ready = Poller.await(fd, descriptor.wakeFd(), events, deadline);
    if (ready == Poller.CLOSED) {
      throw fail(function, Native.EBADF);
    }
    if (ready == Poller.TIMED_OUT) {
      return TIMED_OUT;
    }
    if (ready < 0) {
      throw fail(function, -ready - 1);
    }
    return deadline;
  }

  // ---- connections

  @Override
  public Socket accept() {
    checkOpen("socket_accept");
    String fn = "socket_accept";
    int fd = enter(fn);
    try {
      NativeScratch scratch = NativeScratch.get();
      long deadline = NO_WAIT_YET;
      while (true) {
        scratch.addrLen.putInt(0, NativeScratch.ADDR_SIZE);
        int accepted = Native.LIB.accept4(fd, scratch.addr, scratch.addrLen, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (accepted >= 0) {
          OsSocket socket = owner.adopt(accepted, family, type, true);
          if (socket == null) {
            throw fail(fn, Native.errno());
          }
          // The kernel clones the listener: the new socket has its SO_RCVTIMEO and SO_SNDTIMEO.
          socket.useTimeouts(receiveTimeoutNanos, sendTimeoutNanos);
          return socket;
        }
        int errno = Native.errno();
        if (errno == Native.EINTR) {
          continue;
        }
        if (errno != Native.EAGAIN || !blocking) {
          throw fail(fn, errno);
        }
        deadline = await(fn, fd, Native.POLLIN, deadline, receiveTimeoutNanos, Native.EAGAIN);
      }
    } finally {
      leave();
    }
  }

  @Override
  public void bind(String address, int port) {
    checkOpen("socket_bind");
    String fn = "socket_bind";
    SeedRules.notNull(fn, 2, "address", "string", address);
    SeedRules.port(fn, 3, port);
    int fd = enter(fn);
    try {
      Pointer addr = NativeScratch.get().addr;
      int length = encode(fn, 2, addr, address, port);
      if (Native.LIB.bind(fd, addr, length) != 0) {
        throw fail(fn, Native.errno());
      }
    } finally {
      leave();
    }
  }

  /** Encodes an address of this socket's family into {@code addr}; returns its length. */
  private int encode(String fn, int position, Pointer addr, String address, int port) {
    if (family == AF_UNIX) {
      SeedRules.unixPath(fn, position, address);
      return SockaddrCodec.encodeUnix(addr, address);
    }
    SeedRules.inetAddress(fn, position, address);
    int length = SockaddrCodec.encodeInet(addr, family, address, port);
    if (length < 0) {
      lastError = length;
      owner.recordError(length);
      throw new SocketError(fn, "Host lookup failed", length);
    }
    return length;
  }

  @Override
  public void connect(String address) {
    checkOpen("socket_connect");
    if (family != AF_UNIX) {
      throw SeedRules.missingPort("socket_connect", 3, family);
    }
    connect(address, 0);
  }

  @Override
  public void connect(String address, int port) {
    checkOpen("socket_connect");
    String fn = "socket_connect";
    SeedRules.notNull(fn, 2, "address", "string", address);
    SeedRules.port(fn, 3, port);
    if (family == AF_UNIX) {
      SeedRules.unixPath(fn, 2, address);
    }
    int fd = enter(fn);
    try {
      Pointer addr = NativeScratch.get().addr;
      int length = encode(fn, 2, addr, address, port);
      long deadline = NO_WAIT_YET;
      while (true) {
        if (Native.LIB.connect(fd, addr, length) == 0) {
          return;
        }
        int errno = Native.errno();
        if (errno == Native.EINTR) {
          continue;
        }
        if (!blocking) {
          throw fail(fn, errno);
        }
        if (errno == Native.EINPROGRESS || errno == Native.EALREADY) {
          // EALREADY: a connect already in progress (a non-blocking one, or a blocking one that
          // SO_SNDTIMEO ended). The kernel's blocking connect waits for it too, and says EALREADY
          // if its own timeout passes first.
          finishConnect(fn, fd, errno);
          // A blocking connect(2) leaves the socket connected (the next connect is EISCONN); after
          // the non-blocking one the kernel still owes one "connect finished" success. Take it here.
          Native.LIB.connect(fd, addr, length);
          return;
        }
        if (errno == Native.EAGAIN && family == AF_UNIX) {
          // The listener's queue is full: see pause for why this retries on a timer.
          deadline = pause(fn, deadline);
          if (deadline == TIMED_OUT) {
            throw fail(fn, Native.EAGAIN);
          }
          continue;
        }
        throw fail(fn, errno);
      }
    } finally {
      leave();
    }
  }

  /**
   * A blocking connect in progress: wait until writable, then the result is SO_ERROR, as the
   * kernel's. When SO_SNDTIMEO passes first the kernel gives the error the non-blocking call gave
   * ({@code timeoutErrno}: EINPROGRESS for a new connect, EALREADY for one already in progress).
   */
  private void finishConnect(String fn, int fd, int timeoutErrno) {
    await(fn, fd, Native.POLLOUT, NO_WAIT_YET, sendTimeoutNanos, timeoutErrno);
    int error;
    try {
      error = (Integer) OptionCodec.get(fd, family, SOL_SOCKET, SO_ERROR);
    } catch (SyscallFailure e) {
      throw fail(fn, e.errno);
    }
    if (error != 0) {
      if (type == SOCK_STREAM && family != AF_UNIX) {
        disconnect(fd);
      }
      throw fail(fn, error);
    }
  }

  /**
   * What the kernel's blocking connect does when the connection fails while it waits
   * (tcp_disconnect): the socket is no longer shut down, and forgets a source address it did not
   * bind. A connect to AF_UNSPEC runs the same code; the non-blocking connect this backend waits
   * on would otherwise leave the socket as a reset left it, reading end of file.
   */
  private static void disconnect(int fd) {
    Pointer unspec = NativeScratch.get().addr;
    unspec.setMemory(0, NativeScratch.ADDR_SIZE, (byte) 0);
    Native.LIB.connect(fd, unspec, 16);
  }

  /**
   * Waits 10 ms (less if SO_SNDTIMEO ends sooner) before an AF_UNIX call that the peer's full
   * queue refused is retried: a connect to a listener whose backlog is full, or a datagram sent to
   * an address whose receiver's queue is full. The kernel's blocking call sleeps on the peer's own
   * wait queue until it drains, and nothing a caller can poll reaches that queue: an unconnected
   * AF_UNIX socket polls as hung up (stream) or writable (datagram), so waiting on it would spin,
   * and there is no descriptor of the peer to wait on (it may be in another process). So the retry
   * runs on a timer, bounded as the kernel's wait is: SO_SNDTIMEO ends it with EAGAIN (a negative
   * timeout at once), and the wait is on the wake-up eventfd, so close ends it with EBADF at once.
   */
  private long pause(String fn, long deadline) {
    if (deadline == NO_WAIT_YET) {
      deadline = sendTimeoutNanos < 0 ? System.nanoTime() : Poller.deadlineAfter(sendTimeoutNanos);
    }
    long tenMillis = System.nanoTime() + 10_000_000L;
    long until = deadline == Poller.FOREVER || deadline - tenMillis > 0 ? tenMillis : deadline;
    int ready = Poller.await(descriptor.wakeFd(), descriptor.wakeFd(), Native.POLLIN, until);
    if (ready != Poller.TIMED_OUT) {
      throw fail(fn, Native.EBADF);
    }
    if (deadline != Poller.FOREVER && System.nanoTime() - deadline >= 0) {
      return TIMED_OUT;
    }
    return deadline;
  }

  @Override
  public void listen(int backlog) {
    checkOpen("socket_listen");
    String fn = "socket_listen";
    int fd = enter(fn);
    try {
      if (Native.LIB.listen(fd, backlog) != 0) {
        throw fail(fn, Native.errno());
      }
    } finally {
      leave();
    }
  }

  // ---- data

  @Override
  public byte[] read(int length, int mode) {
    checkOpen("socket_read");
    SeedRules.readLength(length);
    SeedRules.readMode(mode);
    String fn = "socket_read";
    int fd = enter(fn);
    try {
      if (mode == PHP_NORMAL_READ) {
        return readLine(fn, fd, length);
      }
      Pointer buf = NativeScratch.get().data(length);
      int n = (int) receive(fn, fd, buf, length, 0);
      return copyOut(buf, n);
    } finally {
      leave();
    }
  }

  /**
   * PHP_NORMAL_READ: the seed reads one byte at a time until it has read a {@code \n} or {@code
   * \r} (kept in the result) or {@code length} bytes, so that nothing after the line is consumed.
   * At EOF it returns what it has.
   */
  private byte[] readLine(String fn, int fd, int length) {
    Pointer one = NativeScratch.get().text;
    byte[] line = new byte[Math.min(length, 8192)];
    int n = 0;
    while (n < length) {
      // Once the line has bytes, running out of them (EAGAIN, or SO_RCVTIMEO) ends it: the read
      // returns what it has and, having succeeded, records no error.
      long got = receive(fn, fd, one, 1, 0, null, null, n > 0);
      if (got <= 0) {
        break;
      }
      byte b = one.getByte(0);
      if (n == line.length) {
        line = Arrays.copyOf(line, (int) Math.min((long) length, 2L * line.length));
      }
      line[n++] = b;
      if (b == '\n' || b == '\r') {
        break;
      }
    }
    return n == line.length ? line : Arrays.copyOf(line, n);
  }

  @Override
  public int write(byte[] data, int length) {
    checkOpen("socket_write");
    String fn = "socket_write";
    SeedRules.notNull(fn, 2, "data", "string", data);
    SeedRules.nonNegative(fn, 3, "length", length);
    return transmit(fn, data, Math.min(length, data.length), 0);
  }

  @Override
  public byte[] recv(int length, int flags) {
    checkOpen("socket_recv");
    String fn = "socket_recv";
    SeedRules.receiveLength(fn, length);
    int fd = enter(fn);
    try {
      Pointer buf = NativeScratch.get().data(length);
      if ((flags & MSG_TRUNC) != 0) {
        buf.setMemory(0, length, (byte) 0);
      }
      long n = receive(fn, fd, buf, length, flags);
      return copyOut(buf, (int) Math.min(n, length));
    } finally {
      leave();
    }
  }

  @Override
  public int send(byte[] data, int length, int flags) {
    checkOpen("socket_send");
    String fn = "socket_send";
    SeedRules.notNull(fn, 2, "data", "string", data);
    SeedRules.nonNegative(fn, 3, "length", length);
    return transmit(fn, data, Math.min(length, data.length), flags);
  }

  private static byte[] copyOut(Pointer buf, int n) {
    byte[] out = new byte[n];
    if (n > 0) {
      buf.get(0, out, 0, n);
    }
    return out;
  }

  /**
   * Whether a receive with {@code flags} waits. MSG_OOB never does: the kernel answers it at once,
   * EAGAIN included, whatever the socket's mode.
   */
  /**
   * Whether a receive may wait: a blocking one, except for urgent data on a stream, which the
   * kernel answers at once (UDP ignores MSG_OOB and waits as for any datagram), and a read of an IP
   * socket's error queue (MSG_ERRQUEUE), which never waits: poll reports the data queue, so waiting
   * on it would spin while data is there and recv keeps saying EAGAIN.
   */
  private boolean receiveWaits(int flags) {
    if ((flags & MSG_ERRQUEUE) != 0 && family != AF_UNIX) {
      return false;
    }
    return waits(flags) && ((flags & MSG_OOB) == 0 || type == SOCK_DGRAM);
  }

  /**
   * Whether a receive with {@code flags} waits for all its bytes: a blocking MSG_WAITALL on a
   * stream. The kernel then returns fewer only at EOF, on an error or on the timeout once some bytes
   * have arrived. (With MSG_PEEK it waits too, but poll cannot tell when more bytes than those
   * already queued have arrived, so a peek returns what is queued.)
   */
  /**
   * Whether a datagram socket that said EAGAIN is shut down for receiving: a blocking receive
   * then returns 0 bytes instead of waiting (the kernel's wait for more packets ends at
   * RCV_SHUTDOWN), though a non-blocking one says EAGAIN. Stream sockets report their end of file
   * in either mode.
   */
  private boolean datagramShutDown(int fd) {
    return type != SOCK_STREAM && Poller.receiveShutDown(fd);
  }

  private boolean receiveWaitsForAll(int flags) {
    return (flags & MSG_WAITALL) != 0 && (flags & MSG_PEEK) == 0 && type == SOCK_STREAM && receiveWaits(flags);
  }

  /**
   * Whether a MSG_WAITALL receive that has some bytes stops here rather than call again: TCP's
   * receive returns what it copied once an error is pending and leaves the error for the next
   * call, which a further call of ours would take (AF_UNIX's takes the error with it); and it stops
   * at the urgent mark, where a further call would skip the urgent byte and end its urgency.
   */
  /**
   * What wakes a receive that waits. The kernel's TCP receive wakes on any arrival, a lone urgent
   * byte too, which poll reports as POLLPRI only: the next call then stops at the mark (having
   * bytes) or skips the byte (having none), as the kernel's loop does. A peek skips it without
   * ending its urgency, so POLLPRI would stay up: a peek waits for POLLIN, as the kernel's waits
   * for new data.
   */
  private short receiveEvents(int flags) {
    boolean urgentWakes = type == SOCK_STREAM && family != AF_UNIX && (flags & MSG_PEEK) == 0;
    return urgentWakes ? (short) (Native.POLLIN | Native.POLLPRI) : Native.POLLIN;
  }

  private boolean waitAllEndsHere(int fd) {
    return family != AF_UNIX && (Poller.errorPending(fd) || Poller.atUrgentMark(fd));
  }

  private long receive(String fn, int fd, Pointer buf, int length, int flags) {
    return receive(fn, fd, buf, length, flags, null, null, false);
  }

  /** Says that no bytes came where the caller already has some: see {@link #receive}'s {@code more}. */
  private static final long NOTHING_MORE = -1;

  /**
   * recvfrom(2) with the seed's blocking semantics (see {@link #receiveWaitsForAll}). The source
   * address, if {@code from} is not null, is the one the first bytes came with. With {@code more}
   * the caller already holds bytes of its result, so EAGAIN or a timeout before any byte comes
   * returns {@link #NOTHING_MORE} instead of failing.
   */
  private long receive(String fn, int fd, Pointer buf, int length, int flags, Pointer from, Pointer fromLength,
      boolean more) {
    boolean waitAll = receiveWaitsForAll(flags);
    long deadline = NO_WAIT_YET;
    long got = 0;
    while (true) {
      Pointer name = got == 0 ? from : null;
      if (name != null) {
        name.setMemory(0, NativeScratch.ADDR_SIZE, (byte) 0);
        fromLength.putInt(0, NativeScratch.ADDR_SIZE);
      }
      long n = got > 0 && family != AF_UNIX
          ? gatherMore(fd, buf.slice(got), (int) (length - got), flags)
          : Native.LIB.recvfrom(fd, got == 0 ? buf : buf.slice(got), length - got, flags, name, name == null ? null : fromLength);
      if (n == AT_THE_MARK) {
        return got;
      }
      if (n >= 0) {
        if (!waitAll || n == 0) {
          return got + n;
        }
        got += n;
        if (got >= length || waitAllEndsHere(fd)) {
          return got;
        }
        continue;
      }
      int errno = Native.errno();
      if (errno == Native.EINTR) {
        continue;
      }
      if (errno != Native.EAGAIN || !receiveWaits(flags)) {
        if (got > 0) {
          return got;
        }
        if (more && errno == Native.EAGAIN) {
          return NOTHING_MORE;
        }
        throw fail(fn, errno);
      }
      if (datagramShutDown(fd)) {
        if (name != null) {
          fromLength.putInt(0, 0); // the kernel's call returns no address with its 0 bytes
        }
        return got;
      }
      deadline = awaitUntil(fn, fd, receiveEvents(flags), deadline, receiveTimeoutNanos);
      if (deadline == TIMED_OUT) {
        if (got > 0) {
          return got;
        }
        if (more) {
          return NOTHING_MORE;
        }
        throw fail(fn, Native.EAGAIN);
      }
      if (got > 0 && waitAllEndsHere(fd)) {
        return got; // what woke the wait (an urgent byte, an error) ends the kernel's call here
      }
    }
  }

  /** Says that a MSG_WAITALL gather reached TCP's urgent mark: see {@link #gatherMore}. */
  private static final long AT_THE_MARK = -2;

  /**
   * A further call of a MSG_WAITALL gather on TCP, which already holds bytes: takes only bytes it
   * has seen queued, and only if the urgent mark is not where it would start. The kernel's own
   * call, having copied bytes, stops at the mark; a fresh non-blocking call that starts there has
   * copied none, so it skips the urgent byte and ends its urgency, and the gather would then wait
   * for more bytes forever. An urgent byte can arrive at any moment between two calls, so the
   * check of the mark and the call cannot be one; instead a peek learns how many bytes lie before
   * anything that arrives from now on, the check follows the peek (a byte that arrived before it
   * sits at the mark, where the check sees it), and the call takes just those bytes: a byte that
   * arrives after the peek lies beyond them. Returns the count taken, {@link #AT_THE_MARK}, or -1
   * with errno set as recvfrom(2) does.
   */
  private long gatherMore(int fd, Pointer buf, int length, int flags) {
    long queued = Native.LIB.recvfrom(fd, buf, length, flags | MSG_PEEK, null, null);
    if (queued <= 0) {
      return queued;
    }
    if (Poller.atUrgentMark(fd)) {
      return AT_THE_MARK;
    }
    return Native.LIB.recvfrom(fd, buf, queued, flags, null, null);
  }

  /** send(2) of the first {@code length} bytes of {@code data}. */
  private int transmit(String fn, byte[] data, int length, int flags) {
    int fd = enter(fn);
    try {
      Pointer buf = NativeScratch.get().data(length);
      if (length > 0) {
        buf.put(0, data, 0, length);
      }
      return (int) sendLoop(fn, fd, buf, 0, length, flags, null, 0, NO_WAIT_YET);
    } finally {
      leave();
    }
  }

  /**
   * send(2)/sendto(2) with the seed's blocking semantics, always with MSG_NOSIGNAL. A blocking
   * stream send returns only when every byte is queued, or with the count queued so far when the
   * timeout passes or an error arrives after some bytes, as the kernel does; other types send once.
   * It starts at byte {@code sent} of {@code buf}, with the {@link #await} deadline so far.
   */
  private long sendLoop(String fn, int fd, Pointer buf, long sent, int length, int flags, Pointer to, int toLength, long deadline) {
    boolean all = type == SOCK_STREAM && waits(flags);
    int sendFlags = flags | MSG_NOSIGNAL;
    while (true) {
      Pointer from = sent == 0 ? buf : buf.slice(sent);
      long n = to == null
          ? Native.LIB.send(fd, from, length - sent, sendFlags)
          : Native.LIB.sendto(fd, from, length - sent, sendFlags, to, toLength);
      if (n >= 0) {
        sent += n;
        if (!all || sent >= length) {
          return sent;
        }
        continue;
      }
      int errno = Native.errno();
      if (errno == Native.EINTR) {
        continue;
      }
      if (errno != Native.EAGAIN || !waits(flags)) {
        if (sent > 0) {
          return sent;
        }
        throw fail(fn, errno);
      }
      deadline = awaitSendRoom(fn, fd, deadline, to != null);
      if (deadline == TIMED_OUT) {
        if (sent > 0) {
          return sent;
        }
        throw fail(fn, Native.EAGAIN);
      }
    }
  }

  /**
   * Waits until a send that said EAGAIN may be retried; {@link #TIMED_OUT} when SO_SNDTIMEO
   * passes. A datagram to an AF_UNIX address waits on {@link #pause}'s timer: poll cannot see the
   * receiver's queue from this socket.
   */
  private long awaitSendRoom(String fn, int fd, long deadline, boolean addressed) {
    if (addressed && family == AF_UNIX && type != SOCK_STREAM) {
      return pause(fn, deadline);
    }
    return awaitUntil(fn, fd, Native.POLLOUT, deadline, sendTimeoutNanos);
  }

  @Override
  public Datagram recvfrom(int length, int flags) {
    checkOpen("socket_recvfrom");
    String fn = "socket_recvfrom";
    SeedRules.receiveLength(fn, length);
    int fd = enter(fn);
    try {
      NativeScratch scratch = NativeScratch.get();
      Pointer buf = scratch.data(length);
      long n = receive(fn, fd, buf, length, flags, scratch.addr, scratch.addrLen, false);
      SockAddr from = decodePeer(scratch.addr, scratch.addrLen.getInt(0));
      return new Datagram(copyOut(buf, (int) Math.min(n, length)), from);
    } finally {
      leave();
    }
  }

  /** A source address; one the kernel left empty reads as the seed's zeroed struct of this family. */
  private SockAddr decodePeer(Pointer addr, int length) {
    if (length >= 2) {
      return SockaddrCodec.decode(addr, length);
    }
    switch (family) {
      case AF_INET:
        return new SockAddr("0.0.0.0", 0);
      case AF_INET6:
        return new SockAddr("::", 0);
      default:
        return new SockAddr("", 0);
    }
  }

  @Override
  public int sendto(byte[] data, int length, int flags, String address) {
    checkOpen("socket_sendto");
    // The seed checks the length before it looks at the family and the port.
    SeedRules.notNull("socket_sendto", 2, "data", "string", data);
    SeedRules.notNull("socket_sendto", 5, "address", "string", address);
    SeedRules.nonNegative("socket_sendto", 3, "length", length);
    if (family != AF_UNIX) {
      throw SeedRules.missingPort("socket_sendto", 6, family);
    }
    return sendto(data, length, flags, address, 0);
  }

  @Override
  public int sendto(byte[] data, int length, int flags, String address, int port) {
    checkOpen("socket_sendto");
    String fn = "socket_sendto";
    SeedRules.notNull(fn, 2, "data", "string", data);
    SeedRules.notNull(fn, 5, "address", "string", address);
    SeedRules.nonNegative(fn, 3, "length", length);
    SeedRules.port(fn, 6, port);
    if (family == AF_UNIX) {
      SeedRules.unixPath(fn, 5, address);
    }
    int fd = enter(fn);
    try {
      NativeScratch scratch = NativeScratch.get();
      int toLength = encode(fn, 5, scratch.addr, address, port);
      int n = Math.min(length, data.length);
      Pointer buf = scratch.data(n);
      if (n > 0) {
        buf.put(0, data, 0, n);
      }
      return (int) sendLoop(fn, fd, buf, 0, n, flags, scratch.addr, toLength, NO_WAIT_YET);
    } finally {
      leave();
    }
  }

  // ---- messages

  @Override
  public Message recvmsg(int bufferSize, int controlLength, int flags) {
    checkOpen("socket_recvmsg");
    String fn = "socket_recvmsg";
    SeedRules.recvmsgLengths(bufferSize, controlLength);
    int fd = enter(fn);
    try {
      NativeScratch scratch = NativeScratch.get();
      Pointer buf = scratch.data(bufferSize);
      Pointer iov = scratch.iov(1);
      Pointer control = scratch.control(Math.max(controlLength, 1));
      Pointer msg = scratch.msg;
      // A blocking MSG_WAITALL on a stream gathers bytes over several calls, as the kernel does,
      // until a call brings ancillary data: the kernel's wait ends there too (it never merges
      // descriptors or differing credentials), and later calls must not overwrite it.
      boolean waitAll = receiveWaitsForAll(flags);
      SockAddr name = null;
      long got = 0;
      long deadline = NO_WAIT_YET;
      while (true) {
        msg.setMemory(0, NativeScratch.MSGHDR_SIZE, (byte) 0);
        if (got == 0) {
          scratch.addr.setMemory(0, NativeScratch.ADDR_SIZE, (byte) 0);
          msg.putAddress(ControlCodec.MSG_NAME, scratch.addr.address());
          msg.putInt(ControlCodec.MSG_NAMELEN, NativeScratch.ADDR_SIZE);
        }
        iov.putAddress(0, buf.address() + got);
        iov.putLong(8, bufferSize - got);
        msg.putAddress(ControlCodec.MSG_IOV, iov.address());
        msg.putLong(ControlCodec.MSG_IOVLEN, 1);
        if (controlLength > 0) {
          msg.putAddress(ControlCodec.MSG_CONTROL, control.address());
          msg.putLong(ControlCodec.MSG_CONTROLLEN, controlLength);
        }
        // MSG_CMSG_CLOEXEC: received descriptors must not leak into child processes.
        long n = Native.LIB.recvmsg(fd, msg, flags | MSG_CMSG_CLOEXEC);
        if (n >= 0) {
          if (got == 0) {
            int nameLength = msg.getInt(ControlCodec.MSG_NAMELEN);
            name = nameLength > 0 ? SockaddrCodec.decode(scratch.addr, nameLength) : null;
          }
          got += n;
          long controlUsed = controlLength > 0 ? msg.getLong(ControlCodec.MSG_CONTROLLEN) : 0;
          if (waitAll && n > 0 && got < bufferSize && controlUsed == 0 && !waitAllEndsHere(fd)) {
            continue;
          }
          // The kernel echoes MSG_CMSG_CLOEXEC in msg_flags; report it only if the caller asked for it.
          int msgFlags = msg.getInt(ControlCodec.MSG_FLAGS) & ~(MSG_CMSG_CLOEXEC & ~flags);
          return received(buf, got, bufferSize, name, control, controlUsed, msgFlags);
        }
        int errno = Native.errno();
        if (errno == Native.EINTR) {
          continue;
        }
        if (errno != Native.EAGAIN || !receiveWaits(flags)) {
          if (got > 0) {
            return received(buf, got, bufferSize, name, control, 0, 0);
          }
          throw fail(fn, errno);
        }
        if (datagramShutDown(fd)) {
          return received(buf, got, bufferSize, name, control, 0, 0);
        }
        deadline = awaitUntil(fn, fd, receiveEvents(flags), deadline, receiveTimeoutNanos);
        if (deadline == TIMED_OUT) {
          if (got > 0) {
            return received(buf, got, bufferSize, name, control, 0, 0);
          }
          throw fail(fn, Native.EAGAIN);
        }
        if (got > 0 && waitAllEndsHere(fd)) {
          return received(buf, got, bufferSize, name, control, 0, 0); // as in receive
        }
      }
    } finally {
      leave();
    }
  }

  private Message received(Pointer buf, long got, int bufferSize, SockAddr name, Pointer control, long controlUsed, int msgFlags) {
    byte[] data = copyOut(buf, (int) Math.min(got, bufferSize));
    List<ControlMessage> messages = ControlCodec.readControl(control, controlUsed, owner::adoptReceived);
    return new Message(name, List.of(data), messages, msgFlags);
  }

  @Override
  public int sendmsg(Message message, int flags) {
    checkOpen("socket_sendmsg");
    String fn = "socket_sendmsg";
    SeedRules.message(message);
    List<ControlMessage> control = message.control();
    int[][] fds = new int[control.size()][];
    int fd = enter(fn);
    try {
      for (int i = 0; i < control.size(); i++) {
        if (ControlCodec.isRights(control.get(i))) {
          fds[i] = duplicates(fn, control.get(i), fds);
        }
      }
      NativeScratch scratch = NativeScratch.get();
      Pointer msg = scratch.msg;
      int nameLength = 0;
      if (message.name() != null) {
        nameLength = encode(fn, 2, scratch.addr, message.name().address(), message.name().port());
      }
      List<byte[]> iovs = message.iov();
      long total = 0;
      for (byte[] b : iovs) {
        total += b.length;
      }
      Pointer buf = scratch.data(Math.max(total, 1));
      Pointer iov = scratch.iov(Math.max(iovs.size(), 1));
      long at = 0;
      for (int i = 0; i < iovs.size(); i++) {
        byte[] b = iovs.get(i);
        buf.put(at, b, 0, b.length);
        iov.putAddress(16L * i, buf.address() + at);
        iov.putLong(16L * i + 8, b.length);
        at += b.length;
      }
      long controlSize = ControlCodec.controlSize(control, fds);
      Pointer cbuf = scratch.control(Math.max(controlSize, 1));
      ControlCodec.writeControl(cbuf, control, fds);
      long deadline = NO_WAIT_YET;
      while (true) {
        msg.setMemory(0, NativeScratch.MSGHDR_SIZE, (byte) 0);
        if (nameLength > 0) {
          msg.putAddress(ControlCodec.MSG_NAME, scratch.addr.address());
          msg.putInt(ControlCodec.MSG_NAMELEN, nameLength);
        }
        msg.putAddress(ControlCodec.MSG_IOV, iov.address());
        msg.putLong(ControlCodec.MSG_IOVLEN, iovs.size());
        if (controlSize > 0) {
          msg.putAddress(ControlCodec.MSG_CONTROL, cbuf.address());
          msg.putLong(ControlCodec.MSG_CONTROLLEN, controlSize);
        }
        long n = Native.LIB.sendmsg(fd, msg, flags | MSG_NOSIGNAL);
        if (n >= 0) {
          if (n < total && type == SOCK_STREAM && waits(flags)) {
            // A blocking stream sendmsg queues every byte, as the kernel's does. The ancillary data
            // went with the first bytes; the rest are plain data, contiguous in buf.
            return (int) sendLoop(fn, fd, buf, n, (int) total, flags, null, 0, deadline);
          }
          return (int) n;
        }
        int errno = Native.errno();
        if (errno == Native.EINTR) {
          continue;
        }
        if (errno != Native.EAGAIN || !waits(flags)) {
          throw fail(fn, errno);
        }
        deadline = awaitSendRoom(fn, fd, deadline, nameLength > 0);
        if (deadline == TIMED_OUT) {
          throw fail(fn, Native.EAGAIN);
        }
      }
    } finally {
      for (int[] passed : fds) {
        closeAll(passed);
      }
      leave();
    }
  }

  /**
   * Duplicates of the descriptors an SCM_RIGHTS message passes. The kernel takes its own reference
   * to each passed file when sendmsg starts, so closing a passed socket while the sendmsg waits
   * neither waits for the send nor changes what is sent; duplicates give the same, where keeping
   * the passed sockets entered would make their close wait for the whole send.
   */
  private int[] duplicates(String fn, ControlMessage rights, int[][] fds) {
    List<?> sockets = rights.data() instanceof List ? (List<?>) rights.data() : List.of();
    int[] dups = new int[sockets.size()];
    Arrays.fill(dups, -1);
    try {
      for (int k = 0; k < sockets.size(); k++) {
        if (!(sockets.get(k) instanceof OsSocket)) {
          throw new IllegalArgumentException(
              "socket_sendmsg(): SCM_RIGHTS data must only contain sockets of this backend");
        }
        OsSocket other = (OsSocket) sockets.get(k);
        int otherFd = other.descriptor.enter();
        if (otherFd < 0) {
          throw fail(fn, Native.EBADF);
        }
        try {
          dups[k] = Native.LIB.fcntl(otherFd, Native.F_DUPFD_CLOEXEC, 0);
        } finally {
          other.descriptor.leave();
        }
        if (dups[k] < 0) {
          throw fail(fn, Native.errno());
        }
      }
      return dups;
    } catch (RuntimeException e) {
      closeAll(dups);
      throw e;
    }
  }

  private static void closeAll(int[] descriptors) {
    if (descriptors == null) {
      return;
    }
    for (int d : descriptors) {
      if (d >= 0) {
        Native.LIB.close(d);
      }
    }
  }

  // ---- options and names

  @Override
  public Object getOption(int level, int option) {
    checkOpen("socket_get_option");
    String fn = "socket_get_option";
    int fd = enter(fn);
    try {
      return OptionCodec.get(fd, family, level, option);
    } catch (SyscallFailure e) {
      throw fail(fn, e.errno);
    } finally {
      leave();
    }
  }

  @Override
  public void setOption(int level, int option, Object value) {
    checkOpen("socket_set_option");
    String fn = "socket_set_option";
    Object checked = SeedRules.setOptionValue(level, option, value);
    int fd = enter(fn);
    try {
      OptionCodec.set(fd, family, level, option, checked);
      if (level == SOL_SOCKET && (option == SO_RCVTIMEO || option == SO_SNDTIMEO)) {
        long nanos = timeoutNanos((Timeval) checked);
        if (option == SO_RCVTIMEO) {
          receiveTimeoutNanos = nanos;
        } else {
          sendTimeoutNanos = nanos;
        }
      }
    } catch (SyscallFailure e) {
      throw fail(fn, e.errno);
    } finally {
      leave();
    }
  }

  /** The timeouts the emulated waits use, for a socket whose kernel socket already has them set. */
  void useTimeouts(long receiveNanos, long sendNanos) {
    receiveTimeoutNanos = receiveNanos;
    sendTimeoutNanos = sendNanos;
  }

  /** The kernel's reading of a timeout: {0,0} is forever (0 here), a negative one is no wait at all. */
  static long timeoutNanos(Timeval tv) {
    if (tv.sec() < 0) {
      return -1;
    }
    if (tv.sec() == 0 && tv.usec() == 0) {
      return 0;
    }
    long max = Long.MAX_VALUE / 2;
    if (tv.sec() > max / 1_000_000_000L) {
      return max;
    }
    return tv.sec() * 1_000_000_000L + tv.usec() * 1_000L;
  }

  @Override
  public SockAddr getpeername() {
    checkOpen("socket_getpeername");
    return name("socket_getpeername", true);
  }

  @Override
  public SockAddr getsockname() {
    checkOpen("socket_getsockname");
    return name("socket_getsockname", false);
  }

  private SockAddr name(String fn, boolean peer) {
    int fd = enter(fn);
    try {
      NativeScratch scratch = NativeScratch.get();
      scratch.addr.setMemory(0, NativeScratch.ADDR_SIZE, (byte) 0);
      scratch.addrLen.putInt(0, NativeScratch.ADDR_SIZE);
      int rc = peer
          ? Native.LIB.getpeername(fd, scratch.addr, scratch.addrLen)
          : Native.LIB.getsockname(fd, scratch.addr, scratch.addrLen);
      if (rc != 0) {
        throw fail(fn, Native.errno());
      }
      return decodePeer(scratch.addr, scratch.addrLen.getInt(0));
    } finally {
      leave();
    }
  }

  @Override
  public void setBlock() {
    checkOpen("socket_set_block");
    enter("socket_set_block");
    try {
      blocking = true;
    } finally {
      leave();
    }
  }

  @Override
  public void setNonblock() {
    checkOpen("socket_set_nonblock");
    enter("socket_set_nonblock");
    try {
      blocking = false;
    } finally {
      leave();
    }
  }

  @Override
  public void shutdown(int how) {
    checkOpen("socket_shutdown");
    String fn = "socket_shutdown";
    int fd = enter(fn);
    try {
      if (Native.LIB.shutdown(fd, how) != 0) {
        throw fail(fn, Native.errno());
      }
    } finally {
      leave();
    }
  }

  // ---- streams, errors, lifetime

  @Override
  public SocketStream exportStream() {
    checkOpen("socket_export_stream");
    enter("socket_export_stream");
    try {
      synchronized (this) {
        if (stream == null) {
          stream = new OsSocketStream(this);
        }
        return stream;
      }
    } finally {
      leave();
    }
  }

  @Override
  public int lastError() {
    checkOpen("socket_last_error");
    return lastError;
  }

  @Override
  public void clearError() {
    checkOpen("socket_clear_error");
    lastError = 0;
  }

  /** The descriptor for select: enters it, or returns -1 if closed. Paired with {@link #release()}. */
  int acquire() {
    return descriptor.enter();
  }

  void release() {
    descriptor.leave();
  }

  int wakeFd() {
    return descriptor.wakeFd();
  }

  boolean isClosed() {
    return descriptor.isClosed();
  }

  int callsInFlight() {
    return descriptor.callsInFlight();
  }

  int descriptorNumber() {
    return descriptor.number();
  }

  @Override
  public void close() {
    descriptor.close();
    // After close returns the descriptor is released, whoever closed it.
    owner.forget(this);
  }

  @Override
  public String toString() {
    return "OsSocket[family=" + family + ", type=" + type + (isClosed() ? ", closed" : "") + "]";
  }
}
