package dev.twinsock.sim;

import static dev.twinsock.SocketConstants.*;

import dev.twinsock.ControlMessage;
import dev.twinsock.SockAddr;
import java.util.List;

/**
 * A TCP socket and its connection, modelled on Linux: the three-way handshake with SYN
 * retransmission (1 s apart for tcp_syn_linear_timeouts tries, then doubling; ETIMEDOUT by
 * {@link RetransmitSchedule}), the listener's accept queue, send and receive buffers with flow
 * control and backpressure, MSS-sized segments, a congestion window ({@link CongestionWindow}),
 * SACK and RACK loss recovery ({@link SackScoreboard}), a tail loss probe and retransmission on a
 * timeout (RTO) so bytes survive loss, giving up after tcp_retries2's time or TCP_USER_TIMEOUT,
 * delayed ACKs ({@link DelayedAck}), Nagle's algorithm and corking ({@link Nagle}), the keepalive
 * timer ({@link KeepaliveTimer}), FIN and half-close, RST (closed port, close with unread data,
 * SO_LINGER {1, 0}, a listener closed with connections it did not accept), and TIME_WAIT.
 *
 * <p>Simplifications, none visible through the socket API: sequence numbers are 64-bit and never
 * wrap.
 */
final class TcpSocket extends KernelSocket {
  /** Linux's sock->state: SS_UNCONNECTED, SS_CONNECTING, SS_CONNECTED, SS_DISCONNECTING. */
  enum Connecting { UNCONNECTED, CONNECTING, CONNECTED, DISCONNECTING }

  static final long SECOND = 1_000_000_000L;
  static final long INITIAL_RTO = SECOND;
  static final long MIN_RTO = 200_000_000L;
  static final long MAX_RTO = 120 * SECOND;
  static final int SYNACK_RETRIES = 5;
  /** net.ipv4.tcp_invalid_ratelimit: the least time between two answers to segments below the window. */
  static final long INVALID_RATELIMIT = 500_000_000L;
  static final long TIME_WAIT_NANOS = 60 * SECOND;
  static final long FIN_TIMEOUT_NANOS = 60 * SECOND;
  static final int DEFAULT_SNDBUF = 16384;
  static final int DEFAULT_RCVBUF = 131072;
  /** What the kernel's autotuning lets a socket queue when the application did not size its buffers. */
  static final int AUTOTUNED_SEND = 2_097_152;
  static final int AUTOTUNED_RECEIVE = 1_966_080;
  static final int MAX_PROBES = 15;

  TcpState state = TcpState.CLOSED;
  Connecting connecting = Connecting.UNCONNECTED;
  Binding binding;
  /**
   * The port was chosen by bind() and was not 0 (Linux's SOCK_BINDPORT_LOCK): it outlives the
   * connection. Any other port goes back to the kernel when the socket reaches CLOSED, though
   * getsockname still reports it.
   */
  boolean userBound;
  /** bind chose the address (Linux's SOCK_BINDADDR_LOCK): a disconnect keeps it. */
  boolean addressBound;
  /** A connect sent a SYN from this socket: with fixed roles it may never listen after that. */
  boolean sentSyn;
  /** The socket listened: with fixed roles it may never connect after that. */
  boolean listened;
  IpAddress localIp;
  int localPort;
  IpAddress remoteIp;
  int remotePort;
  int mss = 536;
  /**
   * What TCP_MAXSEG reads when no connection is up (Linux's mss_cache): 536 at first; while a
   * connect waits, the clamp before the peer's SYN-ACK (536, 1220 over IPv6, or the user's MSS)
   * less the timestamp option; once a connection was up, its MSS, which the socket keeps.
   */
  int reportedMss = 536;
  boolean registered;
  /** No descriptor refers to it any more; the kernel finishes the connection on its own. */
  boolean orphan;

  // sending
  final ByteQueue sendQueue = new ByteQueue();
  long iss;
  long sndUna;
  long sndNxt;
  long sndMax;
  boolean finQueued;
  boolean finSent;
  long finSeq = -1;
  boolean finAcked;
  int peerWindow;
  Timer retransmitTimer;
  private final RttEstimator rtt = new RttEstimator();
  // new for each connection a socket makes (a socket may connect again after a reset)
  private CongestionWindow congestion = new CongestionWindow();
  private SackScoreboard scoreboard = new SackScoreboard();
  /** RACK's reordering timer: when a segment sent before a delivered one is deemed lost. */
  private Timer reorderTimer;
  /** The last output stopped at the congestion window (Linux's tcp_is_cwnd_limited). */
  private boolean cwndLimited;
  private Nagle nagle = new Nagle();
  /** The send in progress has MSG_MORE: its last short segment is corked. */
  private boolean moreComing;
  /** Linux's probe0 timer for a short segment held back with nothing in flight (TCP_CORK, MSG_MORE). */
  private Timer heldTimer;
  /** The probe timer is sending a held segment: Linux's tcp_write_wakeup, which Minshall's check does not count. */
  private boolean wakingHeld;
  /** While a segment is being taken in: output waits until its data is in, so that replies carry the ACK. */
  private boolean takingIn;
  private boolean outputDeferred;
  int retries;
  int probes;
  /** When the retransmission timer was last started. */
  long retransmitArmedAt;
  /**
   * When the oldest unacknowledged data was first retransmitted by the RTO (Linux's retrans_stamp,
   * from which tcp_retries2's time runs); else -1.
   */
  long retransStamp = -1;
  int synRetries;
  /** When the connect sent its first SYN (retrans_stamp in SYN_SENT). */
  long synSentAt;
  /** The retransmission timer is armed as a tail loss probe, not an RTO. */
  boolean lossProbeArmed;
  /** A tail loss probe went out and no ACK has moved sndUna since. */
  boolean lossProbeOut;
  /** Where the last data segment sent began: what a loss probe sends again. */
  long lastSegmentSeq = -1;
  final KeepaliveTimer keepalive = new KeepaliveTimer(this);
  /** When a segment below the window was last answered (Linux's last_oow_ack_time). */
  long lastOutOfWindowAck = Long.MIN_VALUE / 2;

  // receiving
  final ReceiveBuffer receiveBuffer = new ReceiveBuffer();
  private DelayedAck delayedAck = new DelayedAck();
  private Timer delayedAckTimer;
  int lastWindow;
  Timer stateTimer;
  /** The sequence number of the last urgent byte sent with MSG_OOB, or -1. */
  long sendUrgentSeq = -1;
  private final UrgentMark urgent = new UrgentMark();

  // listening
  /** A listener's connections, in the handshake and waiting for accept; null until listen. */
  private AcceptQueue acceptQueue;
  TcpSocket parent;

  // protocol options
  boolean noDelay;
  /** TCP_SYNCNT; 0: the network's tcp_syn_retries. */
  int synCount;
  boolean v6only;

  TcpSocket(NetworkStack stack, int family, int protocol) {
    super(stack, family, SOCK_STREAM, protocol == 0 ? IPPROTO_TCP : protocol, DEFAULT_RCVBUF, DEFAULT_SNDBUF);
  }

  @Override
  boolean isListening() {
    return state == TcpState.LISTEN;
  }

  /** net.ipv4.tcp_wmem[2], Linux's default: the most tcp_sndbuf_expand grows SO_SNDBUF to. */
  static final int TCP_WMEM_MAX = 4_194_304;

  /**
   * What Linux's tcp_sndbuf_expand makes of an unset SO_SNDBUF once the connection is
   * established: room for the initial window of ten segments, each rounded up to a power of two
   * with its headers, twice over (three times under bbr), capped by tcp_wmem[2]. Only the reported
   * value: the sim queues {@link #AUTOTUNED_SEND} for any unset buffer.
   */
  private void expandReportedSendBuffer() {
    if (sndbufLocked) {
      return;
    }
    int perSegment = Integer.highestOneBit(mss + 2 * 320 - 1) * 2 + 256; // MAX_TCP_HEADER, shinfo; sk_buff
    int factor = "bbr".equals(stored(IPPROTO_TCP, TCP_CONGESTION, stack.congestionControl())) ? 3 : 2;
    long expanded = (long) factor * 10 * perSegment;
    sndbuf = (int) Math.max(sndbuf, Math.min(expanded, TCP_WMEM_MAX));
  }

  int sendCapacity() {
    return sndbufLocked ? sndbuf : AUTOTUNED_SEND;
  }

  int receiveCapacity() {
    return rcvbufLocked ? rcvbuf : AUTOTUNED_RECEIVE;
  }

  // ---------------------------------------------------------------- bind, listen, connect, accept

  @Override
  void bind(String address, int port) {
    IpAddress ip = stack.resolve(address, family, "socket_bind");
    boolean bound = binding != null || state != TcpState.CLOSED;
    // IPv4 checks the address, then the privilege, then the state; IPv6 the state before the address
    if (family == AF_INET) {
      stack.checkLocal(ip);
    }
    stack.checkPrivileged(port);
    if (bound) {
      throw new KernelError(SOCKET_EINVAL);
    }
    if (family != AF_INET) {
      if (ip.isV4Mapped() && v6only) {
        throw new KernelError(SOCKET_EINVAL); // a v4-mapped address on an IPv6-only socket
      }
      stack.checkLocal(ip);
    }
    IpAddress wire = ip.onWire();
    boolean dual = family == AF_INET6 && ip.isAny() && !v6only;
    try {
      binding = stack.bindPort(stack.tcpPorts, this, wire, port, dual);
    } catch (KernelError e) {
      if (localIp != null) {
        // __inet_bind sets the source address before it asks for the port, and resets it to any
        // when the port is taken: an earlier connection's port stays in getsockname, its address not
        localIp = family == AF_INET6 ? IpAddress.ANY6 : IpAddress.ANY4;
      }
      throw e;
    }
    userBound = port != 0;
    addressBound = !ip.isAny();
    if (family == AF_INET6 && !ip.isAny() && !ip.isV4Mapped()) {
      v6only = true; // __inet6_bind: a socket bound to an IPv6 address can only be IPv6
    }
    forgetConnectionName();
  }

  /** A new binding names the socket from now on, not the address of an earlier connection. */
  private void forgetConnectionName() {
    localIp = null;
    localPort = 0;
  }

  @Override
  void listen(int backlog) {
    if (state == TcpState.LISTEN) {
      acceptQueue.backlog(clampBacklog(backlog));
      return;
    }
    if (state != TcpState.CLOSED || connecting != Connecting.UNCONNECTED) {
      throw new KernelError(SOCKET_EINVAL);
    }
    if (binding == null) {
      // a socket whose connection gave its port back keeps the address it had (inet_rcv_saddr)
      IpAddress any = family == AF_INET6 ? IpAddress.ANY6 : IpAddress.ANY4;
      IpAddress address = localIp != null ? localIp : any;
      binding = stack.bindPort(stack.tcpPorts, this, address, 0, address.isAny() && family == AF_INET6 && !v6only);
      forgetConnectionName();
    } else {
      stack.tcpPorts.remove(binding);
      state = TcpState.LISTEN;
      boolean conflict = stack.tcpPorts.conflicts(binding);
      stack.tcpPorts.add(binding);
      if (conflict) {
        state = TcpState.CLOSED;
        throw new KernelError(SOCKET_EADDRINUSE);
      }
    }
    if (sentSyn && stack.network().fixedTcpRoles()) {
      // refused where the listener is hashed, after the port was taken: the socket keeps it
      state = TcpState.CLOSED;
      throw new KernelError(SOCKET_EINVAL);
    }
    state = TcpState.LISTEN;
    stack.tcpPorts.listening(binding);
    listened = true;
    acceptQueue = new AcceptQueue(clampBacklog(backlog));
    stack.trace("listen " + stack.host().name() + " " + binding.address + ":" + binding.port);
    wake();
  }

  private static int clampBacklog(int backlog) {
    // Linux compares as unsigned: a negative backlog means the maximum.
    return backlog < 0 || backlog > SOMAXCONN ? SOMAXCONN : backlog;
  }

  @Override
  void connect(String address, int port) {
    IpAddress target = stack.resolve(address, family, "socket_connect");
    boolean waitingAgain = false;
    switch (connecting) {
      case CONNECTED:
        throw new KernelError(SOCKET_EISCONN);
      case DISCONNECTING:
        throw new KernelError(SOCKET_EINVAL);
      case CONNECTING:
        waitingAgain = true;
        if (state == TcpState.SYN_SENT || state == TcpState.SYN_RECV) {
          if (nonblocking) {
            throw new KernelError(SOCKET_EALREADY);
          }
        }
        break;
      default:
        if (state != TcpState.CLOSED) {
          throw new KernelError(SOCKET_EISCONN);
        }
        startHandshake(target, port);
        if (nonblocking) {
          throw new KernelError(SOCKET_EINPROGRESS);
        }
    }
    long deadline = deadline(sndTimeout);
    while (state == TcpState.SYN_SENT || state == TcpState.SYN_RECV) {
      if (await("socket_connect", deadline)) {
        throw new KernelError(waitingAgain ? SOCKET_EALREADY : SOCKET_EINPROGRESS);
      }
    }
    if (state == TcpState.CLOSED) {
      int error = takeSoftError();
      connecting = Connecting.UNCONNECTED;
      disconnect(false); // already CLOSED: the port stays where it is
      throw new KernelError(error != 0 ? error : SOCKET_ECONNABORTED);
    }
    connecting = Connecting.CONNECTED;
  }

  private void startHandshake(IpAddress target, int port) {
    IpAddress destination = target.onWire();
    if (destination.isBroadcast()) {
      throw new KernelError(SOCKET_ENETUNREACH); // tcp_v4_connect: a broadcast route
    }
    if (destination.isAny()) {
      destination = NetworkStack.self(destination, binding == null ? null : binding.address);
    }
    if (family == AF_INET6 && destination.isV4() && v6only) {
      throw new KernelError(SOCKET_ENETUNREACH);
    }
    IpAddress source;
    // the address bind chose stays the source after the port went back (SOCK_BINDADDR_LOCK)
    IpAddress bound = binding != null ? binding.address : addressBound ? localIp : null;
    if (bound != null && !bound.isAny()) {
      source = bound;
      if (source.isV4() != destination.isV4()) {
        // bound to a v4-mapped address, an IPv6 destination has no family in common
        throw new KernelError(source.isV4() ? SOCKET_EAFNOSUPPORT : SOCKET_ENETUNREACH);
      }
    } else {
      source = stack.sourceFor(destination);
    }
    if (listened && stack.network().fixedTcpRoles()) {
      throw new KernelError(SOCKET_EINVAL); // after the route, where the port is hashed for the connection
    }
    if (binding == null) {
      try {
        binding = stack.bindPort(stack.tcpPorts, this, source, 0, false);
      } catch (KernelError e) {
        // connect(2) says so when no ephemeral port is left for the destination
        throw new KernelError(e.errno == SOCKET_EADDRINUSE ? SOCKET_EADDRNOTAVAIL : e.errno);
      }
      userBound = false;
    }
    localIp = source;
    localPort = binding.port;
    remoteIp = destination;
    remotePort = port;
    mss = stack.mssTo(destination);
    int userMss = (Integer) stored(IPPROTO_TCP, TCP_MAXSEG, 0);
    reportedMss = (userMss != 0 ? userMss : destination.isV4() ? 536 : 1220) - 12;
    iss = stack.initialSequence();
    sndUna = iss;
    sndNxt = iss + 1;
    sndMax = sndNxt;
    congestion = new CongestionWindow();
    scoreboard = new SackScoreboard();
    nagle = new Nagle();
    delayedAck = delayedAck.forNewConnection();
    lossProbeOut = false;
    lastSegmentSeq = -1;
    state = TcpState.SYN_SENT;
    connecting = Connecting.CONNECTING;
    stack.register(this);
    synRetries = 0;
    rtt.resetTimeout();
    synSentAt = stack.now();
    rtt.time(iss + 1, synSentAt);
    emit(iss, Segment.SYN, new byte[0]);
    sentSyn = true;
    armRetransmit();
  }

  /** After a failed connect: the socket may connect again, on a new port unless bind chose it. */
  private void disconnect(boolean closing) {
    if (closing) {
      giveBackPort(); // getsockname keeps the port
    }
    if (localIp != null && !addressBound) {
      // tcp_disconnect forgets a source address that bind did not choose (inet_reset_saddr)
      localIp = family == AF_INET6 ? IpAddress.ANY6 : IpAddress.ANY4;
    }
    resetConnection();
    state = TcpState.CLOSED;
    shutdown = 0;
  }

  private void resetConnection() {
    sendQueue.clear();
    receiveBuffer.clear();
    finQueued = false;
    finSent = false;
    finAcked = false;
    finSeq = -1;
  }

  @Override
  KernelSocket accept() {
    if (state != TcpState.LISTEN) {
      throw new KernelError(SOCKET_EINVAL);
    }
    long deadline = deadline(rcvTimeout);
    while (true) {
      TcpSocket child = acceptQueue.poll();
      if (child != null) {
        child.parent = null;
        child.connecting = Connecting.CONNECTED;
        return child;
      }
      if (nonblocking) {
        throw new KernelError(SOCKET_EAGAIN);
      }
      if (await("socket_accept", deadline)) {
        throw new KernelError(SOCKET_EAGAIN);
      }
      if (state != TcpState.LISTEN) {
        throw new KernelError(SOCKET_EINVAL);
      }
    }
  }

  // ---------------------------------------------------------------- data

  @Override
  int send(byte[] data, int offset, int length, int flags, Destination to, List<ControlMessage> control) {
    long deadline = deadline(sndTimeout);
    if (length > 1 && state.isSynchronized()
        && stack.buggify().fires(Buggify.Site.SHORT_WRITE, this::describeConnection, length)) {
      length = 1 + (int) stack.buggify().below(Buggify.Site.SHORT_WRITE, length - 1);
    }
    int copied = 0;
    while (true) {
      if (state != TcpState.ESTABLISHED && state != TcpState.CLOSE_WAIT) {
        if (state == TcpState.SYN_SENT || state == TcpState.SYN_RECV) {
          if (!blocking(flags)) {
            throw new KernelError(SOCKET_EAGAIN);
          }
          if (await("socket_send", deadline)) {
            throw new KernelError(SOCKET_EAGAIN);
          }
          continue;
        }
        return sendError(copied);
      }
      if (softError != 0 || (shutdown & SEND_SHUTDOWN) != 0) {
        return sendError(copied);
      }
      if (copied == length && length > 0) {
        return copied;
      }
      int space = sendCapacity() - sendQueue.size();
      if (space > 0) {
        int n = Math.min(space, length - copied);
        sendQueue.append(data, offset + copied, n);
        copied += n;
        if ((flags & MSG_OOB) != 0 && copied == length) {
          sendUrgentSeq = sndUna + sendQueue.size() - 1;
        }
        moreComing = (flags & MSG_MORE) != 0 && copied == length;
        output();
        moreComing = false;
        if (copied == length) {
          return copied;
        }
      }
      if (!blocking(flags)) {
        if (copied > 0) {
          return copied;
        }
        throw new KernelError(SOCKET_EAGAIN);
      }
      if (await("socket_send", deadline)) {
        if (copied > 0) {
          return copied;
        }
        throw new KernelError(SOCKET_EAGAIN);
      }
    }
  }

  private int sendError(int copied) {
    if (copied > 0) {
      return copied;
    }
    int error = takeSoftError();
    throw new KernelError(error != 0 ? error : SOCKET_EPIPE);
  }

  @Override
  Received receive(int length, int flags) {
    Received received = receiveData(length, flags);
    if ((flags & MSG_TRUNC) != 0) {
      // Linux consumes the bytes without copying them: the caller's buffer keeps what it had
      return new Received(new byte[received.data.length], received.from, received.flags, received.control);
    }
    return received;
  }

  private Received receiveData(int length, int flags) {
    if (state == TcpState.LISTEN) {
      throw new KernelError(SOCKET_ENOTCONN);
    }
    if ((flags & MSG_OOB) != 0) {
      if (!urgent.pending() || oobInline()) {
        throw new KernelError(SOCKET_EINVAL);
      }
      if (state == TcpState.CLOSED && !receiveBuffer.finReceived()) {
        throw new KernelError(SOCKET_ENOTCONN); // tcp_recv_urg on a connection that was reset
      }
      // tcp_recv_urg: no room reads the byte all the same, and says MSG_TRUNC
      byte[] urgentData = length < 1 ? new byte[0] : new byte[] {(byte) urgent.urgentByte()};
      if ((flags & MSG_PEEK) == 0) {
        urgent.taken();
      }
      return new Received(urgentData, null, MSG_OOB | (length < 1 ? MSG_TRUNC : 0), List.of());
    }
    long deadline = deadline(rcvTimeout);
    boolean peek = (flags & MSG_PEEK) != 0;
    boolean waitAll = (flags & MSG_WAITALL) != 0 && !peek;
    byte[] gathered = new byte[0];
    while (true) {
      int skip = 0;
      if (urgent.atMark() && !receiveBuffer.isEmpty() && length > gathered.length) {
        if (gathered.length > 0) {
          return new Received(gathered, null, 0, List.of()); // stop at the urgent mark
        }
        skip = oobInline() ? 0 : 1; // the urgent byte itself, unless it is read inline
        if (!peek) {
          // a read that starts at the mark goes past it, and Linux forgets the urgent byte then
          receiveBuffer.take(skip);
          skip = 0;
          urgent.passed();
        }
      }
      if (receiveBuffer.queued() > skip) {
        int n = Math.min(length - gathered.length, receiveBuffer.queued() - skip);
        n = urgent.limit(n);
        if (n > 1 && !waitAll && (flags & MSG_PEEK) == 0
            && stack.buggify().fires(Buggify.Site.SHORT_READ, this::describeConnection, n)) {
          n = 1 + (int) stack.buggify().below(Buggify.Site.SHORT_READ, n - 1);
        }
        byte[] chunk = peek ? receiveBuffer.copy(skip, n) : receiveBuffer.take(n);
        if ((flags & MSG_PEEK) == 0) {
          urgent.consumed(n);
          afterRead(n);
        }
        gathered = concat(gathered, chunk);
        if (!waitAll || gathered.length == length) {
          return new Received(gathered, null, 0, List.of());
        }
        continue;
      }
      if (gathered.length > 0 && (receiveBuffer.finReceived() || softError != 0 || (shutdown & RCV_SHUTDOWN) != 0
          || state == TcpState.CLOSED || !blocking(flags))) {
        return new Received(gathered, null, 0, List.of());
      }
      if (receiveBuffer.finReceived()) {
        return new Received(new byte[0], null, 0, List.of());
      }
      if (softError != 0) {
        throw new KernelError(takeSoftError());
      }
      if ((shutdown & RCV_SHUTDOWN) != 0) {
        return new Received(new byte[0], null, 0, List.of());
      }
      if (state == TcpState.CLOSED) {
        throw new KernelError(SOCKET_ENOTCONN);
      }
      if (!blocking(flags)) {
        throw new KernelError(SOCKET_EAGAIN);
      }
      if (await("socket_recv", deadline)) {
        if (gathered.length > 0) {
          return new Received(gathered, null, 0, List.of());
        }
        throw new KernelError(SOCKET_EAGAIN);
      }
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    if (a.length == 0) {
      return b;
    }
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private SockAddr peerSockAddr() {
    return remoteIp == null ? null : new SockAddr(remoteIp.forFamily(family).toString(), remotePort);
  }

  /**
   * After the application took {@code copied} bytes: the ACK owed, if reading made it due
   * (tcp_cleanup_rbuf), else news of buffer space freed.
   */
  private void afterRead(int copied) {
    if (state.isSynchronized() && delayedAck.afterRead(receiveBuffer.next(), copied, receiveBuffer.isEmpty())) {
      emit(sndNxt, Segment.ACK, new byte[0]);
      return;
    }
    windowOpened();
  }

  /** Tells the peer about buffer space that reading freed, when its view had become small. */
  private void windowOpened() {
    int window = advertisedWindow();
    if (state.isSynchronized() && lastWindow < Math.min(mss, receiveCapacity() / 2) && window > lastWindow) {
      emit(sndNxt, Segment.ACK, new byte[0]);
    }
  }

  @Override
  void shutdown(int how) {
    int mask = how + 1;
    if (connecting == Connecting.CONNECTING && state != TcpState.SYN_SENT) {
      // inet_shutdown settles a connect nobody collected: closed, it can no longer connect
      connecting = state == TcpState.CLOSED || state == TcpState.SYN_RECV ? Connecting.DISCONNECTING : Connecting.CONNECTED;
    }
    switch (state) {
      case CLOSED:
      case TIME_WAIT: // Linux's socket is CLOSED once a timewait sock holds the connection
        shutdown |= mask;
        throw new KernelError(SOCKET_ENOTCONN);
      case LISTEN:
        if ((mask & RCV_SHUTDOWN) != 0) {
          closeListener();
          state = TcpState.CLOSED;
          shutdown = 0; // tcp_disconnect clears the shutdown flags
          giveBackPort();
        }
        wake();
        return;
      case SYN_SENT:
        // inet_shutdown disconnects a connect in progress, and tcp_disconnect leaves it ECONNRESET
        shutdown |= mask;
        stack.unregister(this);
        cancelRetransmit();
        disconnect(true);
        softError = SOCKET_ECONNRESET;
        connecting = Connecting.UNCONNECTED;
        wake();
        return;
      default:
        break;
    }
    // Linux keeps queueing data after SHUT_RD: reads return it, then EOF
    shutdown |= mask;
    if ((mask & SEND_SHUTDOWN) != 0) {
      queueFin();
    }
    wake();
  }

  private void queueFin() {
    if (finQueued) {
      return;
    }
    if (state == TcpState.ESTABLISHED || state == TcpState.SYN_RECV) {
      state = TcpState.FIN_WAIT1;
    } else if (state == TcpState.CLOSE_WAIT) {
      state = TcpState.LAST_ACK;
    } else {
      return;
    }
    finQueued = true;
    output();
  }

  // ---------------------------------------------------------------- close

  @Override
  void release() {
    orphan = true;
    switch (state) {
      case LISTEN:
        closeListener();
        finish();
        return;
      case CLOSED:
        finish();
        return;
      case SYN_SENT:
        finish();
        return;
      default:
        break;
    }
    boolean unread = !receiveBuffer.isEmpty();
    boolean abortive = linger.onoff() != 0 && linger.linger() == 0;
    if (unread || abortive) {
      reset();
      return;
    }
    if ((state == TcpState.ESTABLISHED || state == TcpState.CLOSE_WAIT)
        && stack.buggify().fires(Buggify.Site.RESET_ON_CLOSE, describeConnection())) {
      reset();
      return;
    }
    if (state == TcpState.ESTABLISHED || state == TcpState.CLOSE_WAIT || state == TcpState.SYN_RECV) {
      queueFin();
    }
    if (linger.onoff() != 0 && !nonblocking) {
      // SO_LINGER {1, n}: close waits up to n seconds for the peer to acknowledge everything
      long deadline = linger.linger() < 0 ? Scheduler.NO_DEADLINE // forever, as a negative time set it
          : deadline(new dev.twinsock.Timeval(linger.linger(), 0));
      while ((state == TcpState.FIN_WAIT1 || state == TcpState.CLOSING || state == TcpState.LAST_ACK)
          && !await("socket_close", deadline)) {
        // woken by an acknowledgement: look again
      }
    }
    if (state == TcpState.FIN_WAIT2) {
      armFinWait2();
    }
  }

  /** Sends RST and drops the connection at once. */
  private void reset() {
    if (remoteIp != null && state != TcpState.CLOSED && state != TcpState.TIME_WAIT) {
      emit(sndNxt, Segment.RST | Segment.ACK, new byte[0]);
    }
    finish();
  }

  private void closeListener() {
    for (TcpSocket child : acceptQueue.drain()) {
      child.reset();
    }
    for (TcpSocket child : acceptQueue.handshakes()) {
      child.reset();
    }
  }

  /**
   * On reaching CLOSED, a port that bind did not choose goes back to the kernel (Linux's
   * tcp_set_state without SOCK_BINDPORT_LOCK): the socket may bind again, yet getsockname keeps
   * reporting the name it had.
   */
  private void giveBackPort() {
    if (binding == null || userBound) {
      return;
    }
    if (localIp == null) {
      localIp = binding.address;
      localPort = binding.port;
    }
    stack.tcpPorts.remove(binding);
    binding = null;
  }

  /** The connection is over: CLOSED, no timers, no longer findable. */
  void finish() {
    state = TcpState.CLOSED;
    shutdown = SHUTDOWN_MASK;
    cancelRetransmit();
    cancelHeldTimer();
    cancelDelayedAck();
    if (reorderTimer != null) {
      reorderTimer.cancel();
      reorderTimer = null;
    }
    keepalive.stop();
    if (stateTimer != null) {
      stateTimer.cancel();
      stateTimer = null;
    }
    stack.unregister(this);
    giveBackPort();
    if (binding != null && orphan) {
      stack.tcpPorts.remove(binding);
      binding = null;
    }
    if (parent != null) {
      parent.acceptQueue.handshakeEnded(this);
      // a connection already in the accept queue stays there, closed, until accept returns it
      // (its reset then shows in the first call on it) or the listener closes
      if (parent.acceptQueue == null || !parent.acceptQueue.contains(this)) {
        parent = null;
      }
    }
    wake();
  }

  private void enterTimeWait() {
    state = TcpState.TIME_WAIT;
    cancelRetransmit();
    if (stateTimer != null) {
      stateTimer.cancel();
    }
    stateTimer = stack.schedule(TIME_WAIT_NANOS, () -> {
      stateTimer = null;
      stack.trace("time-wait over " + localIp + ":" + localPort + " " + remoteIp + ":" + remotePort);
      orphan = true;
      finish();
    });
    wake();
  }

  private void armFinWait2() {
    if (orphan && state == TcpState.FIN_WAIT2 && stateTimer == null) {
      stateTimer = stack.schedule(FIN_TIMEOUT_NANOS, () -> {
        stateTimer = null;
        finish();
      });
    }
  }

  // ---------------------------------------------------------------- output and retransmission

  private int advertisedWindow() {
    return Math.max(0, receiveCapacity() - receiveBuffer.held());
  }

  private void emit(long seq, int flags, byte[] data) {
    emit(seq, flags, data, -1);
  }

  private void emit(long seq, int flags, byte[] data, int urgentOffset) {
    int window = advertisedWindow();
    lastWindow = window;
    boolean acks = (flags & Segment.ACK) != 0;
    long ack = acks ? receiveBuffer.next() : 0;
    if (acks) {
      delayedAck.ackSent(ack);
      cancelDelayedAck();
    }
    Segment segment = new Segment(localIp, localPort, remoteIp, remotePort, seq, ack, flags, window, data, urgentOffset);
    segment.mss = mss;
    if (acks && receiveBuffer.hasGap()) {
      segment.sack = receiveBuffer.sackBlocks();
    }
    segment.ttl = hopLimitTo(remoteIp);
    stack.transmit(segment);
  }

  /** IP_TTL, or IPV6_UNICAST_HOPS for an IPv6 destination, as this socket sends with it. */
  private int hopLimitTo(IpAddress destination) {
    Object limit = destination != null && !destination.isV4() && family == AF_INET6
        ? IpOptions.get(this, IPPROTO_IPV6, IPV6_UNICAST_HOPS) : IpOptions.get(this, IPPROTO_IP, IP_TTL);
    return limit instanceof Integer i ? i : 64;
  }

  /** Sends what the peer's window allows, then the FIN once all data is out. */
  private void output() {
    output(false);
  }

  /**
   * Sends what the congestion window and the peer's window allow: first the segments deemed
   * lost, then new data, then the FIN once all data is out. {@code probe}: one new segment may go
   * beyond the congestion window (a tail loss probe).
   */
  private void output(boolean probe) {
    if (takingIn) {
      outputDeferred = true;
      return;
    }
    if (!state.isSynchronized() && state != TcpState.SYN_RECV) {
      return;
    }
    if (state == TcpState.SYN_RECV) {
      return;
    }
    while (true) {
      long dataEnd = sndUna + sendQueue.size();
      long offset = sndNxt - sndUna;
      long unsent = dataEnd - sndNxt;
      long window = sndUna + peerWindow - sndNxt;
      boolean congestionRoom = scoreboard.pipe() < congestion.segments();
      if (congestionRoom && retransmitLost()) {
        continue;
      }
      boolean canSend = unsent > 0 && window > 0 && !(finSent && sndNxt > finSeq);
      int n = (int) Math.min(Math.min(unsent, window), mss);
      if (canSend && !probe && holdsBack(n, unsent)) {
        armHeldTimer();
        canSend = false;
      }
      if (canSend && (congestionRoom || probe)) {
        probe = false;
        byte[] chunk = sendQueue.copy((int) offset, n);
        rtt.timeIfIdle(sndNxt + n, stack.now());
        int urgentOffset = sendUrgentSeq >= sndNxt && sendUrgentSeq < sndNxt + n ? (int) (sendUrgentSeq - sndNxt) : -1;
        emit(sndNxt, Segment.ACK, chunk, urgentOffset);
        scoreboard.sent(sndNxt, sndNxt + n, stack.now());
        if (!wakingHeld) {
          nagle.sent(sndNxt, n, mss);
        }
        cancelHeldTimer();
        delayedAck.dataSent(stack.now());
        lastSegmentSeq = sndNxt;
        sndNxt += n;
        sndMax = Math.max(sndMax, sndNxt);
        armRetransmit();
        continue;
      }
      cwndLimited = canSend && !congestionRoom;
      if (finQueued && unsent == 0 && sndNxt == dataEnd && !finSent) {
        if (finSeq < 0) {
          finSeq = dataEnd;
        }
        emit(finSeq, Segment.FIN | Segment.ACK, new byte[0]);
        scoreboard.sent(finSeq, finSeq + 1, stack.now());
        finSent = true;
        sndNxt = finSeq + 1;
        sndMax = Math.max(sndMax, sndNxt);
        armRetransmit();
      }
      if (unsent > 0 && window <= 0 && retransmitTimer == null) {
        armRetransmit();
      }
      return;
    }
  }

  /**
   * Whether the next new segment, {@code n} of the {@code unsent} bytes, waits (Nagle's algorithm,
   * TCP_CORK, MSG_MORE); a FIN queued behind it or urgent data not yet acknowledged sends it.
   */
  private boolean holdsBack(int n, long unsent) {
    if (finQueued || sendUrgentSeq >= sndUna) {
      return false;
    }
    boolean corked = moreComing || (Integer) stored(IPPROTO_TCP, TCP_CORK, 0) != 0;
    return nagle.holds(n, mss, n == unsent, noDelay, corked, sndUna, sndNxt);
  }

  /**
   * With a short segment held and nothing in flight, no ACK will come to push it: Linux's probe0
   * timer sends it after the RTO (at least 200 ms), the ceiling on how long a cork holds.
   */
  private void armHeldTimer() {
    if (sndNxt != sndUna || heldTimer != null || retransmitTimer != null) {
      return;
    }
    heldTimer = stack.schedule(Math.max(rtt.rto(), MIN_RTO), () -> {
      heldTimer = null;
      if (state.isSynchronized() && sndNxt == sndUna && sndUna + sendQueue.size() > sndNxt) {
        wakingHeld = true;
        output(true); // tcp_write_wakeup: one segment, held or not
        wakingHeld = false;
      }
    });
  }

  private void cancelHeldTimer() {
    if (heldTimer != null) {
      heldTimer.cancel();
      heldTimer = null;
    }
  }

  /** Sends the first segment deemed lost again, if there is one. */
  private boolean retransmitLost() {
    long[] lost = scoreboard.firstLost();
    if (lost == null) {
      return false;
    }
    long seq = lost[0];
    long end = lost[1];
    if (finSent && seq == finSeq) {
      emit(finSeq, Segment.FIN | Segment.ACK, new byte[0]);
    } else {
      long dataEnd = Math.min(end, sndUna + sendQueue.size());
      emit(seq, Segment.ACK, sendQueue.copy((int) (seq - sndUna), (int) (dataEnd - seq)));
    }
    scoreboard.sent(seq, end, stack.now());
    rtt.forgetTimed();
    armRetransmit();
    return true;
  }

  /** After SACK news: RACK marks what is lost, fast recovery begins, a reordering timer waits. */
  private void detectLoss() {
    long now = stack.now();
    long next = scoreboard.detectLoss(now);
    if (scoreboard.hasLost() && !congestion.inRecovery()) {
      congestion.enterRecovery(sndMax);
    }
    if (reorderTimer != null) {
      reorderTimer.cancel();
      reorderTimer = null;
    }
    if (next >= 0) {
      reorderTimer = stack.schedule(next - now, () -> {
        reorderTimer = null;
        detectLoss();
        output();
      });
    }
  }

  private void armRetransmit() {
    if (retransmitTimer == null) {
      long now = stack.now();
      retransmitArmedAt = now;
      long delay = RetransmitSchedule.clampToUserTimeout(rtt.rto(), userTimeoutNanos(),
          retransStamp < 0 ? 0 : now - retransStamp);
      lossProbeArmed = lossProbeApplies();
      if (lossProbeArmed) {
        delay = RetransmitSchedule.lossProbeTimeout(rtt.srtt(), sndNxt - sndUna <= mss, rtt.rto());
      }
      retransmitTimer = stack.schedule(delay, this::onRetransmitTimeout);
    }
  }

  /**
   * Whether the next timer is a tail loss probe (Linux's TLP, tcp_early_retrans 3): data or a FIN
   * is out on a synchronized connection with an RTT sample, no RTO has fired since the last ACK
   * that moved sndUna, and no probe is out.
   */
  private boolean lossProbeApplies() {
    return state.isSynchronized() && state != TcpState.SYN_RECV && rtt.hasSample() && retries == 0 && !lossProbeOut
        && sndNxt > sndUna;
  }

  /** The loss probe: new data if the window lets some go, else the last segment again; then a full RTO. */
  private void sendLossProbe() {
    lossProbeOut = true;
    long before = sndNxt;
    output(true);
    if (sndNxt == before) {
      long now = stack.now();
      if (finSent && sndNxt == finSeq + 1) {
        emit(finSeq, Segment.FIN | Segment.ACK, new byte[0]);
        scoreboard.sent(finSeq, finSeq + 1, now);
      } else if (lastSegmentSeq >= sndUna && lastSegmentSeq < sndNxt) {
        int n = (int) (sndNxt - lastSegmentSeq);
        emit(lastSegmentSeq, Segment.ACK, sendQueue.copy((int) (lastSegmentSeq - sndUna), n));
        scoreboard.sent(lastSegmentSeq, sndNxt, now);
      } else {
        int n = (int) Math.min(mss, Math.min(sndNxt - sndUna, sendQueue.size()));
        emit(sndUna, Segment.ACK, sendQueue.copy(0, n));
        scoreboard.sent(sndUna, sndUna + n, now);
      }
    }
    rtt.forgetTimed();
    cancelRetransmit();
    armRetransmit();
  }

  /** TCP_USER_TIMEOUT in nanoseconds; 0 when not set. */
  long userTimeoutNanos() {
    return (Integer) stored(IPPROTO_TCP, TCP_USER_TIMEOUT, 0) * RetransmitSchedule.MILLI;
  }

  TcpSysctls sysctls() {
    return stack.host().tcpSysctls();
  }

  private void restartRetransmit() {
    cancelRetransmit();
    if (sndNxt > sndUna || (sendQueue.size() > 0 && peerWindow == 0)) {
      armRetransmit();
    }
  }

  private void cancelRetransmit() {
    if (retransmitTimer != null) {
      retransmitTimer.cancel();
      retransmitTimer = null;
    }
  }

  private void onRetransmitTimeout() {
    retransmitTimer = null;
    long now = stack.now();
    if (state == TcpState.SYN_SENT) {
      TcpSysctls sysctls = sysctls();
      if (RetransmitSchedule.synTimedOut(synRetries, synCount != 0 ? synCount : sysctls.synRetries,
          sysctls.synLinearTimeouts, now - synSentAt, userTimeoutNanos())) {
        softError = SOCKET_ETIMEDOUT;
        stack.trace("connect timed out " + localIp + ":" + localPort + " > " + remoteIp + ":" + remotePort);
        finish();
        return;
      }
      synRetries++;
      if (RetransmitSchedule.synBacksOff(synRetries, sysctls.synLinearTimeouts)) {
        rtt.backOff();
      }
      rtt.forgetTimed();
      emit(iss, Segment.SYN, new byte[0]);
      armRetransmit();
      return;
    }
    if (state == TcpState.SYN_RECV) {
      if (synRetries >= SYNACK_RETRIES) {
        finish();
        return;
      }
      synRetries++;
      rtt.backOff();
      emit(iss, Segment.SYN | Segment.ACK, new byte[0]);
      armRetransmit();
      return;
    }
    if (sndNxt == sndUna && sendQueue.size() > 0 && peerWindow == 0) {
      // a zero-window probe: one byte the peer will drop but answer with its window
      if (++probes > MAX_PROBES) {
        return;
      }
      emit(sndUna, Segment.ACK, sendQueue.copy(0, 1));
      rtt.backOff();
      armRetransmit();
      return;
    }
    if (sndNxt == sndUna) {
      return;
    }
    if (lossProbeArmed) {
      lossProbeArmed = false;
      sendLossProbe();
      return;
    }
    if (RetransmitSchedule.establishedTimedOut(retries, sysctls().retries2, retransStamp < 0 ? 0 : now - retransStamp,
        userTimeoutNanos())) {
      softError = SOCKET_ETIMEDOUT;
      stack.trace("retransmission timed out " + localIp + ":" + localPort + " > " + remoteIp + ":" + remotePort);
      finish();
      return;
    }
    retries++;
    rtt.backOff();
    rtt.forgetTimed();
    // every segment not SACKed is lost; the window restarts at one segment (tcp_enter_loss)
    scoreboard.timedOut();
    congestion.onTimeout(sndMax);
    output();
    if (retransStamp < 0) {
      retransStamp = now;
    }
    cancelRetransmit();
    armRetransmit();
  }

  // ---------------------------------------------------------------- input

  /** A SYN for this listener: a new connection in SYN_RECV, unless the accept queue is full. */
  void onSyn(Segment syn) {
    if (acceptQueue.full()) {
      stack.trace("drop (accept queue full) " + syn.describe());
      return;
    }
    if (stack.buggify().fires(Buggify.Site.ACCEPT_OVERFLOW, () -> "drops " + syn.describe())) {
      return;
    }
    TcpSocket child = new TcpSocket(stack, family, protocol);
    child.inheritFrom(this);
    child.parent = this;
    child.state = TcpState.SYN_RECV;
    child.localIp = syn.destination;
    child.localPort = syn.destinationPort;
    child.remoteIp = syn.source;
    child.remotePort = syn.sourcePort;
    child.mss = stack.mssTo(syn.source);
    child.receiveBuffer.synchronize(syn.seq);
    child.iss = stack.initialSequence();
    child.sndUna = child.iss;
    child.sndNxt = child.iss + 1;
    child.sndMax = child.sndNxt;
    child.peerWindow = syn.window;
    // Linux sets an accepted socket's multicast hop limit to the SYN's TTL (tcp_v4_syn_recv_sock,
    // tcp_v6_syn_recv_sock), and its IPv4 one too when the SYN came over IPv4
    if (syn.source.isV4()) {
      child.store(IPPROTO_IP, IP_MULTICAST_TTL, syn.ttl);
    }
    if (family == AF_INET6) {
      child.store(IPPROTO_IPV6, IPV6_MULTICAST_HOPS, syn.ttl);
      // ... and its IPv6 multicast interface to the one the SYN came in on (inet_iif)
      child.store(IPPROTO_IPV6, IPV6_MULTICAST_IF, stack.owns(syn.source.onWire())
          ? HostInterfaces.LOOPBACK : HostInterfaces.NETWORK);
    }
    stack.register(child);
    acceptQueue.handshakeStarted(child);
    if (stack.buggify().fires(Buggify.Site.DELAYED_SYN_ACK, () -> "answers " + syn.describe())) {
      long delay = 200_000_000L + stack.buggify().below(Buggify.Site.DELAYED_SYN_ACK, 2_800_000_000L);
      child.stateTimer = stack.schedule(delay, () -> {
        child.stateTimer = null;
        if (child.state == TcpState.SYN_RECV) {
          child.emit(child.iss, Segment.SYN | Segment.ACK, new byte[0]);
          child.armRetransmit();
        }
      });
      return;
    }
    child.emit(child.iss, Segment.SYN | Segment.ACK, new byte[0]);
    child.armRetransmit();
  }

  private void inheritFrom(TcpSocket listener) {
    reuseAddr = listener.reuseAddr;
    reusePort = listener.reusePort;
    keepAlive = listener.keepAlive;
    linger = listener.linger;
    rcvbuf = listener.rcvbuf;
    sndbuf = listener.sndbuf;
    rcvbufLocked = listener.rcvbufLocked;
    sndbufLocked = listener.sndbufLocked;
    rcvTimeout = listener.rcvTimeout;
    sndTimeout = listener.sndTimeout;
    noDelay = listener.noDelay;
    v6only = listener.v6only;
    plainOptions.putAll(listener.plainOptions);
  }

  void onSegment(Segment segment) {
    keepalive.received(stack.now());
    if (segment.has(Segment.RST)) {
      onReset(segment);
      return;
    }
    switch (state) {
      case SYN_SENT:
        if (segment.has(Segment.SYN) && segment.has(Segment.ACK) && segment.ack == iss + 1) {
          receiveBuffer.synchronize(segment.seq);
          sndUna = segment.ack;
          peerWindow = segment.window;
          rtt.onAck(segment.ack, stack.now());
          cancelRetransmit();
          state = TcpState.ESTABLISHED;
          reportedMss = mss;
          expandReportedSendBuffer();
          emit(sndNxt, Segment.ACK, new byte[0]);
          startKeepalive();
          wake();
        } else if (segment.has(Segment.SYN) && !segment.has(Segment.ACK)) {
          // simultaneous open (a socket connected to its own address and port meets its own
          // SYN): SYN_RECV, and a SYN-ACK of the same initial sequence number
          receiveBuffer.synchronize(segment.seq);
          peerWindow = segment.window;
          state = TcpState.SYN_RECV;
          emit(iss, Segment.SYN | Segment.ACK, new byte[0]);
        }
        return;
      case SYN_RECV:
        if (parent == null && segment.has(Segment.ACK) && segment.ack == iss + 1) {
          // the simultaneous open completes: the peer's SYN-ACK (or ACK) acknowledges our SYN
          sndUna = segment.ack;
          peerWindow = segment.window;
          cancelRetransmit();
          state = TcpState.ESTABLISHED;
          reportedMss = mss;
          expandReportedSendBuffer();
          wake();
          return;
        }
        if (segment.has(Segment.SYN)) {
          // a resent SYN: the SYN-ACK again, and its timer restarted from now at the backed-off
          // timeout (tcp_check_req: inet_rtx_syn_ack, then mod_timer_pending)
          emit(iss, Segment.SYN | Segment.ACK, new byte[0]);
          if (parent != null) {
            cancelRetransmit();
            armRetransmit();
          }
          return;
        }
        if (!segment.has(Segment.ACK) || segment.ack != iss + 1) {
          return;
        }
        if (parent == null || parent.state != TcpState.LISTEN) {
          reset();
          return;
        }
        if (parent.acceptQueue.full()) {
          // Linux drops the ACK and lets the SYN-ACK be retransmitted (tcp_abort_on_overflow = 0).
          stack.trace("drop (accept queue full) " + segment.describe());
          return;
        }
        sndUna = segment.ack;
        peerWindow = segment.window;
        cancelRetransmit();
        rtt.resetTimeout();
        retries = 0;
        state = TcpState.ESTABLISHED;
        reportedMss = mss;
        expandReportedSendBuffer();
        startKeepalive();
        binding = new Binding(localIp, localPort, false, this);
        stack.tcpPorts.add(binding);
        userBound = parent.userBound;
        parent.acceptQueue.handshakeEnded(this);
        parent.acceptQueue.add(this);
        parent.wake();
        break;
      case TIME_WAIT:
        if (segment.has(Segment.FIN)) {
          emit(sndNxt, Segment.ACK, new byte[0]);
        }
        return;
      case CLOSED:
      case LISTEN:
        return;
      default:
        if (segment.has(Segment.SYN)) {
          // our ACK of the handshake was lost or dropped: say it again
          emit(sndNxt, Segment.ACK, new byte[0]);
          return;
        }
        break;
    }
    takingIn = true;
    try {
      takeIn(segment);
    } finally {
      takingIn = false;
    }
    if (state == TcpState.CLOSED) {
      outputDeferred = false; // finish() woke the waiters
      return;
    }
    if (outputDeferred) {
      outputDeferred = false;
      output(); // after the data is in, so that what goes out acknowledges it (tcp_data_snd_check)
    }
    if (state != TcpState.LISTEN) {
      acknowledge();
    }
    wake();
  }

  /** The ACK, data and FIN of a segment on a synchronized connection, in Linux's order; output waits. */
  private void takeIn(Segment segment) {
    if (segment.has(Segment.ACK)) {
      onAck(segment);
      if (state == TcpState.CLOSED) {
        return;
      }
    }
    // a segment wholly below rcvNxt (a keepalive probe) is answered with an ACK (tcp_send_dupack),
    // at most one per tcp_invalid_ratelimit (500 ms), which keeps two go-back-N senders from
    // answering each other's old-looking pure ACKs forever
    if (segment.data.length == 0 && !segment.has(Segment.FIN) && segment.seq < receiveBuffer.next()
        && stack.now() - lastOutOfWindowAck >= INVALID_RATELIMIT) {
      lastOutOfWindowAck = stack.now();
      delayedAck.oweNow();
    }
    if (segment.data.length > 0) {
      if (orphan && (state == TcpState.FIN_WAIT1 || state == TcpState.FIN_WAIT2
          || state == TcpState.CLOSING || state == TcpState.LAST_ACK)
          && segment.seq + segment.data.length > receiveBuffer.next()) {
        // new data for a socket nobody can read: Linux answers with RST; an old duplicate (a
        // retransmission whose ACK was lost) is only acknowledged again
        reset();
        return;
      }
      if ((state == TcpState.FIN_WAIT1 || state == TcpState.FIN_WAIT2) && (shutdown & RCV_SHUTDOWN) != 0
          && segment.seq + segment.data.length > receiveBuffer.next()) {
        // new data after shutdown(SHUT_RDWR): Linux resets (RFC 1122), and its own socket ends too;
        // an urgent byte in it was taken first (tcp_urg runs before the check)
        markUrgent(segment, segment.seq, segment.data);
        softError = SOCKET_ECONNRESET;
        reset();
        return;
      }
      if ((state == TcpState.ESTABLISHED || state == TcpState.FIN_WAIT1 || state == TcpState.FIN_WAIT2)
          && stack.buggify().fires(Buggify.Site.CONNECTION_RESET, this::describeConnection)) {
        softError = SOCKET_ECONNRESET;
        reset();
        return;
      }
      acceptData(segment);
    }
    if (segment.has(Segment.FIN)) {
      long finAt = segment.seq + segment.data.length;
      if (receiveBuffer.finReceived() || finAt < receiveBuffer.next()) {
        delayedAck.quickAckMode(lastWindow); // a FIN sent again: our ACK was lost
      } else if (finAt > receiveBuffer.next()) {
        delayedAck.oweNow(); // beyond a hole
      }
      receiveBuffer.finSeen(finAt);
    }
    if (receiveBuffer.finDue()) {
      onFin();
    }
  }

  /** Sends the ACK owed now, or sets the delayed-ACK timer for it. */
  private void acknowledge() {
    if (!delayedAck.owed()) {
      return;
    }
    if (delayedAck.sendNow(receiveBuffer.next())) {
      emit(sndNxt, Segment.ACK, new byte[0]);
      return;
    }
    long now = stack.now();
    long due = delayedAck.delay(now, rtt.srtt());
    if (due < 0) {
      emit(sndNxt, Segment.ACK, new byte[0]);
      return;
    }
    if (delayedAckTimer != null) {
      delayedAckTimer.cancel();
    }
    delayedAckTimer = stack.schedule(due - now, () -> {
      delayedAckTimer = null;
      if (state != TcpState.CLOSED && state != TcpState.LISTEN && delayedAck.timerFired(rtt.rto())) {
        emit(sndNxt, Segment.ACK, new byte[0]);
      }
    });
  }

  private void cancelDelayedAck() {
    if (delayedAckTimer != null) {
      delayedAckTimer.cancel();
      delayedAckTimer = null;
    }
  }

  /**
   * The urgent byte of a segment whose new bytes {@code data} start at {@code seq}: it stays in
   * the stream, marked, and recv(MSG_OOB) may take a copy (tcp_urg). A newer one moves the mark,
   * and the older byte is ordinary data again, except at the head of the queue, where Linux drops
   * it unless it is read inline (tcp_check_urg).
   */
  private void markUrgent(Segment segment, long seq, byte[] data) {
    long urgentSeq = segment.urgentOffset >= 0 ? segment.seq + segment.urgentOffset : -1;
    if (urgentSeq >= seq && urgentSeq < seq + data.length && urgent.isNewer(urgentSeq)) {
      if (urgent.atMark() && !oobInline() && !receiveBuffer.isEmpty()) {
        receiveBuffer.take(1);
      }
      int at = (int) (urgentSeq - seq);
      urgent.arrived(urgentSeq, data[at] & 0xff, receiveBuffer.queued() + at);
    }
  }

  private void acceptData(Segment segment) {
    long seq = segment.seq;
    byte[] data = segment.data;
    long expected = receiveBuffer.next();
    if (seq < expected) {
      long skip = expected - seq;
      if (skip >= data.length) {
        delayedAck.quickAckMode(lastWindow); // a retransmission of what is here: ACK at once
        return;
      }
      data = java.util.Arrays.copyOfRange(data, (int) skip, data.length);
      seq = expected;
    }
    int window = advertisedWindow();
    long limit = expected + window;
    if (seq >= limit) {
      delayedAck.quickAckMode(lastWindow);
      return;
    }
    if (seq + data.length > limit) {
      data = java.util.Arrays.copyOf(data, (int) (limit - seq));
    }
    if (seq > expected) {
      receiveBuffer.holdAhead(seq, data);
      delayedAck.oweNow();
      return;
    }
    markUrgent(segment, seq, data);
    boolean gap = receiveBuffer.hasGap();
    receiveBuffer.appendInOrder(data);
    delayedAck.dataReceived(segment.data.length, stack.now(), lastWindow, mss, rtt.rto());
    if (gap) {
      delayedAck.oweNow(); // a hole filled, or part of one: the sender wants to know at once
    }
  }

  private void onFin() {
    receiveBuffer.finArrived();
    shutdown |= RCV_SHUTDOWN;
    delayedAck.finReceived(state == TcpState.ESTABLISHED || state == TcpState.SYN_RECV);
    switch (state) {
      case ESTABLISHED:
        state = TcpState.CLOSE_WAIT;
        break;
      case FIN_WAIT1:
        state = TcpState.CLOSING;
        break;
      case FIN_WAIT2:
        enterTimeWait();
        break;
      default:
        break;
    }
  }

  private void onAck(Segment segment) {
    long ack = segment.ack;
    retries = 0;
    long now = stack.now();
    boolean sackNews = false;
    for (int i = 0; i + 1 < segment.sack.length; i += 2) {
      if (segment.sack[i + 1] > Math.max(ack, sndUna) && segment.sack[i + 1] <= sndMax) {
        sackNews |= scoreboard.sack(segment.sack[i], segment.sack[i + 1], now);
      }
    }
    if (ack > sndUna && ack <= sndMax) {
      int pipeBefore = scoreboard.pipe();
      long rttSample = scoreboard.acked(ack, now);
      congestion.onAck(Math.max(1, (int) ((ack - sndUna + mss - 1) / mss)), ack, sndMax, rttSample, now,
          cwndLimited || pipeBefore >= congestion.segments());
      sackNews = true;
      long acked = ack - sndUna;
      long dataAcked = Math.min(acked, sendQueue.size());
      sendQueue.drop((int) dataAcked);
      if (finSent && ack > finSeq) {
        finAcked = true;
      }
      sndUna = ack;
      retransStamp = -1;
      lossProbeOut = false;
      if (sndNxt < sndUna) {
        sndNxt = sndUna;
      }
      probes = 0;
      rtt.onAck(ack, stack.now());
      restartRetransmit();
      wake();
    }
    int oldWindow = peerWindow;
    peerWindow = segment.window;
    if (peerWindow > 0) {
      probes = 0;
    }
    if (finAcked) {
      switch (state) {
        case FIN_WAIT1:
          state = TcpState.FIN_WAIT2;
          armFinWait2();
          break;
        case CLOSING:
          enterTimeWait();
          return;
        case LAST_ACK:
          finish();
          return;
        default:
          break;
      }
    }
    if (sackNews) {
      detectLoss();
    }
    if (peerWindow > oldWindow || sendQueue.size() > sndNxt - sndUna || scoreboard.hasLost()) {
      output();
    }
  }

  private void onReset(Segment segment) {
    switch (state) {
      case SYN_SENT:
        if (segment.has(Segment.ACK) && segment.ack == iss + 1) {
          softError = SOCKET_ECONNREFUSED;
          stack.trace("refused " + localIp + ":" + localPort + " > " + remoteIp + ":" + remotePort);
          finish();
        }
        return;
      case CLOSED:
      case LISTEN:
        return;
      case TIME_WAIT:
      case SYN_RECV:
        finish();
        return;
      case CLOSE_WAIT:
        softError = SOCKET_EPIPE;
        break;
      default:
        softError = SOCKET_ECONNRESET;
        break;
    }
    finish();
  }

  private String describeConnection() {
    return localIp + ":" + localPort + " > " + remoteIp + ":" + remotePort;
  }

  // ---------------------------------------------------------------- names and readiness

  @Override
  SockAddr localAddress() {
    // set by connect or the handshake, and kept after the connection ends (Linux keeps
    // inet_saddr and inet_sport even when the port goes back to the kernel)
    if (localIp != null) {
      return new SockAddr(localIp.forFamily(family).toString(), localPort);
    }
    if (binding != null) {
      IpAddress shown = binding.address.isAny() ? (family == AF_INET6 ? IpAddress.ANY6 : IpAddress.ANY4)
          : binding.address.forFamily(family);
      return new SockAddr(shown.toString(), binding.port);
    }
    return new SockAddr((family == AF_INET6 ? IpAddress.ANY6 : IpAddress.ANY4).toString(), 0);
  }

  @Override
  SockAddr peerAddress() {
    // in TIME_WAIT Linux has handed the connection to a timewait sock: the socket itself is CLOSED
    if (remoteIp == null || state == TcpState.CLOSED || state == TcpState.SYN_SENT || state == TcpState.LISTEN
        || state == TcpState.TIME_WAIT) {
      throw new KernelError(SOCKET_ENOTCONN);
    }
    return peerSockAddr();
  }

  @Override
  boolean readable() {
    if (state == TcpState.LISTEN) {
      return !acceptQueue.isEmpty();
    }
    if (shutdown == SHUTDOWN_MASK || state == TcpState.CLOSED || (shutdown & RCV_SHUTDOWN) != 0 || softError != 0) {
      return true;
    }
    // an urgent byte at the head that a read would skip does not count (tcp_poll's target)
    int skipped = urgent.atMark() && !oobInline() ? 1 : 0;
    return state != TcpState.SYN_SENT && state != TcpState.SYN_RECV && receiveBuffer.queued() - skipped >= rcvLowat;
  }

  private boolean oobInline() {
    return Integer.valueOf(1).equals(stored(SOL_SOCKET, SO_OOBINLINE, 0));
  }

  @Override
  boolean exceptional() {
    return urgent.pending();
  }

  @Override
  boolean writable() {
    if (softError != 0) {
      return true;
    }
    if (state == TcpState.LISTEN || state == TcpState.SYN_SENT || state == TcpState.SYN_RECV) {
      return false;
    }
    if ((shutdown & SEND_SHUTDOWN) != 0) {
      return true;
    }
    int queued = sendQueue.size();
    return sendCapacity() - queued >= queued / 2 && sendCapacity() > queued;
  }

  // ---------------------------------------------------------------- keepalive

  private void startKeepalive() {
    if (keepAlive) {
      keepalive.start();
    }
  }

  @Override
  void keepAliveChanged(boolean was) {
    if (keepAlive && !was && keepaliveState()) {
      keepalive.start(); // tcp_set_keepalive: a full idle time from now
    } else if (!keepAlive) {
      keepalive.stop();
    }
  }

  private boolean keepaliveState() {
    return state.isSynchronized() && state != TcpState.SYN_RECV && state != TcpState.TIME_WAIT;
  }

  /** Established or closing, not yet closed: a state the keepalive timer applies to. */
  boolean keepaliveApplies() {
    return keepaliveState();
  }

  boolean hasDataOut() {
    return sndNxt > sndUna || sendQueue.size() > 0;
  }

  void sendKeepaliveProbe() {
    emit(sndUna - 1, Segment.ACK, new byte[0]);
  }

  /** KEEPCNT probes went unanswered: Linux resets the connection and reports ETIMEDOUT. */
  void keepaliveTimedOut() {
    stack.trace("keepalive timed out " + localIp + ":" + localPort + " > " + remoteIp + ":" + remotePort);
    emit(sndNxt, Segment.RST | Segment.ACK, new byte[0]);
    softError = SOCKET_ETIMEDOUT;
    finish();
  }

  // ---------------------------------------------------------------- protocol options

  /** Linux's bounds on the keepalive timers (seconds) and probe count. */
  private static final int MAX_TCP_KEEPIDLE = 32767;
  private static final int MAX_TCP_KEEPCNT = 127;

  private static int within(int value, int min, int max) {
    if (value < min || value > max) {
      throw new KernelError(SOCKET_EINVAL);
    }
    return value;
  }

  @Override
  int[] transportLevels() {
    return new int[] {IPPROTO_TCP};
  }

  @Override
  Object protocolOption(int level, int name) {
    if (level == IPPROTO_TCP) {
      switch (name) {
        case TCP_NODELAY: return noDelay ? 1 : 0;
        case TCP_MAXSEG: {
          // Linux reads back the user's value while closed or listening, else the segment size
          // in use: TCP_MSS_DEFAULT (536) until a connection has one
          int userMss = (Integer) stored(level, name, 0);
          if (userMss != 0 && (state == TcpState.CLOSED || state == TcpState.LISTEN)) {
            return userMss;
          }
          return state.isSynchronized() ? mss : reportedMss;
        }
        case TCP_SYNCNT: return synCount != 0 ? synCount : sysctls().synRetries;
        case TCP_KEEPIDLE: return stored(level, name, sysctls().keepaliveTime);
        case TCP_KEEPINTVL: return stored(level, name, sysctls().keepaliveIntvl);
        case TCP_KEEPCNT: return stored(level, name, sysctls().keepaliveProbes);
        case TCP_LINGER2: return stored(level, name, 60);
        case TCP_QUICKACK: return delayedAck.quickAckReading();
        case TCP_CONGESTION: return stored(level, name, stack.congestionControl());
        case TCP_DEFER_ACCEPT: return DeferAccept.seconds((Integer) stored(level, name, 0));
        case TCP_CORK: case TCP_USER_TIMEOUT: case TCP_NOTSENT_LOWAT: case TCP_FASTOPEN:
          return stored(level, name, 0);
        default: return null;
      }
    }
    return IpOptions.get(this, level, name);
  }

  @Override
  boolean setProtocolOption(int level, int name, Object value) {
    if (level == IPPROTO_TCP) {
      switch (name) {
        case TCP_NODELAY:
          noDelay = intValue(value) != 0;
          if (noDelay) {
            output(); // what Nagle held goes now (tcp_push_pending_frames)
          }
          return true;
        case TCP_CORK: {
          int cork = intValue(value) != 0 ? 1 : 0;
          store(level, name, cork);
          if (cork == 0) {
            output();
          }
          return true;
        }
        case TCP_QUICKACK: {
          int quickAck = intValue(value);
          if (delayedAck.quickAckOption(quickAck)
              && (state == TcpState.ESTABLISHED || state == TcpState.CLOSE_WAIT)) {
            afterRead(1);
            delayedAck.quickAckOptionDone(quickAck);
          }
          return true;
        }
        case TCP_SYNCNT: {
          int count = intValue(value);
          if (count < 1 || count > 127) {
            throw new KernelError(SOCKET_EINVAL);
          }
          synCount = count;
          return true;
        }
        case TCP_CONGESTION: {
          String algorithm = String.valueOf(value);
          if (!algorithm.equals("cubic") && !algorithm.equals("reno") && !algorithm.equals(stack.congestionControl())) {
            throw new KernelError(SOCKET_ENOENT);
          }
          store(level, name, algorithm);
          return true;
        }
        case TCP_KEEPIDLE:
          store(level, name, within(intValue(value), 1, MAX_TCP_KEEPIDLE));
          keepalive.idleChanged(stack.now());
          return true;
        case TCP_KEEPINTVL:
          store(level, name, within(intValue(value), 1, MAX_TCP_KEEPIDLE));
          return true;
        case TCP_KEEPCNT:
          store(level, name, within(intValue(value), 1, MAX_TCP_KEEPCNT));
          return true;
        case TCP_USER_TIMEOUT:
          store(level, name, within(intValue(value), 0, Integer.MAX_VALUE));
          return true;
        case TCP_DEFER_ACCEPT:
          store(level, name, DeferAccept.retransmissions(intValue(value)));
          return true;
        case TCP_MAXSEG: {
          int userMss = intValue(value);
          if (userMss != 0 && (userMss < 88 || userMss > 32767)) {
            throw new KernelError(SOCKET_EINVAL); // TCP_MIN_MSS .. MAX_TCP_WINDOW
          }
          store(level, name, userMss);
          return true;
        }
        case TCP_LINGER2: case TCP_NOTSENT_LOWAT:
        case TCP_FASTOPEN:
          store(level, name, intValue(value));
          return true;
        default:
          return false;
      }
    }
    if (level == IPPROTO_IPV6 && name == IPV6_V6ONLY) {
      if (family != AF_INET6) {
        return false;
      }
      if (binding != null) {
        throw new KernelError(SOCKET_EINVAL); // a socket that holds a port can no longer change it
      }
      v6only = intValue(value) != 0;
      return true;
    }
    return IpOptions.set(this, level, name, value);
  }
}
