package dev.twinsock.sim;

import static dev.twinsock.SocketConstants.*;

import dev.twinsock.ControlMessage;
import dev.twinsock.Credentials;
import dev.twinsock.SockAddr;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * An AF_UNIX socket of one host: stream, datagram or seqpacket; bound in the host's {@link
 * UnixNamespace}; passing sockets (SCM_RIGHTS) and credentials (SCM_CREDENTIALS, SO_PEERCRED).
 * Nothing travels over a link: a send puts the message straight into the peer's queue.
 */
final class UnixSocket extends KernelSocket {
  static final int DEFAULT_BUFFER = 212992;
  /** net.unix.max_dgram_qlen. */
  static final int MAX_DGRAM_QUEUE = 10;

  private static final class Message {
    final byte[] data;
    int consumed;
    /** The sending socket: its name is read when the message is, as Linux reads skb->sk's. */
    final UnixSocket sender;
    /** What the message counts against its sender's send buffer while unread (stream only). */
    int truesize;
    /** Passed sockets; emptied once a read has taken them. */
    List<KernelSocket> rights;
    final Credentials credentials;

    Message(byte[] data, UnixSocket sender, List<KernelSocket> rights, Credentials credentials) {
      this.data = data;
      this.sender = sender;
      this.rights = rights;
      this.credentials = credentials;
    }

    /** The sender's name now (it may have bound since it sent), or null if it has none. */
    String from() {
      return sender.name;
    }

    int remaining() {
      return data.length - consumed;
    }
  }

  String name;
  UnixSocket peer;
  boolean connected;
  boolean listening;
  private int backlog;
  private final ArrayDeque<UnixSocket> pending = new ArrayDeque<>();
  private final ArrayDeque<Message> queue = new ArrayDeque<>();
  private int queuedBytes;
  Credentials peerCredentials;
  boolean released;
  /** A connection's server end still waiting in its listener's queue: accept has not taken it. */
  boolean embryo;
  /** Stream bytes this socket sent that its peer has not read, as whole buffers (sk_wmem_alloc). */
  int inFlight;

  /** SKB_MAX_HEAD(0): the linear part of a buffer; the rest goes in page fragments. */
  static final int SKB_MAX_HEAD = 3776;

  /**
   * What a buffer of {@code n} payload bytes counts against the send buffer, as Linux's truesize:
   * the linear part in a power-of-two allocation with its shared info, the struct sk_buff, and
   * the fragments in whole pages.
   */
  static int truesize(int n) {
    int frags = Math.min(n, pageAligned(Math.max(0, n - SKB_MAX_HEAD)));
    return bufferSize(n - frags, pageAligned(frags));
  }

  /** SKB_MAX_ALLOC: the linear part of a datagram; the rest goes in page fragments. */
  static final int SKB_MAX_ALLOC = 16384 - 320;

  /**
   * {@link #truesize} of a datagram or seqpacket message, as unix_dgram_sendmsg allocates it:
   * linear up to SKB_MAX_ALLOC, the rest (at most 17 pages) in whole pages.
   */
  static int datagramTruesize(int n) {
    int frags = n > SKB_MAX_ALLOC ? pageAligned(Math.min(n - SKB_MAX_ALLOC, 17 * 4096)) : 0;
    return bufferSize(n - frags, frags);
  }

  /** A linear part of {@code head} bytes in a power-of-two allocation with its shared info, the sk_buff, the pages. */
  private static int bufferSize(int head, int pages) {
    return Integer.highestOneBit(head + 320 - 1) * 2 + 256 + pages;
  }

  private static int pageAligned(int n) {
    return (n + 4095) / 4096 * 4096;
  }

  UnixSocket(NetworkStack stack, int type) {
    super(stack, AF_UNIX, type, 0, DEFAULT_BUFFER, DEFAULT_BUFFER);
  }

  private boolean stream() {
    return type == SOCK_STREAM;
  }

  private boolean connectionOriented() {
    return type == SOCK_STREAM || type == SOCK_SEQPACKET;
  }

  static void pair(UnixSocket a, UnixSocket b) {
    a.peer = b;
    b.peer = a;
    a.connected = true;
    b.connected = true;
    a.peerCredentials = b.stack.host().credentials();
    b.peerCredentials = a.stack.host().credentials();
  }

  @Override
  boolean isListening() {
    return listening;
  }

  @Override
  void bind(String address, int port) {
    if (address.isEmpty()) {
      // autobind; a socket that has a name keeps it, and the call succeeds
      if (name == null) {
        String bound = stack.unix.autobindName(type);
        stack.unix.bind(bound, this);
        name = bound;
      }
      return;
    }
    if (!UnixNamespace.isAbstract(address)) {
      stack.unix.checkCreatable(address);
    }
    if (name != null) {
      throw new KernelError(SOCKET_EINVAL);
    }
    stack.unix.bind(address, this);
    name = address;
  }

  @Override
  void listen(int backlog) {
    if (!connectionOriented()) {
      throw new KernelError(SOCKET_EOPNOTSUPP);
    }
    if (name == null || connected) {
      throw new KernelError(SOCKET_EINVAL);
    }
    this.backlog = backlog < 0 || backlog > SOMAXCONN ? SOMAXCONN : backlog;
    listening = true;
    peerCredentials = credentials(); // unix_listen: a listener's SO_PEERCRED is its own process
    wake();
  }

  private UnixSocket target(String address) {
    if (!stack.unix.exists(address, type)) {
      throw UnixNamespace.isAbstract(address) ? new KernelError(SOCKET_ECONNREFUSED) : stack.unix.missingDirectory(address);
    }
    UnixSocket target = stack.unix.socketAt(address, type);
    if (target == null) {
      throw new KernelError(SOCKET_ECONNREFUSED);
    }
    if (target.type != type) {
      throw new KernelError(SOCKET_EPROTOTYPE);
    }
    return target;
  }

  @Override
  void connect(String address, int port) {
    autobindToPassCredentials();
    if (!connectionOriented()) {
      UnixSocket target = target(address);
      if (!maySend(target)) {
        throw new KernelError(SOCKET_EPERM);
      }
      if (peer != null && peer != target) {
        // unix_dgram_disconnected: what came from the old peer is lost, and an old peer that
        // was connected back learns it (ECONNRESET)
        if (!queue.isEmpty() && peer.peer == this && !peer.released) {
          peer.softError = SOCKET_ECONNRESET;
          peer.wake();
        }
        for (Message message : queue) {
          dropRights(message);
          message.sender.inFlight -= message.truesize;
        }
        queue.clear();
        queuedBytes = 0;
      }
      peer = target;
      connected = true; // a datagram connect leaves SO_PEERCRED as it was (Linux sets it for streams)
      return;
    }
    long deadline = deadline(sndTimeout);
    while (true) {
      // Linux finds the listener first, then looks at this socket's own state
      UnixSocket listener = target(address);
      if (!listener.listening || (listener.shutdown & RCV_SHUTDOWN) != 0) {
        throw new KernelError(SOCKET_ECONNREFUSED);
      }
      if (listener.pending.size() <= listener.backlog) {
        if (connected) {
          throw new KernelError(SOCKET_EISCONN);
        }
        if (listening) {
          throw new KernelError(SOCKET_EINVAL);
        }
        UnixSocket accepted = new UnixSocket(listener.stack, type);
        accepted.name = listener.name;
        accepted.rcvbuf = listener.rcvbuf;
        accepted.sndbuf = listener.sndbuf;
        pair(this, accepted);
        accepted.embryo = true;
        listener.pending.add(accepted);
        listener.wake();
        wake();
        return;
      }
      if (nonblocking) {
        throw new KernelError(SOCKET_EAGAIN);
      }
      listener.waiters.add(stack.scheduler().current());
      try {
        if (await("socket_connect", deadline)) {
          throw new KernelError(SOCKET_EAGAIN);
        }
      } finally {
        listener.waiters.remove(stack.scheduler().current());
      }
    }
  }

  @Override
  KernelSocket accept() {
    if (!connectionOriented()) {
      throw new KernelError(SOCKET_EOPNOTSUPP);
    }
    if (!listening) {
      throw new KernelError(SOCKET_EINVAL);
    }
    long deadline = deadline(rcvTimeout);
    while (true) {
      UnixSocket next = pending.poll();
      if (next != null) {
        next.embryo = false;
      }
      if (next != null) {
        wake();
        return next;
      }
      if (nonblocking) {
        throw new KernelError(SOCKET_EAGAIN);
      }
      if (await("socket_accept", deadline)) {
        throw new KernelError(SOCKET_EAGAIN);
      }
    }
  }

  @Override
  int send(byte[] data, int offset, int length, int flags, Destination to, List<ControlMessage> control) {
    if (type == SOCK_SEQPACKET && softError != 0) {
      throw new KernelError(takeSoftError()); // unix_seqpacket_sendmsg reports a pending error first
    }
    if (type == SOCK_SEQPACKET && !connected) {
      throw new KernelError(SOCKET_ENOTCONN); // and the connection, before it reads the control data
    }
    List<KernelSocket> rights = rights(control);
    Credentials credentials = passedCredentials(control);
    UnixSocket target;
    boolean oob = (flags & MSG_OOB) != 0;
    long deadline = deadline(sndTimeout);
    if (connectionOriented()) {
      // Linux: a stream send with an address is EISCONN when connected, else EOPNOTSUPP;
      // seqpacket ignores the address
      if (stream() && oob && length == 0) {
        throw new KernelError(SOCKET_EOPNOTSUPP);
      }
      if (to != null && stream()) {
        throw new KernelError(connected ? SOCKET_EISCONN : SOCKET_EOPNOTSUPP);
      }
      if (!connected) {
        throw new KernelError(SOCKET_ENOTCONN);
      }
      if (oob && !stream()) {
        throw new KernelError(SOCKET_EOPNOTSUPP);
      }
      if (type == SOCK_SEQPACKET) {
        autobindToPassCredentials(); // seqpacket sends through unix_dgram_sendmsg, which autobinds
      }
      target = peer;
    } else if (oob) {
      throw new KernelError(SOCKET_EOPNOTSUPP);
    } else if (to != null && to.address.isEmpty()) {
      throw new KernelError(SOCKET_EINVAL); // unix_validate_addr: a name of the family alone
    } else if (autobindToPassCredentials() && length > sndbuf - 32) {
      throw new KernelError(SOCKET_EMSGSIZE); // checked before the peer is looked for
    } else if ((shutdown & SEND_SHUTDOWN) != 0) {
      throw new KernelError(SOCKET_EPIPE);
    } else if (to != null) {
      awaitSendBufferRoom(flags, deadline);
      target = target(to.address);
      if (!maySend(target)) {
        throw new KernelError(SOCKET_EPERM);
      }
    } else {
      if (peer == null) {
        throw new KernelError(SOCKET_ENOTCONN);
      }
      awaitSendBufferRoom(flags, deadline);
      target = peer;
      if (!target.released && !maySend(target)) {
        throw new KernelError(SOCKET_EPERM); // the peer has since connected elsewhere
      }
    }
    if (!stream() && length > sndbuf - 32) {
      throw new KernelError(SOCKET_EMSGSIZE);
    }
    if (type == SOCK_SEQPACKET) {
      awaitSendBufferRoom(flags, deadline);
    }
    int sent = 0;
    while (true) {
      if ((shutdown & SEND_SHUTDOWN) != 0) {
        throw new KernelError(SOCKET_EPIPE);
      }
      if (stream() && length == 0) {
        return 0; // unix_stream_sendmsg makes no skb for no bytes: nothing reaches the peer
      }
      if (!target.released && (target.shutdown & RCV_SHUTDOWN) != 0) {
        if (sent > 0) {
          return sent;
        }
        throw new KernelError(SOCKET_EPIPE); // the receiver shut its receiving side
      }
      if (target.released) {
        if (sent > 0) {
          return sent;
        }
        if (!connectionOriented() && target == peer) {
          // a datagram socket finding its peer gone is disconnected (the next send is ENOTCONN),
          // and what it had received is lost (unix_dgram_disconnected)
          peer = null;
          connected = false;
          for (Message message : queue) {
            dropRights(message);
            message.sender.inFlight -= message.truesize;
          }
          queue.clear();
          queuedBytes = 0;
        }
        throw new KernelError(connectionOriented() ? SOCKET_EPIPE : SOCKET_ECONNREFUSED);
      }
      if (stream()) {
        // unix_stream_sendmsg: buffers of at most half the send buffer, each taken while what this
        // socket has in flight (whole buffers, overhead included) is below SO_SNDBUF
        int most = Math.min(sndbuf / 2 - 64, SKB_MAX_HEAD + 32768);
        while (sent < length && inFlight < sndbuf) {
          int n = Math.min(most, length - sent);
          Message message = new Message(java.util.Arrays.copyOfRange(data, offset + sent, offset + sent + n),
              this, sent == 0 ? keep(rights) : List.of(), attachedCredentials(target));
          message.truesize = truesize(n);
          target.enqueue(message);
          sent += n;
        }
        if (sent == length) {
          return sent;
        }
      } else {
        // the receiver's queue must take one more (the send buffer had room: see above)
        boolean full = target.peer != this && target.queue.size() >= MAX_DGRAM_QUEUE;
        if (!full) {
          Message message = new Message(java.util.Arrays.copyOfRange(data, offset, offset + length), this,
              keep(rights), credentials == null ? attachedCredentials(target) : credentials);
          message.truesize = datagramTruesize(length);
          target.enqueue(message);
          return length;
        }
      }
      if (!blocking(flags)) {
        if (sent > 0) {
          return sent;
        }
        throw new KernelError(SOCKET_EAGAIN);
      }
      target.waiters.add(stack.scheduler().current());
      try {
        if (await("socket_send", deadline)) {
          if (sent > 0) {
            return sent;
          }
          throw new KernelError(SOCKET_EAGAIN);
        }
      } finally {
        target.waiters.remove(stack.scheduler().current());
      }
    }
  }

  /**
   * A socket with SO_PASSCRED gets a name before it connects or sends a datagram (Linux autobinds
   * it, so that its peer can tell who sent). Always true, to chain in a condition.
   */
  private boolean autobindToPassCredentials() {
    if (passCred && name == null) {
      bind("", 0);
    }
    return true;
  }

  /**
   * sock_alloc_send_pskb for a datagram: a pending error, then this side's shutdown (EPIPE), then
   * room in the send buffer for one more, waiting for it while the call may (EAGAIN otherwise).
   * It comes before the receiver is looked at: a full buffer says EAGAIN even to a receiver that
   * has shut down.
   */
  private void awaitSendBufferRoom(int flags, long deadline) {
    while (true) {
      if (softError != 0) {
        throw new KernelError(takeSoftError());
      }
      if ((shutdown & SEND_SHUTDOWN) != 0) {
        throw new KernelError(SOCKET_EPIPE);
      }
      if (inFlight < sndbuf) {
        return;
      }
      if (!blocking(flags) || await("socket_send", deadline)) {
        throw new KernelError(SOCKET_EAGAIN);
      }
    }
  }

  /** unix_may_send: a datagram socket connected elsewhere takes datagrams from its peer only. */
  private boolean maySend(UnixSocket target) {
    // a peer that has closed still counts: Linux clears only the closing socket's own pointer
    return !(target.connected && target.peer != this && target.peer != null);
  }

  /** What a message carries when the receiver reads it without SCM_CREDENTIALS having been sent. */
  static final Credentials NO_CREDENTIALS = new Credentials(0, 65534, 65534);

  /**
   * The credentials a message carries: the sender's, if the sender or the receiver has
   * SO_PASSCRED when it is sent (unix_maybe_add_creds); else none, which a receiver that turns
   * SO_PASSCRED on later reads as pid 0 and the overflow uid and gid.
   */
  private Credentials attachedCredentials(UnixSocket target) {
    // unix_maybe_add_creds: also when the receiver has no socket of its own yet (not accepted)
    return passCred || target.passCred || target.embryo ? credentials() : NO_CREDENTIALS;
  }

  private Credentials credentials() {
    return stack.host().credentials();
  }

  private static List<KernelSocket> keep(List<KernelSocket> rights) {
    for (KernelSocket socket : rights) {
      socket.descriptors++;
    }
    return rights;
  }

  private static List<KernelSocket> rights(List<ControlMessage> control) {
    List<KernelSocket> rights = new ArrayList<>();
    if (control == null) {
      return rights;
    }
    for (ControlMessage message : control) {
      if (message.level() == SOL_SOCKET && message.type() == SCM_RIGHTS) {
        if (!(message.data() instanceof List)) {
          throw new KernelError(SOCKET_EINVAL);
        }
        for (Object item : (List<?>) message.data()) {
          if (!(item instanceof SimSocket) || ((SimSocket) item).closed()) {
            throw new KernelError(SOCKET_EBADF);
          }
          rights.add(((SimSocket) item).kernel());
        }
      }
    }
    return rights;
  }

  private static Credentials passedCredentials(List<ControlMessage> control) {
    if (control == null) {
      return null;
    }
    for (ControlMessage message : control) {
      if (message.level() == SOL_SOCKET && message.type() == SCM_CREDENTIALS) {
        if (!(message.data() instanceof Credentials)) {
          throw new KernelError(SOCKET_EINVAL);
        }
        return (Credentials) message.data();
      }
    }
    return null;
  }

  private void enqueue(Message message) {
    if (released) {
      dropRights(message);
      return;
    }
    message.sender.inFlight += message.truesize;
    queue.add(message);
    queuedBytes += message.data.length;
    wake();
  }

  private static void dropRights(Message message) {
    for (KernelSocket socket : message.rights) {
      if (--socket.descriptors == 0) {
        socket.release();
      }
    }
  }

  @Override
  Received receive(int length, int flags) {
    // a listening stream socket is not established either
    if (stream() && (!connected || (flags & MSG_OOB) != 0)) {
      // the sim keeps no urgent byte on AF_UNIX: MSG_OOB finds none, as Linux without one
      throw new KernelError(SOCKET_EINVAL);
    }
    if (type == SOCK_SEQPACKET && !connected) {
      throw new KernelError(SOCKET_ENOTCONN);
    }
    if ((flags & MSG_OOB) != 0) {
      throw new KernelError(SOCKET_EOPNOTSUPP);
    }
    boolean peek = (flags & MSG_PEEK) != 0;
    long deadline = deadline(rcvTimeout);
    while (true) {
      if (!stream() && softError != 0) {
        throw new KernelError(takeSoftError()); // __skb_try_recv_datagram: a pending error first
      }
      if (!queue.isEmpty()) {
        if (!stream()) {
          return readMessage(length, peek);
        }
        Received read = readStream(length, peek);
        // a stream read that runs out of bytes short of its target (SO_RCVLOWAT, or the whole
        // length with MSG_WAITALL) looks at the socket's error, and takes it, though it returns
        // the bytes it has (unix_stream_read_generic)
        int target = Math.max(1, (flags & MSG_WAITALL) != 0 ? length : Math.min(rcvLowat, length));
        if (queue.isEmpty() && read.data.length > 0 && read.data.length < target && softError != 0) {
          takeSoftError();
        }
        return read;
      }
      if (softError != 0) {
        throw new KernelError(takeSoftError());
      }
      // a non-blocking datagram receive says EAGAIN even after shutdown; seqpacket and stream, EOF
      if ((shutdown & RCV_SHUTDOWN) != 0 && (type != SOCK_DGRAM || blocking(flags))) {
        // a stream read ends with scm_recv even at EOF: SO_PASSCRED gets credentials of no one
        List<ControlMessage> control = stream() && passCred
            ? List.of(new ControlMessage(SOL_SOCKET, SCM_CREDENTIALS, new Credentials(0, 0, 0))) : List.of();
        return new Received(new byte[0], null, 0, control);
      }
      if (!blocking(flags)) {
        throw new KernelError(SOCKET_EAGAIN);
      }
      if (await("socket_recv", deadline)) {
        throw new KernelError(SOCKET_EAGAIN);
      }
    }
  }

  private Received readStream(int length, boolean peek) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    List<ControlMessage> control = new ArrayList<>();
    String from = null;
    int taken = 0;
    if (length == 0) {
      // Linux visits the first message even for no bytes, and takes the sockets it carries
      Message first = queue.peek();
      if (passCred) {
        control.add(new ControlMessage(SOL_SOCKET, SCM_CREDENTIALS, first.credentials));
      }
      Message carrying = first;
      if (peek) {
        // a peek walks on through messages without sockets, and stops at one with
        for (Message message : queue) {
          if (passCred && !message.credentials.equals(first.credentials)) {
            break; // never glue messages from different writers (unix_skb_scm_eq)
          }
          carrying = message;
          if (!message.rights.isEmpty()) {
            break;
          }
        }
      }
      if (!carrying.rights.isEmpty()) {
        control.add(new ControlMessage(SOL_SOCKET, SCM_RIGHTS, passedSockets(carrying, peek)));
      }
      wakePeer();
      return new Received(new byte[0], first.from() == null ? null : new SockAddr(first.from(), 0), 0, control);
    }
    if (passCred) {
      // one SCM_CREDENTIALS per read, the first message's, ahead of any sockets; a peek too
      control.add(new ControlMessage(SOL_SOCKET, SCM_CREDENTIALS, queue.peek().credentials));
    }
    Credentials firstCredentials = queue.peek().credentials;
    for (Message message : new ArrayList<>(queue)) {
      if (taken == length) {
        break;
      }
      if (passCred && taken > 0 && !message.credentials.equals(firstCredentials)) {
        break; // never glue messages from different writers (unix_skb_scm_eq)
      }
      int n = Math.min(length - taken, message.remaining());
      out.write(message.data, message.consumed, n);
      from = message.from();
      boolean carried = !message.rights.isEmpty();
      if (peek && carried) {
        control.add(new ControlMessage(SOL_SOCKET, SCM_RIGHTS, passedSockets(message, true)));
      }
      if (!peek) {
        message.consumed += n;
        queuedBytes -= n;
        if (carried) {
          control.add(new ControlMessage(SOL_SOCKET, SCM_RIGHTS, passedSockets(message, false)));
        }
        if (message.remaining() == 0) {
          queue.poll();
          message.sender.inFlight -= message.truesize;
        } else {
          taken += n;
          break;
        }
      }
      taken += n;
      if (carried) {
        break; // a read ends with the message that brought sockets
      }
    }
    if (peek && control.stream().noneMatch(c -> c.type() == SCM_RIGHTS)) {
      // a peek walks on past its bytes to the first message that carries sockets
      for (Message message : queue) {
        if (passCred && !message.credentials.equals(firstCredentials)) {
          break; // nor does a peek walk into another writer's messages
        }
        if (!message.rights.isEmpty()) {
          control.add(new ControlMessage(SOL_SOCKET, SCM_RIGHTS, passedSockets(message, true)));
          break;
        }
      }
    }
    wakePeer();
    // an unnamed sender gives no name at all (msg_namelen 0)
    return new Received(out.toByteArray(), from == null ? null : new SockAddr(from, 0), 0, control);
  }

  private Received readMessage(int length, boolean peek) {
    Message message = peek ? queue.peek() : queue.poll();
    List<ControlMessage> control = new ArrayList<>();
    if (passCred) {
      control.add(new ControlMessage(SOL_SOCKET, SCM_CREDENTIALS, message.credentials)); // first, a peek too
    }
    if (peek && !message.rights.isEmpty()) {
      control.add(new ControlMessage(SOL_SOCKET, SCM_RIGHTS, passedSockets(message, true)));
    }
    if (!peek) {
      queuedBytes -= message.data.length;
      message.sender.inFlight -= message.truesize;
      if (!message.rights.isEmpty()) {
        control.add(new ControlMessage(SOL_SOCKET, SCM_RIGHTS, stack.host().adopt(message.rights)));
      }
    }
    boolean truncated = message.data.length > length;
    byte[] data = truncated ? java.util.Arrays.copyOf(message.data, length) : message.data;
    wakePeer();
    SockAddr from = message.from() == null ? null : new SockAddr(message.from(), 0);
    return new Received(data, from, truncated ? MSG_TRUNC : 0, control);
  }

  /**
   * The sockets a message carries, as new descriptors of this host: taken off the message, or,
   * for a peek, duplicated and left on it (Linux's scm_fp_dup).
   */
  private List<dev.twinsock.Socket> passedSockets(Message message, boolean peek) {
    if (peek) {
      return stack.host().adopt(keep(new ArrayList<>(message.rights)));
    }
    List<KernelSocket> taken = message.rights;
    message.rights = List.of();
    return stack.host().adopt(taken);
  }

  private void wakePeer() {
    wake();
    if (peer != null) {
      peer.wake();
    }
  }

  @Override
  void shutdown(int how) {
    // unix_shutdown has no ENOTCONN: an unconnected or listening socket takes the flags too
    int mask = how + 1;
    shutdown |= mask;
    if (peer != null && connectionOriented()) {
      // what this side stops, the peer sees: no more sends means EOF there
      if ((mask & SEND_SHUTDOWN) != 0) {
        peer.shutdown |= RCV_SHUTDOWN;
      }
      if ((mask & RCV_SHUTDOWN) != 0) {
        peer.shutdown |= SEND_SHUTDOWN;
      }
      peer.wake();
    }
    wake();
  }

  @Override
  SockAddr localAddress() {
    return new SockAddr(name == null ? "" : name, 0);
  }

  @Override
  SockAddr peerAddress() {
    if (!connected || peer == null) {
      throw new KernelError(SOCKET_ENOTCONN);
    }
    return new SockAddr(peer.name == null ? "" : peer.name, 0);
  }

  @Override
  Credentials peerCredentials() {
    if (peerCredentials == null) {
      return new Credentials(0, -1, -1);
    }
    return peerCredentials;
  }

  @Override
  void release() {
    released = true;
    if (name != null) {
      stack.unix.release(name, this);
    }
    for (UnixSocket embryo : pending) {
      embryo.released = true;
      if (embryo.peer != null) {
        embryo.peer.softError = SOCKET_ECONNRESET;
        embryo.peer.shutdown = SHUTDOWN_MASK;
        embryo.peer.wake();
      }
    }
    pending.clear();
    boolean unread = queue.stream().anyMatch(m -> m.remaining() > 0); // empty messages do not count
    for (Message message : queue) {
      dropRights(message);
      message.sender.inFlight -= message.truesize;
      message.sender.wake();
    }
    queue.clear();
    queuedBytes = 0;
    if (peer != null && connectionOriented()) {
      peer.shutdown = SHUTDOWN_MASK;
      if (unread) {
        peer.softError = SOCKET_ECONNRESET;
      }
      peer.wake();
    }
    shutdown = SHUTDOWN_MASK;
    wake();
  }

  @Override
  boolean readable() {
    if (listening) {
      return !pending.isEmpty() || (shutdown & RCV_SHUTDOWN) != 0;
    }
    if (connectionOriented() && !connected) {
      return true; // an unconnected stream or seqpacket socket polls as hung up
    }
    return !queue.isEmpty() || softError != 0 || (shutdown & RCV_SHUTDOWN) != 0;
  }

  @Override
  boolean writable() {
    if (listening) {
      return false;
    }
    if (softError != 0) {
      return true; // EPOLLERR; a shutdown gives EPOLLHUP, which select does not count as writable
    }
    if (connectionOriented() && !connected) {
      return true; // Linux counts only this socket's own send buffer, empty here
    }
    // unix_writable: this socket's unread buffers, four times over, fit its send buffer; a
    // datagram peer that does not talk back must also have room in its queue. It reads
    // sk_wmem_alloc raw, a refcount that starts at 1, hence the one byte more.
    boolean roomHere = 4L * (inFlight + 1) <= sndbuf;
    UnixSocket target = peer;
    if (target == null || target.released) {
      return roomHere;
    }
    return stream() ? roomHere
        : roomHere && (target.peer == this || target.queue.size() < MAX_DGRAM_QUEUE);
  }
}
