package dev.twinsock.parity;

import static dev.twinsock.SocketConstants.AF_INET;
import static dev.twinsock.SocketConstants.AF_INET6;
import static dev.twinsock.SocketConstants.AF_UNIX;
import static dev.twinsock.SocketConstants.MSG_DONTWAIT;
import static dev.twinsock.SocketConstants.MSG_MORE;
import static dev.twinsock.SocketConstants.MSG_OOB;
import static dev.twinsock.SocketConstants.MSG_TRUNC;
import static dev.twinsock.SocketConstants.SCM_CREDENTIALS;
import static dev.twinsock.SocketConstants.SCM_RIGHTS;
import static dev.twinsock.SocketConstants.SOCK_CLOEXEC;
import static dev.twinsock.SocketConstants.SOCK_DGRAM;
import static dev.twinsock.SocketConstants.SOCK_NONBLOCK;
import static dev.twinsock.SocketConstants.SOCK_RAW;
import static dev.twinsock.SocketConstants.SOCK_STREAM;
import static dev.twinsock.SocketConstants.SOCKET_EINPROGRESS;
import static dev.twinsock.SocketConstants.SHUT_RDWR;
import static dev.twinsock.SocketConstants.SHUT_WR;
import static dev.twinsock.SocketConstants.SOL_SOCKET;
import static dev.twinsock.SocketConstants.SO_RCVBUF;
import static dev.twinsock.SocketConstants.SO_RCVTIMEO;
import static dev.twinsock.SocketConstants.SO_SNDTIMEO;
import static dev.twinsock.SocketConstants.SO_SNDBUF;
import static dev.twinsock.SocketConstants.SOL_TCP;
import static dev.twinsock.SocketConstants.TCP_CORK;
import static dev.twinsock.SocketConstants.TCP_DEFER_ACCEPT;
import static dev.twinsock.SocketConstants.TCP_MAXSEG;
import static dev.twinsock.SocketConstants.IPPROTO_UDP;
import static dev.twinsock.SocketConstants.UDP_CORK;
import static dev.twinsock.SocketConstants.TCP_NODELAY;
import static dev.twinsock.SocketConstants.TCP_QUICKACK;
import static dev.twinsock.SocketConstants.SO_DOMAIN;
import static dev.twinsock.SocketConstants.SO_TYPE;

import dev.twinsock.AddrInfo;
import dev.twinsock.ControlMessage;
import dev.twinsock.Datagram;
import dev.twinsock.Message;
import dev.twinsock.SockAddr;
import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import dev.twinsock.SocketStream;
import dev.twinsock.Timeval;
import dev.twinsock.Sockets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One program's execution on one {@link Target}: the handles made so far and what the harness
 * knows about each, and the execution of one {@link Op} into an {@link Outcome}.
 *
 * <p>The harness never lets a call wait long on the real kernel: every socket is put in
 * non-blocking mode as soon as it exists ({@code setBlock} is made and compared, then undone), and
 * a call is made in blocking mode only where the program set a short timeout for it (see {@link
 * #waits}); select takes bounded timeouts only, and {@code addrinfoConnect} (a blocking connect
 * inside the backend) is made only where no listener's accept queue can be full. Sockets on the
 * sim get the same treatment, so both backends see the same calls.
 */
final class Run implements AutoCloseable {
  private static final int SOMAXCONN = 4096;
  /** The longest timeout under which the harness lets a call wait: it costs the kernel real time. */
  static final long LONGEST_WAIT_MICROS = 100_000;
  private static final String FOREIGN_PORT = "a port the program does not hold on that address";

  /** A SocketError of a call the harness made in blocking mode. */
  private static final class WaitedCall extends RuntimeException {
    final SocketError error;

    WaitedCall(SocketError error) {
      super(error.getMessage(), error, false, false);
      this.error = error;
    }
  }

  /** What the harness knows of one socket handle. */
  private static final class Slot {
    final Socket socket;
    final int family;
    final int type;
    final int index;
    /** The backlog of the last successful listen, or null if the socket never listened. */
    Integer backlog;
    /** A shutdown that sent this side's FIN succeeded (see the TIME_WAIT gate in onSocket). */
    boolean sentFin;
    /**
     * Whether the harness may let a call on this socket wait (see {@link #waits}): it came from
     * create, createPair, createListen, accept or addrinfoBind/Connect and was never exported as
     * a stream, so no other handle shares its file or can close it behind the harness's back.
     */
    boolean mayWait;
    /** The program's mode: blocking unless made with SOCK_NONBLOCK or set non-blocking since. */
    boolean blocking = true;
    /** SO_RCVTIMEO and SO_SNDTIMEO as the program last set them on this socket, in µs (0: none). */
    long receiveTimeout;
    long sendTimeout;
    /** Bytes this socket has sent, as the calls that sent them said. */
    long sent;
    /** Whether the socket may have had a connection: from accept, or a connect that did not fail. */
    boolean mayHaveConnected = true;
    /** TCP_DEFER_ACCEPT is set (non-zero) on this TCP socket. */
    boolean deferAccept;
    /** UDP_CORK is set on this UDP socket. */
    boolean udpCorked;
    /** A connect of this IPv6 TCP socket to a v4-mapped address failed. */
    boolean mappedConnectFailed;
    /** AF_UNIX: the socket at the other end of this one's connection, where known; else -1. */
    int partner = -1;
    /** AF_UNIX stream: connected, and the other end is an embryo not accepted yet. */
    boolean embryoPeer;
    /** AF_UNIX: the name this socket was bound to. */
    String unixName;

    Slot(Socket socket, int family, int type, int index) {
      this.socket = socket;
      this.index = index;
      this.family = family;
      this.type = type;
    }
  }

  /** An AddrInfo and the socket whose port its lookup asked for (-1 for none). */
  private record AddrinfoSlot(AddrInfo info, int portOwner) {}

  /** An exported stream, its socket's family and type, and the slot of that socket. */
  private record StreamSlot(SocketStream stream, int family, int type, int socket) {}

  private final Target target;
  private final Sockets sockets;
  private final Normalizer normalizer;
  private final List<Slot> slots = new ArrayList<>();
  private final Map<Socket, Integer> indexOf = new IdentityHashMap<>();
  private final List<AddrinfoSlot> addrinfos = new ArrayList<>();
  private final List<StreamSlot> streams = new ArrayList<>();
  private final HandleModel model = new HandleModel();
  /** Stream connects that may sit in an accept queue, by the port they went to. */
  private final Map<Integer, Integer> connectsToPort = new HashMap<>();
  private final Map<Integer, Integer> acceptsOnPort = new HashMap<>();
  /** AF_UNIX stream clients whose connection waits in a listener's queue, by the name they connected to. */
  private final Map<String, java.util.ArrayDeque<Integer>> unixClients = new HashMap<>();
  /** Whether an AF_UNIX socket has been passed in flight (see {@link #unixPassIsAcyclic}). */
  private boolean unixPassed;
  /** TCP connects still in progress when their settle ran out, and the ports they went to. */
  private final List<LateConnect> lateConnects = new ArrayList<>();

  /** A TCP connect whose handshake a kernel timer will finish, if anything does. */
  private record LateConnect(int client, int port) {}

  /**
   * How long the harness waits for a listener to queue a connection whose client end it has
   * seen complete; loopback needs microseconds, and only a full accept queue, which drops the
   * client's last ACK, makes it wait the whole bound.
   */
  static final int CHILD_BOUND_MICROS = 100_000;

  Run(Target target) {
    this.target = target;
    this.sockets = target.sockets();
    this.normalizer = new Normalizer(target.tmpDir(), target.tag());
  }

  Target target() {
    return target;
  }

  /** Runs one step; never throws for anything the backend does, only for errors of the JVM. */
  Outcome step(Op op) {
    awaitLateHandshakes();
    Outcome outcome = outcomeOf(() -> execute(op));
    model.after(op, outcome);
    return outcome;
  }

  /** What a call did, its failures included; the model of the handles is left as it was. */
  private Outcome outcomeOf(Supplier<Outcome> call) {
    try {
      return call.get();
    } catch (WaitedCall e) {
      return Outcome.error(e.error).waiting();
    } catch (SocketError e) {
      return Outcome.error(e);
    } catch (IllegalArgumentException e) {
      return Outcome.illegalArgument(normalizer.text(String.valueOf(e.getMessage())));
    } catch (RuntimeException e) {
      return Outcome.threw(normalizer.text(e.getClass().getName() + ": " + e.getMessage()));
    }
  }

  /**
   * A {@link Op.Meanwhile}. The waiter waits only where the program lets it (see {@link #waits}:
   * blocking, with a short timeout; for select, a short timeout of its own) and it is not ready
   * (a select with no timeout says so first, on both backends alike); then the target runs the
   * actor beside it ({@link Target#meanwhile}). Otherwise the waiter runs, then the actor. The
   * actor is made non-blocking whatever the program asked, and must work on another socket than
   * the waiter and make no socket, so that neither order can change what the other call sees
   * but through the kernel; its bytes are few, so that loopback hands them over at once.
   */
  private Outcome meanwhile(Op.Meanwhile m) {
    String unfit = unfitForMeanwhile(m);
    if (unfit != null) {
      return Outcome.skip(unfit);
    }
    Supplier<Outcome> waiter = () -> outcomeOf(() -> execute(m.waiter()));
    Supplier<Outcome> actor = () -> outcomeOf(() -> {
      int index = model.resolve(handleOf(m.actor()));
      return onSocket(m.actor(), slots.get(index));
    });
    if (!waiterWaits(m.waiter())) {
      Outcome w = waiter.get();
      return Outcome.meanwhile(false, w, actor.get());
    }
    List<Outcome> both;
    if (closesTheWaitedSocket(m)) {
      Slot closing = slots.get(model.resolve(handleOf(m.actor())));
      Supplier<Outcome> call = waiter;
      if (!(m.waiter() instanceof Op.Select)) {
        // blocking mode before the closer starts: it closes once a call is inside the socket,
        // and that call must be the waiter's, not the harness's setBlock
        try {
          closing.socket.setBlock();
        } catch (RuntimeException e) {
          return Outcome.skip("a socket the harness cannot make blocking");
        }
        call = () -> outcomeOf(() -> waitingCall(m.waiter(), closing));
      }
      both = target.closeMeanwhile(call, closing.socket, actor);
    } else {
      both = target.meanwhile(waiter, actor);
    }
    // the two calls ran beside each other: which set the last error last is not the program's
    sockets.clearError();
    return Outcome.meanwhile(true, both.get(0), both.get(1));
  }

  /** Why a Meanwhile cannot be made as asked, or null. */
  private String unfitForMeanwhile(Op.Meanwhile m) {
    Op w = m.waiter();
    Op a = m.actor();
    if (!(w instanceof Op.Recv || w instanceof Op.Read || w instanceof Op.Recvfrom || w instanceof Op.Recvmsg
        || w instanceof Op.Accept || w instanceof Op.Select)) {
      return "a waiter that is not a receive, accept or select";
    }
    if (!(a instanceof Op.Send || a instanceof Op.Write || a instanceof Op.Sendto || a instanceof Op.Sendmsg
        || a instanceof Op.Connect || a instanceof Op.Shutdown || a instanceof Op.Close)) {
      return "an actor that is not a send, connect, shutdown or close";
    }
    int actorIndex = model.resolve(handleOf(a));
    if (actorIndex < 0) {
      return "no socket";
    }
    if (w instanceof Op.Select s) {
      if (closesTheWaitedSocket(m)) {
        // the close of a socket the select watches ends it (see closesTheWaitedSocket)
      } else if (s.read().stream().anyMatch(h -> model.resolve(h) == actorIndex)
          || s.write().stream().anyMatch(h -> model.resolve(h) == actorIndex)
          || s.except().stream().anyMatch(h -> model.resolve(h) == actorIndex)) {
        return "the actor works on a socket the waiter selects";
      }
    } else if (model.resolve(handleOf(w)) == actorIndex && !(a instanceof Op.Close)
        && !mayActOnTheWaitingSocket(a, slots.get(actorIndex))) {
      return "the actor works on the waiting socket";
    }
    if ((flagsOf(w) & MSG_OOB) != 0) {
      return "a waiter for urgent data, which never waits";
    }
    if (a instanceof Op.Sendmsg g && g.rights() != null) {
      return "an actor that passes sockets";
    }
    if (bytesSent(a) > MEANWHILE_MOST_BYTES) {
      return "an actor that sends more than loopback hands over in one piece";
    }
    return null;
  }

  /**
   * Whether the actor closes the socket the waiter waits on (for a select, one it watches for
   * reading): the kernel then ends the waiting call with EBADF at once, which the os backend
   * gives too (its close wakes every call in flight on the socket, see the os backend's
   * Descriptor), and so must the sim. The target runs the close on a second thread of its own
   * once the waiter's call is inside the socket ({@link Target#closeMeanwhile}): made first, it
   * would leave the waiter a closed socket, whose calls throw IllegalStateException instead.
   */
  private boolean closesTheWaitedSocket(Op.Meanwhile m) {
    if (!(m.actor() instanceof Op.Close c)) {
      return false;
    }
    int closed = model.resolve(c.h());
    if (closed < 0) {
      return false;
    }
    if (m.waiter() instanceof Op.Select s) {
      return s.read().stream().anyMatch(h -> model.resolve(h) == closed);
    }
    return model.resolve(handleOf(m.waiter())) == closed;
  }

  /**
   * Whether an actor may work on the socket its waiter waits on: a shutdown (which wakes the
   * waiter, as another thread's shutdown does on Linux), or a send on a UDP socket (to itself, or
   * to a port that answers with an ICMP error); neither can wait, though the waiter made the
   * socket blocking. A close would leave a kernel waiter blocked on the file, not woken.
   */
  private static boolean mayActOnTheWaitingSocket(Op actor, Slot slot) {
    boolean udp = slot.type == SOCK_DGRAM && slot.family != AF_UNIX;
    return actor instanceof Op.Shutdown
        || udp && (actor instanceof Op.Send || actor instanceof Op.Sendto || actor instanceof Op.Write);
  }

  /**
   * Open: a stream write of no bytes, once the stream's socket is closed, returns on the os
   * backend (its stream sends nothing, so it never asks the socket) and throws IOException on
   * the sim (its stream checks the socket first).
   */
  static final String EMPTY_WRITE_AFTER_CLOSE =
      "an empty stream write after its socket's close (open: the os stream returns, the sim's throws)";

  /** The most bytes a stream write may carry: less than any socket's smallest send buffer. */
  static final int STREAM_MOST_BYTES = 1024;

  /** The most bytes an actor sends: one segment, which wakes a receiver once. */
  static final int MEANWHILE_MOST_BYTES = 1024;

  /** Whether a waiter is made blocking (or is a select with a timeout) and is not ready now. */
  private boolean waiterWaits(Op w) {
    if (w instanceof Op.Select s) {
      long micros = s.seconds() * 1_000_000L + s.microseconds();
      if (s.seconds() < 0 || micros <= 0 || micros > LONGEST_WAIT_MICROS) {
        return false;
      }
      try {
        return sockets.select(sockets(s.read()), sockets(s.write()), sockets(s.except()), 0L, 0) == 0;
      } catch (RuntimeException e) {
        return false;
      }
    }
    int index = model.resolve(handleOf(w));
    if (index < 0 || !waits(w, slots.get(index))) {
      return false;
    }
    try {
      return sockets.select(new ArrayList<>(List.of(slots.get(index).socket)), null, null, 0L, 0) == 0;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Lets a handshake that a kernel timer finished reach its listener before the next step.
   *
   * <p>A connect that met a full accept queue had its SYN dropped, and its settle ran out: such a
   * connect is kept in {@link #lateConnects}. Its SYN is sent again by a timer about a second
   * later, and the rest of that handshake runs in softirq, outside any call of the program: the
   * SYN-ACK makes the client established and wakes whoever waits on it (a select for its
   * writability returns), and only then does the client's last ACK go through loopback's
   * per-CPU backlog to the listener, which queues the connection. So a program woken by the
   * client's side can call accept a moment before the listener has the connection, and get
   * EAGAIN where a moment later, and on the sim (which delivers loopback packets within the
   * call that made them), it gets the connection. The assumption of {@link Target#settle}, that
   * the kernel delivers everything within the sending call, holds only for work a call starts.
   *
   * <p>So, before each step: a late connect whose client is now writable (its handshake ended)
   * is taken off the list, and if a listener still holds its port, the harness waits in select,
   * bounded by {@link #CHILD_BOUND_MICROS}, until that listener is readable. Where the
   * connection is already queued the select returns at once; a connect that is still in
   * progress is not waited for, so a true EAGAIN (no handshake has ended) stays one; and a
   * listener whose queue is full again drops the last ACK, and the select runs out, leaving the
   * kernel's answer as it is. The same calls are made on every target: the sim's select returns
   * at once, since it delivered the ACK with the SYN-ACK. Not covered: a listener that is
   * readable already for another connection (its select returns before the late one lands),
   * and a single select that watches both the client and the listener.
   */
  private void awaitLateHandshakes() {
    for (java.util.Iterator<LateConnect> it = lateConnects.iterator(); it.hasNext(); ) {
      LateConnect late = it.next();
      if (model.closed(late.client())) {
        it.remove();
        continue;
      }
      if (!writableNow(slots.get(late.client()).socket)) {
        continue;
      }
      it.remove();
      Slot listener = listenerOn(late.port());
      if (listener == null) {
        continue;
      }
      try {
        sockets.select(new ArrayList<>(List.of(listener.socket)), null, null, 0L, CHILD_BOUND_MICROS);
      } catch (RuntimeException e) {
        // a listener closed behind the harness's back: the next step shows it on both sides
      }
    }
  }

  private boolean writableNow(Socket s) {
    try {
      return sockets.select(null, new ArrayList<>(List.of(s)), null, 0L, 0) > 0;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The open, listening IP stream socket of the program on {@code port}, or null. */
  private Slot listenerOn(int port) {
    for (Slot l : slots) {
      if (l.family != AF_UNIX && l.type == SOCK_STREAM && model.listening(l.index) && portOf(l) == port) {
        return l;
      }
    }
    return null;
  }

  /** Lets in-flight work finish; see {@link Target#settle}. */
  void settle() {
    target.settle(List.of());
  }

  private Outcome execute(Op op) {
    if (op instanceof Op.Create c) {
      Outcome made = adopt(sockets.create(c.domain(), c.type(), c.protocol()), c.domain(), baseType(c.domain(), c.type()));
      mayWait(slots.size() - 1, (c.type() & SOCK_NONBLOCK) == 0);
      unconnected(slots.size() - 1);
      return made;
    }
    if (op instanceof Op.CreatePair c) {
      Socket[] pair = sockets.createPair(c.domain(), c.type(), c.protocol());
      int type = baseType(c.domain(), c.type());
      int first = adoptSlot(pair[0], c.domain(), type);
      int second = adoptSlot(pair[1], c.domain(), type);
      slots.get(first).partner = second;
      slots.get(second).partner = first;
      mayWait(first, (c.type() & SOCK_NONBLOCK) == 0);
      mayWait(second, (c.type() & SOCK_NONBLOCK) == 0);
      return Outcome.sockets("sockets s" + first + " s" + second, List.of(c.domain(), c.domain()));
    }
    if (op instanceof Op.CreateListen c) {
      Socket s = c.backlog() == null ? sockets.createListen(c.port()) : sockets.createListen(c.port(), c.backlog());
      int index = adoptSlot(s, AF_INET, SOCK_STREAM);
      mayWait(index, true);
      unconnected(index);
      slots.get(index).backlog = c.backlog() == null ? 128 : c.backlog();
      return Outcome.sockets("socket s" + index, List.of(AF_INET));
    }
    if (op instanceof Op.Settle) {
      settle();
      return Outcome.ok();
    }
    if (op instanceof Op.Select s) {
      return select(s);
    }
    if (op instanceof Op.Meanwhile m) {
      return meanwhile(m);
    }
    if (op instanceof Op.AddrinfoLookup l) {
      return lookup(l);
    }
    if (op instanceof Op.AddrinfoBind b) {
      AddrInfo ai = addrinfo(b.ai());
      if (ai == null) {
        return Outcome.skip("no addrinfo");
      }
      if (!heldOrZero(ai)) {
        return Outcome.skip(FOREIGN_PORT);
      }
      Outcome made = adopt(sockets.addrinfoBind(ai), ai.family(), ai.socktype());
      mayWait(slots.size() - 1, true);
      unconnected(slots.size() - 1);
      return made;
    }
    if (op instanceof Op.AddrinfoConnect c) {
      AddrInfo ai = addrinfo(c.ai());
      if (ai == null) {
        return Outcome.skip("no addrinfo");
      }
      if (!heldOrZero(ai)) {
        return Outcome.skip(FOREIGN_PORT);
      }
      if (ai.socktype() != SOCK_DGRAM && mayBlockConnecting(ai.addr().port())) {
        return Outcome.skip("a listener's queue may be full: a blocking connect could hang");
      }
      Socket s = sockets.addrinfoConnect(ai);
      countConnect(ai.addr().port());
      Outcome made = adopt(s, ai.family(), ai.socktype());
      mayWait(slots.size() - 1, true);
      return made;
    }
    if (op instanceof Op.AddrinfoExplain e) {
      AddrInfo ai = addrinfo(e.ai());
      if (ai == null) {
        return Outcome.skip("no addrinfo");
      }
      return Outcome.ok(normalizer.map(sockets.addrinfoExplain(ai)));
    }
    if (op instanceof Op.ImportStream i) {
      if (streams.isEmpty()) {
        return Outcome.skip("no stream");
      }
      StreamSlot st = streams.get(Math.floorMod(i.stream(), streams.size()));
      return adopt(sockets.importStream(st.stream()), st.family(), st.type());
    }
    if (op instanceof Op.StreamRead r) {
      if (streams.isEmpty()) {
        return Outcome.skip("no stream");
      }
      byte[] buffer = new byte[r.length()];
      int n;
      try {
        n = streams.get(Math.floorMod(r.stream(), streams.size())).stream().input().read(buffer);
      } catch (java.io.IOException e) {
        return Outcome.threw(normalizer.text(e.getClass().getName() + ": " + e.getMessage()));
      }
      return Outcome.ok(n < 0 ? "end of stream" : normalizer.bytes(java.util.Arrays.copyOf(buffer, n)));
    }
    if (op instanceof Op.StreamWrite w) {
      if (streams.isEmpty()) {
        return Outcome.skip("no stream");
      }
      StreamSlot target = streams.get(Math.floorMod(w.stream(), streams.size()));
      if (w.data().size() == 0 && model.closed(target.socket())) {
        return Outcome.skip(EMPTY_WRITE_AFTER_CLOSE);
      }
      if (w.data().size() > STREAM_MOST_BYTES) {
        // a write that runs into a full buffer throws, and how much went first is lost with it
        return Outcome.skip("a stream write of more than a buffer surely holds");
      }
      try {
        streams.get(Math.floorMod(w.stream(), streams.size())).stream().output().write(w.data().bytes());
      } catch (java.io.IOException e) {
        return Outcome.threw(normalizer.text(e.getClass().getName() + ": " + e.getMessage()));
      }
      return Outcome.ok();
    }
    if (op instanceof Op.LastError) {
      return Outcome.ok(String.valueOf(sockets.lastError()));
    }
    if (op instanceof Op.ClearError) {
      sockets.clearError();
      return Outcome.ok();
    }
    if (op instanceof Op.Strerror s) {
      return Outcome.ok(normalizer.value(sockets.strerror(s.errno())));
    }
    if (op instanceof Op.CmsgSpace c) {
      return Outcome.ok(String.valueOf(sockets.cmsgSpace(c.level(), c.type(), c.n())));
    }
    if (op instanceof Op.WsaImport w) {
      Socket s = sockets.wsaprotocolInfoImport(w.id());
      return adopt(s, -1, -1);
    }
    if (op instanceof Op.WsaRelease w) {
      return Outcome.ok(String.valueOf(sockets.wsaprotocolInfoRelease(w.id())));
    }
    return onSocket(op);
  }

  /** The ops whose first argument is a socket handle. */
  private Outcome onSocket(Op op) {
    int index = model.resolve(handleOf(op));
    if (index < 0) {
      return Outcome.skip("no socket");
    }
    Slot slot = slots.get(index);
    if (!waits(op, slot)) {
      return onSocket(op, slot);
    }
    try {
      slot.socket.setBlock();
    } catch (RuntimeException e) {
      return onSocket(op, slot);
    }
    return waitingCall(op, slot);
  }

  /** A call on a socket the harness has just made blocking; it goes back to non-blocking after. */
  private Outcome waitingCall(Op op, Slot slot) {
    try {
      return onSocket(op, slot).waiting();
    } catch (SocketError e) {
      throw new WaitedCall(e);
    } finally {
      keepNonblocking(slot.socket);
    }
  }

  /**
   * Whether a call may wait, as the program asked: the socket is blocking in the program's eyes,
   * the call's timeout (SO_RCVTIMEO for receiving and accept, SO_SNDTIMEO for sending and connect)
   * is one the program set and at most {@link #LONGEST_WAIT_MICROS}, and no flag says
   * MSG_DONTWAIT. The harness then makes the call in blocking mode, so the backend's waiting and
   * its timeout run (on the kernel for real, on the sim on its clock); every other call is made
   * non-blocking. A TCP connect waits only where no accept queue can be full: Linux would go on
   * retrying its SYN after the timeout, at a time of its own.
   */
  private boolean waits(Op op, Slot slot) {
    if (!slot.mayWait || !slot.blocking || model.closed(slot.index)) {
      return false;
    }
    long timeout;
    if (op instanceof Op.Read || op instanceof Op.Accept || op instanceof Op.Recv || op instanceof Op.Recvfrom
        || op instanceof Op.Recvmsg) {
      timeout = slot.receiveTimeout;
    } else if (op instanceof Op.Write || op instanceof Op.Send || op instanceof Op.Sendto
        || op instanceof Op.Sendmsg) {
      timeout = slot.sendTimeout;
    } else if (op instanceof Op.Connect c) {
      if (slot.type == SOCK_STREAM && slot.family != AF_UNIX && connectMayWaitOnAQueue(c, slot)) {
        return false;
      }
      timeout = slot.sendTimeout;
    } else {
      return false;
    }
    return timeout > 0 && timeout <= LONGEST_WAIT_MICROS && (flagsOf(op) & MSG_DONTWAIT) == 0;
  }

  /** The bytes a send offers (as many as its payload has, up to its length), 0 for the calls that send none. */
  private static int bytesSent(Op op) {
    if (op instanceof Op.Write o) return o.data().size();
    if (op instanceof Op.Send o) return Math.min(o.length(), o.data().size());
    if (op instanceof Op.Sendto o) return Math.min(o.length(), o.data().size());
    if (op instanceof Op.Sendmsg o) return o.iov().stream().mapToInt(Payload::size).sum();
    return 0;
  }

  /** The flags argument of a receive or send, 0 for the calls without one. */
  private static int flagsOf(Op op) {
    if (op instanceof Op.Recv o) return o.flags();
    if (op instanceof Op.Recvfrom o) return o.flags();
    if (op instanceof Op.Recvmsg o) return o.flags();
    if (op instanceof Op.Send o) return o.flags();
    if (op instanceof Op.Sendto o) return o.flags();
    if (op instanceof Op.Sendmsg o) return o.flags();
    return 0;
  }

  /** Whether a connect could meet a full accept queue; see {@link #mayBlockConnecting}. */
  private boolean connectMayWaitOnAQueue(Op.Connect c, Slot slot) {
    String address = address(c.to(), slot.family, true);
    if (address == null || c.to().port().kind() != PortSpec.Kind.OF_SOCKET) {
      return false;
    }
    int index = model.resolve(c.to().port().socket());
    return index >= 0 && mayBlockConnecting(portOf(slots.get(index)));
  }

  private Outcome onSocket(Op op, Slot slot) {
    int index = slot.index;
    Socket s = slot.socket;
    if (op instanceof Op.Bind b && slot.sentFin && slot.type == SOCK_STREAM && slot.family != AF_UNIX) {
      // open (docs/semantics.md): Linux closes a socket that enters TIME_WAIT and lets it bind
      // again; the sim keeps the socket itself in TIME_WAIT
      return Outcome.skip("bind after this side's FIN (TIME_WAIT)");
    }
    if (op instanceof Op.Bind b) {
      String address = address(b.at(), slot.family, false);
      if (address == null) {
        return Outcome.skip("no address for this family");
      }
      Integer port = port(b.at().port(), slot, address);
      if (port == null) {
        return Outcome.skip(FOREIGN_PORT);
      }
      if (b.at().port().kind() == PortSpec.Kind.NONE) {
        s.bind(address);
      } else {
        s.bind(address, port);
      }
      if (slot.family == AF_UNIX) {
        slot.unixName = address;
      }
      return Outcome.ok();
    }
    if (op instanceof Op.Listen l) {
      if (slot.deferAccept) {
        return Outcome.skip(DEFER_ACCEPT);
      }
      if (l.backlog() == null) {
        s.listen();
      } else {
        s.listen(l.backlog());
      }
      slot.backlog = l.backlog() == null ? 0 : l.backlog();
      return Outcome.ok();
    }
    if (op instanceof Op.Connect c) {
      String address = address(c.to(), slot.family, true);
      if (address == null) {
        return Outcome.skip("no address for this family");
      }
      if (slot.mappedConnectFailed) {
        return Outcome.skip(AFTER_MAPPED_CONNECT);
      }
      boolean withPort = c.to().port().kind() != PortSpec.Kind.NONE;
      Integer port = port(c.to().port(), slot, address);
      if (port == null) {
        return Outcome.skip(FOREIGN_PORT);
      }
      try {
        if (slot.family == AF_UNIX) {
          // whom the socket now talks to: an embryo of the listener on that name, for a stream
          slot.partner = -1;
          slot.embryoPeer = false;
        }
        if (withPort) {
          s.connect(address, port);
        } else {
          s.connect(address);
        }
        if (slot.family == AF_UNIX && slot.type != SOCK_DGRAM) {
          slot.embryoPeer = true;
          unixClients.computeIfAbsent(address, k -> new java.util.ArrayDeque<>()).add(index);
        }
        slot.mayHaveConnected = true;
        if (slot.type == SOCK_STREAM) {
          countConnect(port);
        }
      } catch (SocketError e) {
        if (slot.family == AF_INET6 && slot.type == SOCK_STREAM && Host.canonical(address).startsWith("::ffff:")) {
          slot.mappedConnectFailed = true;
        }
        if (e.code() == SOCKET_EINPROGRESS) {
          slot.mayHaveConnected = true;
          countConnect(port);
          // What a second connect, select or SO_ERROR sees while the handshake runs depends on
          // the kernel's timing: the harness lets it finish before the next step.
          target.settle(List.of(s));
          if (slot.type == SOCK_STREAM && slot.family != AF_UNIX && port != 0 && !writableNow(s)) {
            lateConnects.add(new LateConnect(index, port));
          }
        }
        throw e;
      }
      return Outcome.ok();
    }
    if (op instanceof Op.Accept) {
      Socket accepted = s.accept();
      int port = portOf(slot);
      acceptsOnPort.merge(port, 1, Integer::sum);
      // accept's socket is blocking, and its timeouts, inherited from the listener, are not
      // tracked: it waits only once the program sets them on it
      Outcome made = adopt(accepted, slot.family, slot.type);
      mayWait(slots.size() - 1, true);
      java.util.ArrayDeque<Integer> waiting = slot.unixName == null ? null : unixClients.get(slot.unixName);
      if (slot.family == AF_UNIX && waiting != null && !waiting.isEmpty()) {
        // the listener's queue is in connect order: the first waiting client is this one's peer
        Slot client = slots.get(waiting.poll());
        Slot made1 = slots.get(slots.size() - 1);
        client.partner = made1.index;
        client.embryoPeer = false;
        made1.partner = client.index;
      }
      return made;
    }
    if (op instanceof Op.Read r) {
      return Outcome.ok(normalizer.bytes(r.mode() == null ? s.read(r.length()) : s.read(r.length(), r.mode())));
    }
    if (op instanceof Op.Write w) {
      String held = heldBack(slot, 0, bytesSent(w));
      if (held != null) {
        return Outcome.skip(held);
      }
      byte[] data = w.data().bytes();
      return sent(slot, w.length() == null ? s.write(data) : s.write(data, w.length()));
    }
    if (op instanceof Op.Recv r) {
      return Outcome.ok(receivedBytes(s.recv(r.length(), r.flags()), slot, r.flags()));
    }
    if (op instanceof Op.Send w) {
      String held = heldBack(slot, w.flags(), bytesSent(w));
      if (held != null) {
        return Outcome.skip(held);
      }
      return sent(slot, s.send(w.data().bytes(), w.length(), w.flags()));
    }
    if (op instanceof Op.Recvfrom r) {
      Datagram d = s.recvfrom(r.length(), r.flags());
      return Outcome.ok(receivedBytes(d.data(), slot, r.flags()) + " from " + normalizer.address(d.from(), slot.type));
    }
    if (op instanceof Op.Sendto w) {
      String held = heldBack(slot, w.flags(), bytesSent(w));
      if (held != null) {
        return Outcome.skip(held);
      }
      String address = address(w.to(), slot.family, true);
      if (address == null) {
        return Outcome.skip("no address for this family");
      }
      Integer port = port(w.to().port(), slot, address);
      if (port == null) {
        return Outcome.skip(FOREIGN_PORT);
      }
      byte[] data = w.data().bytes();
      int sent = w.to().port().kind() == PortSpec.Kind.NONE
          ? s.sendto(data, w.length(), w.flags(), address)
          : s.sendto(data, w.length(), w.flags(), address, port);
      return sent(slot, sent);
    }
    if (op instanceof Op.Recvmsg r) {
      return received(s.recvmsg(r.bufferSize(), r.controlLength(), r.flags()), slot, r.flags());
    }
    if (op instanceof Op.Sendmsg m) {
      return sendmsg(slot, m);
    }
    if (op instanceof Op.GetOption g) {
      if (g.level() == SOL_TCP && g.option() == TCP_QUICKACK && slot.type == SOCK_STREAM && slot.family != AF_UNIX) {
        return Outcome.skip(TCP_HELD + ": TCP_QUICKACK reads the delayed-ACK mode");
      }
      if (g.level() == SOL_TCP && g.option() == TCP_MAXSEG && slot.mayHaveConnected) {
        return Outcome.skip("TCP_MAXSEG of a connection (open: Linux bounds it by half the peer's largest window)");
      }
      Object v = g.alias() ? s.getopt(g.level(), g.option()) : s.getOption(g.level(), g.option());
      return Outcome.ok(normalizer.value(v));
    }
    if (op instanceof Op.SetOption o) {
      boolean tcp = slot.type == SOCK_STREAM && slot.family != AF_UNIX;
      if (tcp && o.level() == SOL_TCP && (o.option() == TCP_NODELAY && Integer.valueOf(0).equals(o.value())
          || o.option() == TCP_CORK && !Integer.valueOf(0).equals(o.value()))) {
        return Outcome.skip(TCP_HELD);
      }
      if (tcp && o.level() == SOL_TCP && o.option() == TCP_DEFER_ACCEPT && !Integer.valueOf(0).equals(o.value())
          && model.listening(slot.index)) {
        return Outcome.skip(DEFER_ACCEPT);
      }
      if (tcp && o.level() == SOL_SOCKET && (o.option() == SO_SNDBUF || o.option() == SO_RCVBUF)) {
        return Outcome.skip("a TCP buffer size (the sim holds exactly the doubled value; Linux counts skbs)");
      }
      if (slot.type == SOCK_DGRAM && slot.family != AF_UNIX && o.level() == SOL_SOCKET && o.option() == SO_RCVBUF) {
        return Outcome.skip("a UDP receive buffer size (Linux charges each datagram its skb's size, condensed once half full)");
      }
      if (o.alias()) {
        s.setopt(o.level(), o.option(), o.value());
      } else {
        s.setOption(o.level(), o.option(), o.value());
      }
      if (tcp && o.level() == SOL_TCP && o.option() == TCP_DEFER_ACCEPT) {
        slot.deferAccept = !Integer.valueOf(0).equals(o.value());
      }
      if (slot.type == SOCK_DGRAM && slot.family != AF_UNIX && o.level() == IPPROTO_UDP && o.option() == UDP_CORK) {
        slot.udpCorked = !Integer.valueOf(0).equals(o.value());
      }
      if (o.level() == SOL_SOCKET && o.value() instanceof Timeval t) {
        if (o.option() == SO_RCVTIMEO) {
          slot.receiveTimeout = t.sec() * 1_000_000 + t.usec();
        } else if (o.option() == SO_SNDTIMEO) {
          slot.sendTimeout = t.sec() * 1_000_000 + t.usec();
        }
      }
      return Outcome.ok();
    }
    if (op instanceof Op.Getsockname) {
      return Outcome.ok(normalizer.address(s.getsockname(), slot.type));
    }
    if (op instanceof Op.Getpeername) {
      return Outcome.ok(normalizer.address(s.getpeername(), slot.type));
    }
    if (op instanceof Op.Shutdown d) {
      if (d.how() == null) {
        s.shutdown();
      } else {
        s.shutdown(d.how());
      }
      slot.sentFin |= d.how() == null || d.how() == SHUT_WR || d.how() == SHUT_RDWR;
      return Outcome.ok();
    }
    if (op instanceof Op.Close) {
      s.close();
      return Outcome.ok();
    }
    if (op instanceof Op.SetBlock) {
      s.setBlock();
      keepNonblocking(s);
      slot.blocking = true;
      return Outcome.ok();
    }
    if (op instanceof Op.SetNonblock) {
      s.setNonblock();
      slot.blocking = false;
      return Outcome.ok();
    }
    if (op instanceof Op.ExportStream) {
      SocketStream stream = s.exportStream();
      slot.mayWait = false;
      streams.add(new StreamSlot(stream, slot.family, slot.type, slot.index));
      return Outcome.stream("stream " + (streams.size() - 1));
    }
    if (op instanceof Op.SocketLastError) {
      return Outcome.ok(String.valueOf(s.lastError()));
    }
    if (op instanceof Op.SocketClearError) {
      s.clearError();
      return Outcome.ok();
    }
    if (op instanceof Op.WsaExport w) {
      return Outcome.ok(normalizer.value(sockets.wsaprotocolInfoExport(s, w.targetPid())));
    }
    throw new IllegalStateException("the interpreter does not know " + op);
  }

  static int handleOf(Op op) {
    if (op instanceof Op.Bind o) return o.h();
    if (op instanceof Op.Listen o) return o.h();
    if (op instanceof Op.Connect o) return o.h();
    if (op instanceof Op.Accept o) return o.h();
    if (op instanceof Op.Read o) return o.h();
    if (op instanceof Op.Write o) return o.h();
    if (op instanceof Op.Recv o) return o.h();
    if (op instanceof Op.Send o) return o.h();
    if (op instanceof Op.Recvfrom o) return o.h();
    if (op instanceof Op.Sendto o) return o.h();
    if (op instanceof Op.Recvmsg o) return o.h();
    if (op instanceof Op.Sendmsg o) return o.h();
    if (op instanceof Op.GetOption o) return o.h();
    if (op instanceof Op.SetOption o) return o.h();
    if (op instanceof Op.Getsockname o) return o.h();
    if (op instanceof Op.Getpeername o) return o.h();
    if (op instanceof Op.Shutdown o) return o.h();
    if (op instanceof Op.Close o) return o.h();
    if (op instanceof Op.SetBlock o) return o.h();
    if (op instanceof Op.SetNonblock o) return o.h();
    if (op instanceof Op.ExportStream o) return o.h();
    if (op instanceof Op.SocketLastError o) return o.h();
    if (op instanceof Op.SocketClearError o) return o.h();
    if (op instanceof Op.WsaExport o) return o.h();
    throw new IllegalStateException("not an op on a socket: " + op);
  }

  private Outcome select(Op.Select op) {
    List<Socket> read = sockets(op.read());
    List<Socket> write = sockets(op.write());
    List<Socket> except = sockets(op.except());
    int ready = sockets.select(read, write, except, op.seconds(), op.microseconds());
    return Outcome.ok(ready + " r" + names(read) + " w" + names(write) + " e" + names(except));
  }

  /** The sockets of the handles that exist, in order; null for an empty list (the API's "none"). */
  private List<Socket> sockets(List<Integer> handles) {
    List<Socket> out = new ArrayList<>();
    for (int h : handles) {
      int index = model.resolve(h);
      if (index >= 0) {
        out.add(slots.get(index).socket);
      }
    }
    return out.isEmpty() ? null : out;
  }

  private String names(List<Socket> list) {
    List<String> names = new ArrayList<>();
    if (list != null) {
      for (Socket s : list) {
        Integer i = indexOf.get(s);
        names.add(i == null ? "?" : "s" + i);
      }
    }
    return names.toString();
  }

  private Outcome lookup(Op.AddrinfoLookup l) {
    int owner = l.serviceOfSocket() == null ? -1 : model.resolve(l.serviceOfSocket());
    String service = l.serviceOfSocket() != null ? String.valueOf(portOfHandle(l.serviceOfSocket())) : l.service();
    List<AddrInfo> found;
    if (l.hints() != null) {
      found = sockets.addrinfoLookup(l.host(), service, l.hints());
    } else if (service != null) {
      found = sockets.addrinfoLookup(l.host(), service);
    } else {
      found = sockets.addrinfoLookup(l.host());
    }
    StringBuilder text = new StringBuilder("[");
    for (AddrInfo ai : found) {
      text.append(text.length() > 1 ? "; " : "").append("ai").append(addrinfos.size()).append(' ')
          .append(ai.flags()).append('/').append(ai.family()).append('/').append(ai.socktype()).append('/')
          .append(ai.protocol()).append('/').append(ai.canonname() == null ? "-" : normalizer.text(ai.canonname()))
          .append(' ').append(normalizer.address(ai.addr(), ai.socktype()));
      addrinfos.add(new AddrinfoSlot(ai, owner));
    }
    return Outcome.addrinfos(text.append("]").toString(), found.size());
  }

  private boolean heldOrZero(AddrInfo ai) {
    if (ai.addr() == null || ai.addr().port() == 0) {
      return true;
    }
    int owner = -1;
    for (AddrinfoSlot a : addrinfos) {
      if (a.info() == ai) {
        owner = a.portOwner();
      }
    }
    return owner >= 0 && holds(slots.get(owner), ai.family(), ai.socktype(), ai.addr().address(), ai.addr().port());
  }

  private AddrInfo addrinfo(int index) {
    return addrinfos.isEmpty() ? null : addrinfos.get(index % addrinfos.size()).info();
  }

  /**
   * Received bytes; with MSG_TRUNC on TCP only their count, since the kernel consumes them without
   * copying and the buffer keeps whatever the backend had in it (docs/semantics.md).
   */
  private String receivedBytes(byte[] data, Slot slot, int flags) {
    boolean tcp = slot.type == SOCK_STREAM && slot.family != AF_UNIX;
    return tcp && (flags & MSG_TRUNC) != 0 ? normalizer.discarded(data) : normalizer.bytes(data);
  }

  private Outcome received(Message m, Slot slot, int flags) {
    int type = slot.type;
    StringBuilder text = new StringBuilder("msg ").append(receivedBytes(m.data(), slot, flags))
        .append(" name ").append(normalizer.address(m.name(), type))
        .append(" flags ").append(m.flags())
        .append(" control [");
    List<Integer> families = new ArrayList<>();
    for (ControlMessage c : m.control()) {
      text.append(' ').append(c.level()).append('/').append(c.type()).append(' ');
      if (c.level() == SOL_SOCKET && c.type() == SCM_RIGHTS && c.data() instanceof List<?> passed) {
        List<String> names = new ArrayList<>();
        for (Object o : passed) {
          Socket got = (Socket) o;
          int family = optionOr(got, SO_DOMAIN);
          names.add("s" + adoptSlot(got, family, optionOr(got, SO_TYPE)));
          families.add(family);
        }
        text.append(names);
      } else if (c.level() == SOL_SOCKET && c.type() == SCM_CREDENTIALS && c.data() instanceof byte[] cut) {
        text.append(normalizer.credentialBytes(cut));
      } else {
        text.append(normalizer.value(c.data()));
      }
    }
    return Outcome.sockets(text.append(" ]").toString(), families);
  }

  private int optionOr(Socket s, int option) {
    try {
      return (Integer) s.getOption(SOL_SOCKET, option);
    } catch (RuntimeException e) {
      return -1;
    }
  }

  private Outcome sendmsg(Slot slot, Op.Sendmsg m) {
    String held = heldBack(slot, m.flags(), bytesSent(m));
    if (held != null) {
      return Outcome.skip(held);
    }
    SockAddr name = null;
    if (m.name() != null) {
      String address = address(m.name(), slot.family, true);
      if (address == null) {
        return Outcome.skip("no address for this family");
      }
      Integer port = port(m.name().port(), slot, address);
      if (port == null) {
        return Outcome.skip(FOREIGN_PORT);
      }
      name = new SockAddr(address, port);
    }
    List<ControlMessage> control = new ArrayList<>();
    if (m.rights() != null && slot.family == AF_UNIX && passesAfUnixSocket(m.rights())) {
      if (!unixPassIsAcyclic(slot, m)) {
        return Outcome.skip(UNIX_IN_FLIGHT);
      }
      unixPassed = true;
    }
    if (m.rights() != null) {
      List<Socket> passed = sockets(m.rights());
      control.add(new ControlMessage(SOL_SOCKET, SCM_RIGHTS, passed == null ? List.of() : passed));
    }
    List<byte[]> iov = new ArrayList<>();
    for (Payload p : m.iov()) {
      iov.add(p.bytes());
    }
    return sent(slot, slot.socket.sendmsg(new Message(name, iov, control, 0), m.flags()));
  }

  static final String UNIX_IN_FLIGHT = "an AF_UNIX socket passed in flight where it might close a cycle (open: Linux's "
      + "garbage collector frees a cycle asynchronously since 6.10)";

  /**
   * Whether passing AF_UNIX sockets in this message surely makes no cycle of sockets in flight,
   * which only Linux's garbage collector would free, at a time of its own: no AF_UNIX socket went
   * in flight before in this run, the receiving socket is known (the other end of a pair or of an
   * accepted connection, or an embryo not accepted yet), and no passed socket is that receiver or
   * a listener (whose queue may hold the receiving embryo).
   */
  private boolean unixPassIsAcyclic(Slot sender, Op.Sendmsg m) {
    if (unixPassed || m.name() != null || (sender.partner < 0 && !sender.embryoPeer)) {
      return false;
    }
    for (int h : m.rights()) {
      int index = model.resolve(h);
      if (index < 0) {
        continue;
      }
      Slot passed = slots.get(index);
      // by identity: an imported stream gives the same socket a second handle
      if (passed.family == -1 || passed.backlog != null
          || sender.partner >= 0 && passed.socket == slots.get(sender.partner).socket) {
        return false;
      }
    }
    return true;
  }

  /** Whether any of the handles is an AF_UNIX socket, or a socket of a family the harness does not know. */
  private boolean passesAfUnixSocket(List<Integer> rights) {
    for (int h : rights) {
      int index = model.resolve(h);
      if (index >= 0 && (slots.get(index).family == AF_UNIX || slots.get(index).family == -1)) {
        return true;
      }
    }
    return false;
  }

  /** The concrete address of an endpoint for a socket of {@code family}, or null to skip the call. */
  private String address(Endpoint e, int family, boolean peer) {
    if (peer && !e.host().peerSafe()) {
      return null;
    }
    return e.host().address(family, e.slot(), target.tmpDir(), target.tag());
  }

  /**
   * The port of an endpoint for {@code address} on socket {@code user}, or null when it is the
   * port of one of the program's sockets that does not hold that port on that address for that
   * protocol: such a port number belongs to the whole machine, and any process (the other run of
   * the same program among them) may hold it there, so the outcome would not be the program's
   * alone.
   */
  private Integer port(PortSpec p, Slot user, String address) {
    switch (p.kind()) {
      case OF_SOCKET: {
        int index = model.resolve(p.socket());
        if (index < 0) {
          return 0;
        }
        Slot owner = slots.get(index);
        int port = portOf(owner);
        return port == 0 || holds(owner, user.family, user.type, address, port) ? port : null;
      }
      case NEGATIVE: return -1;
      case TOO_LARGE: return 65536;
      default: return 0;
    }
  }

  private int portOfHandle(int h) {
    int index = model.resolve(h);
    return index < 0 ? 0 : portOf(slots.get(index));
  }


  /** The socket's local port; 0 when it has none or is closed (its port is then anyone's). */
  private int portOf(Slot slot) {
    if (model.closed(slot.index)) {
      return 0;
    }
    try {
      return slot.socket.getsockname().port();
    } catch (RuntimeException e) {
      return 0;
    }
  }

  /**
   * Whether {@code owner}, open, holds {@code port} on {@code address} (or on the wildcard), in
   * the address's family and for the protocol of {@code type} (TCP and UDP ports are separate),
   * so that nothing outside the program can answer there. Only the socket the port was taken
   * from counts: that another of the program's sockets has the same number is chance.
   *
   * <p>A TCP socket counts only while it listens: one whose connect failed, or a listener shut
   * down, gives its port back to the kernel yet still reports it in getsockname.
   */
  private boolean holds(Slot owner, int family, int type, String address, int port) {
    if (family == AF_UNIX) {
      return true;
    }
    String target = Host.canonical(address);
    int targetFamily = family;
    if (address.equals("localhost")) {
      target = family == AF_INET6 ? "::1" : "127.0.0.1";
    } else if (target.startsWith("::ffff:")) {
      target = address.substring("::ffff:".length());
      targetFamily = AF_INET;
    }
    boolean wildcardTarget = target.equals("0.0.0.0") || target.equals("::");
    if (owner.family != targetFamily || owner.type != type || model.closed(owner.index)) {
      return false;
    }
    if (type == SOCK_STREAM && !model.listening(owner.index)) {
      return false;
    }
    SockAddr local;
    try {
      local = owner.socket.getsockname();
    } catch (RuntimeException e) {
      return false;
    }
    boolean wildcard = local.address().equals("0.0.0.0") || local.address().equals("::");
    return local.port() == port && (wildcard || wildcardTarget || local.address().equals(target));
  }

  private void countConnect(int port) {
    if (port != 0) {
      connectsToPort.merge(port, 1, Integer::sum);
    }
  }

  /** Whether a blocking connect to {@code port} could wait on a full accept queue. */
  private boolean mayBlockConnecting(int port) {
    if (port == 0) {
      return false;
    }
    for (int i = 0; i < slots.size(); i++) {
      Slot l = slots.get(i);
      if (model.closed(i) || l.backlog == null || l.family == AF_UNIX) {
        continue;
      }
      if (portOf(l) != port) {
        continue;
      }
      int backlog = l.backlog < 0 || l.backlog > SOMAXCONN ? SOMAXCONN : l.backlog;
      int queued = connectsToPort.getOrDefault(port, 0) - acceptsOnPort.getOrDefault(port, 0);
      if (queued >= backlog) {
        return true;
      }
    }
    return false;
  }

  /** Lets the harness make waiting calls on a new socket, in the mode it was made with. */
  private void mayWait(int index, boolean blocking) {
    slots.get(index).mayWait = true;
    slots.get(index).blocking = blocking;
  }

  /** Marks a new socket as made without a connection: create, createPair, createListen, addrinfoBind. */
  private void unconnected(int index) {
    slots.get(index).mayHaveConnected = false;
  }

  private Outcome adopt(Socket s, int family, int type) {
    return Outcome.sockets("socket s" + adoptSlot(s, family, type), List.of(family));
  }

  private int adoptSlot(Socket s, int family, int type) {
    keepNonblocking(s);
    if (type == SOCK_STREAM && (family == AF_INET || family == AF_INET6)) {
      withoutNagle(s);
    }
    Slot slot = new Slot(s, family, type, slots.size());
    slots.add(slot);
    indexOf.put(s, slot.index);
    return slot.index;
  }

  /**
   * Turns Nagle's algorithm off, silently: with it, both backends hold a small write back behind a
   * delayed ACK for 40 ms, and what a non-blocking read finds then depends, on the kernel, on how
   * fast the harness reaches it against that timer (docs/semantics.md, "Nagle's algorithm").
   */
  private static void withoutNagle(Socket s) {
    try {
      s.setOption(SOL_TCP, TCP_NODELAY, 1);
    } catch (RuntimeException e) {
      // a closed socket: calls on it fail at once anyway
    }
  }

  /**
   * Why the harness does not make a send of {@code length} bytes with {@code flags} on this
   * socket (the gates below, named in docs/semantics.md), or null to make it.
   */
  private static String heldBack(Slot slot, int flags, int length) {
    if (unixUrgentByte(slot, flags, length)) {
      return UNIX_OOB;
    }
    if (tcpCorked(slot, flags)) {
      return TCP_HELD;
    }
    return behindTheWindow(slot) ? BEHIND_THE_WINDOW : null;
  }

  private static Outcome sent(Slot slot, int bytes) {
    slot.sent += bytes;
    return Outcome.ok(String.valueOf(bytes));
  }

  private static final String BEHIND_THE_WINDOW =
      "a TCP send after 64 KiB on the connection (open: what has reached the peer depends on Linux's receive window)";

  /**
   * A TCP send from a socket that has already sent more than 64 KiB: how much of that has reached
   * the receiver, and so whether this send's bytes (an urgent byte among them) meet a peer that
   * has shut down or reset, depends on the receive window, which the sim opens wider than Linux
   * does (docs/semantics.md).
   */
  private static boolean behindTheWindow(Slot slot) {
    return slot.type == SOCK_STREAM && slot.family != AF_UNIX && slot.sent > 65536;
  }

  private static final String UNIX_OOB = "an urgent byte on an AF_UNIX stream (the sim does not model it)";
  private static final String TCP_HELD = "TCP holds small segments back (Nagle, corking): not in the sim";

  /**
   * A send with MSG_MORE on an IP socket: Linux corks it (TCP for up to 200 ms; UDP until a send
   * without it); the sim sends TCP at once, and its UDP cork is not yet checked against the kernel
   * where a corked datagram meets a connect.
   */
  private static boolean tcpCorked(Slot slot, int flags) {
    return (slot.family == AF_INET || slot.family == AF_INET6) && ((flags & MSG_MORE) != 0 || slot.udpCorked);
  }

  private static final String AFTER_MAPPED_CONNECT = "a connect after a failed one to a v4-mapped address "
      + "(open: Linux keeps the socket's IPv4 operations, and its next IPv6 SYN goes nowhere)";

  private static final String DEFER_ACCEPT =
      "a listener with TCP_DEFER_ACCEPT (the sim does not hold connections back until data arrives)";

  /**
   * Whether a send would make an urgent byte on an AF_UNIX stream: Linux keeps the last byte of a
   * MSG_OOB send apart (recv MSG_OOB, select's except set); the sim sends it inline. Open in
   * docs/semantics.md; such sends are skipped on both backends.
   */
  private static boolean unixUrgentByte(Slot slot, int flags, int length) {
    return slot.family == AF_UNIX && slot.type == SOCK_STREAM && (flags & MSG_OOB) != 0 && length > 0;
  }

  /** Puts a socket in non-blocking mode, silently: the harness's own call, not the program's. */
  private static void keepNonblocking(Socket s) {
    try {
      s.setNonblock();
    } catch (RuntimeException e) {
      // a closed or foreign socket: calls on it fail at once anyway
    }
  }

  private static int baseType(int domain, int type) {
    int base = type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
    return domain == AF_UNIX && base == SOCK_RAW ? SOCK_DGRAM : base;
  }

  @Override
  public void close() {
    target.close();
  }
}
