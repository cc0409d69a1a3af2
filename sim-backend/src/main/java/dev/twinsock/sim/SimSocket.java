package dev.twinsock.sim;

import static dev.twinsock.SocketConstants.*;

import dev.twinsock.ControlMessage;
import dev.twinsock.Datagram;
import dev.twinsock.Message;
import dev.twinsock.SockAddr;
import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import dev.twinsock.SocketStream;
import dev.twinsock.spi.SeedRules;
import java.util.List;
import java.util.function.Supplier;

/**
 * A descriptor of a simulated host: the seed's per-socket functions over a {@link KernelSocket}.
 * It applies the seed's argument checks, turns kernel errnos into {@link SocketError} and keeps
 * the last error. Several descriptors may share one kernel socket (SCM_RIGHTS, stream import).
 */
final class SimSocket implements Socket {
  private final SimHost host;
  private final KernelSocket kernel;
  final int fd;
  /** Where the socket was made, for {@link SimNetwork#checkNoOpenSockets()}. */
  final Throwable createdAt;
  private boolean closed;
  private int lastError;
  /** Calls that are in this descriptor now (waiting ones, as only one runs at a time), selects too. */
  private int callsIn;
  private SimSocketStream stream;

  SimSocket(SimHost host, KernelSocket kernel, int fd, Throwable createdAt) {
    this.host = host;
    this.kernel = kernel;
    this.fd = fd;
    this.createdAt = createdAt;
  }

  KernelSocket kernel() {
    return kernel;
  }

  boolean closed() {
    return closed;
  }

  /** The process died: the descriptor is gone, and the kernel socket with it (no FIN, no RST). */
  void vanish() {
    closed = true;
  }

  SimHost host() {
    return host;
  }

  /**
   * The first check of every call: one made after close throws (see {@link SeedRules#closed}). A
   * close that comes while the call waits still ends it with EBADF, as the kernel does.
   */
  private void checkOpen(String function) {
    if (closed) {
      throw SeedRules.closed(function);
    }
  }

  /** Runs a kernel call; an errno becomes the seed's error and the last error of socket and host. */
  private <T> T call(String function, Supplier<T> body) {
    if (closed) {
      throw fail(function, SOCKET_EBADF);
    }
    Scheduler scheduler = kernel.stack.scheduler();
    Scheduler.Caller caller = scheduler.enterCall();
    Waiter waiter = caller.task != null ? caller.task : scheduler.driver;
    SimSocket outer = waiter.callingThrough;
    waiter.callingThrough = this;
    callsIn++;
    try {
      T result = body.get();
      scheduler.progress(caller);
      return result;
    } catch (KernelError e) {
      if (e.errno == SOCKET_EAGAIN) {
        scheduler.fruitless(caller, function); // a poller that never blocks must still let time move
      }
      throw fail(function, e.errno, e.detail);
    } finally {
      callsIn--;
      waiter.callingThrough = outer;
      scheduler.exitCall(caller);
    }
  }

  /** A select waits on this descriptor: its close must wake the select. Paired with {@link #selectLeft}. */
  void selectEntered() {
    callsIn++;
  }

  void selectLeft() {
    callsIn--;
  }

  private void run(String function, Runnable body) {
    call(function, () -> {
      body.run();
      return null;
    });
  }

  SocketError fail(String function, int errno) {
    return fail(function, errno, null);
  }

  private SocketError fail(String function, int errno, String detail) {
    // the seed reports a failed accept or recvmsg on the process only, not on the socket
    if (!function.equals("socket_accept") && !function.equals("socket_recvmsg")) {
      lastError = errno;
    }
    host.recordError(errno);
    return new SocketError(function, errno, detail);
  }

  @Override
  public Socket accept() {
    checkOpen("socket_accept");
    return call("socket_accept", () -> host.adopt(kernel.accept(), new Throwable("socket accepted here")));
  }

  @Override
  public void bind(String address, int port) {
    checkOpen("socket_bind");
    SeedRules.notNull("socket_bind", 2, "address", "string", address);
    SeedRules.port("socket_bind", 3, port);
    run("socket_bind", () -> {
      // the seed looks at the descriptor before it encodes the address
      if (kernel.family == AF_UNIX) {
        SeedRules.unixPath("socket_bind", 2, address);
      } else {
        SeedRules.inetAddress("socket_bind", 2, address);
      }
      kernel.bind(address, port);
    });
  }

  @Override
  public void connect(String address) {
    checkOpen("socket_connect");
    if (kernel.family != AF_UNIX) {
      throw SeedRules.missingPort("socket_connect", 3, kernel.family);
    }
    connect(address, 0);
  }

  @Override
  public void connect(String address, int port) {
    checkOpen("socket_connect");
    SeedRules.notNull("socket_connect", 2, "address", "string", address);
    SeedRules.port("socket_connect", 3, port);
    if (kernel.family == AF_UNIX) {
      SeedRules.unixPath("socket_connect", 2, address);
    }
    run("socket_connect", () -> {
      if (kernel.family != AF_UNIX) {
        SeedRules.inetAddress("socket_connect", 2, address);
      } else if (address.isEmpty()) {
        throw new KernelError(SOCKET_EINVAL); // unix_validate_addr: a name of the family alone
      }
      kernel.connect(address, port);
    });
  }

  @Override
  public void listen(int backlog) {
    checkOpen("socket_listen");
    run("socket_listen", () -> kernel.listen(backlog));
  }

  @Override
  public byte[] read(int length, int mode) {
    checkOpen("socket_read");
    SeedRules.readLength(length);
    SeedRules.readMode(mode);
    if (mode == PHP_BINARY_READ) {
      return call("socket_read", () -> withoutControl(kernel.receive(length, 0)));
    }
    // PHP_NORMAL_READ reads a byte at a time and stops after the first \n or \r
    return call("socket_read", () -> {
      java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
      while (line.size() < length) {
        byte[] one;
        try {
          one = withoutControl(kernel.receive(1, line.size() == 0 ? 0 : MSG_DONTWAIT));
        } catch (KernelError e) {
          if (line.size() > 0 && e.errno == SOCKET_EAGAIN && kernel.nonblocking) {
            // the read returns bytes: it succeeded, and records no error (the os backend agrees)
            break;
          }
          if (line.size() > 0 && e.errno == SOCKET_EAGAIN) {
            try {
              one = withoutControl(kernel.receive(1, 0));
            } catch (KernelError timedOut) {
              if (timedOut.errno != SOCKET_EAGAIN) {
                throw timedOut;
              }
              break; // SO_RCVTIMEO ran out: the line ends with the bytes it has, as above
            }
          } else {
            throw e;
          }
        }
        if (one.length == 0) {
          break;
        }
        line.write(one[0]);
        if (one[0] == '\n' || one[0] == '\r') {
          break;
        }
      }
      return line.toByteArray();
    });
  }

  @Override
  public int write(byte[] data, int length) {
    checkOpen("socket_write");
    SeedRules.notNull("socket_write", 2, "data", "string", data);
    SeedRules.nonNegative("socket_write", 3, "length", length);
    int n = Math.min(length, data.length);
    return call("socket_write", () -> kernel.send(data, 0, n, 0, null, List.of()));
  }

  @Override
  public byte[] recv(int length, int flags) {
    checkOpen("socket_recv");
    SeedRules.receiveLength("socket_recv", length);
    return call("socket_recv", () -> withoutControl(receive(length, flags)));
  }

  /** MSG_CMSG_COMPAT: the 64-bit recvmsg(2) and sendmsg(2) refuse it before they look at the socket. */
  private static final int MSG_CMSG_COMPAT = 0x80000000;

  /**
   * A receive through the seed's recv, recvfrom or recvmsg. MSG_ERRQUEUE on an IP socket reads its
   * error queue (ICMP errors, timestamps) instead, first thing, and never waits: the model queues
   * nothing there, so it is empty. AF_UNIX ignores the flag.
   */
  private Received receive(int length, int flags) {
    if ((flags & MSG_ERRQUEUE) != 0 && kernel.family != AF_UNIX) {
      throw new KernelError(SOCKET_EAGAIN);
    }
    return kernel.receive(length, flags);
  }

  @Override
  public int send(byte[] data, int length, int flags) {
    checkOpen("socket_send");
    SeedRules.notNull("socket_send", 2, "data", "string", data);
    SeedRules.nonNegative("socket_send", 3, "length", length);
    int n = Math.min(length, data.length);
    return call("socket_send", () -> kernel.send(data, 0, n, flags, null, List.of()));
  }

  @Override
  public Datagram recvfrom(int length, int flags) {
    checkOpen("socket_recvfrom");
    SeedRules.receiveLength("socket_recvfrom", length);
    return call("socket_recvfrom", () -> {
      Received received = receive(length, flags);
      withoutControl(received);
      SockAddr from = received.from;
      if (from == null) {
        from = kernel.family == AF_UNIX ? new SockAddr("", 0)
            : new SockAddr((kernel.family == AF_INET6 ? IpAddress.ANY6 : IpAddress.ANY4).toString(), 0);
      }
      return new Datagram(received.data, from);
    });
  }

  @Override
  public int sendto(byte[] data, int length, int flags, String address) {
    checkOpen("socket_sendto");
    SeedRules.notNull("socket_sendto", 2, "data", "string", data);
    SeedRules.notNull("socket_sendto", 5, "address", "string", address);
    SeedRules.nonNegative("socket_sendto", 3, "length", length);
    if (kernel.family != AF_UNIX) {
      throw SeedRules.missingPort("socket_sendto", 6, kernel.family);
    }
    return sendto(data, length, flags, address, 0);
  }

  @Override
  public int sendto(byte[] data, int length, int flags, String address, int port) {
    checkOpen("socket_sendto");
    SeedRules.notNull("socket_sendto", 2, "data", "string", data);
    SeedRules.notNull("socket_sendto", 5, "address", "string", address);
    SeedRules.nonNegative("socket_sendto", 3, "length", length);
    SeedRules.port("socket_sendto", 6, port);
    if (kernel.family == AF_UNIX) {
      SeedRules.unixPath("socket_sendto", 5, address);
    }
    int n = Math.min(length, data.length);
    return call("socket_sendto", () -> kernel.send(data, 0, n, flags, destinationOf("socket_sendto", 5, address, port), List.of()));
  }

  private KernelSocket.Destination destinationOf(String function, int position, String address, int port) {
    if (kernel.family != AF_UNIX) {
      SeedRules.inetAddress(function, position, address);
    }
    // a TCP socket ignores the address, as Linux does, once the seed has resolved it
    if (kernel instanceof TcpSocket) {
      kernel.stack.resolve(address, kernel.family, "socket_sendto");
      return null;
    }
    return new KernelSocket.Destination(address, port);
  }

  @Override
  public Message recvmsg(int bufferSize, int controlLength, int flags) {
    checkOpen("socket_recvmsg");
    SeedRules.recvmsgLengths(bufferSize, controlLength);
    return call("socket_recvmsg", () -> {
      if ((flags & MSG_CMSG_COMPAT) != 0) {
        throw new KernelError(SOCKET_EINVAL);
      }
      Received received = receive(bufferSize, flags);
      int messageFlags = received.flags;
      List<ControlMessage> kept = new java.util.ArrayList<>();
      int room = controlLength;
      for (ControlMessage message : received.control) {
        if (message.level() == SOL_SOCKET && message.type() == SCM_RIGHTS) {
          List<?> passed = (List<?>) message.data();
          // Linux hands over as many descriptors as the buffer holds and closes the rest
          int fit = room >= 20 ? Math.min(passed.size(), (room - 16) / 4) : 0;
          if (fit < passed.size()) {
            messageFlags |= MSG_CTRUNC;
            for (Object dropped : passed.subList(fit, passed.size())) {
              ((Socket) dropped).close();
            }
          }
          if (fit > 0) {
            kept.add(new ControlMessage(SOL_SOCKET, SCM_RIGHTS, List.copyOf(passed.subList(0, fit))));
            room -= SeedRules.cmsgSpace(SOL_SOCKET, SCM_RIGHTS, fit);
          }
          continue;
        }
        int space = SeedRules.cmsgSpace(message.level(), message.type(), 1);
        byte[] payload = payloadOf(message.data());
        if (room >= CMSG_HEADER + payload.length) {
          kept.add(message);
          room -= Math.min(room, space);
        } else {
          // put_cmsg truncates to the room left: the header, and what fits of the data
          messageFlags |= MSG_CTRUNC;
          if (room >= CMSG_HEADER) {
            kept.add(new ControlMessage(message.level(), message.type(),
                java.util.Arrays.copyOf(payload, room - CMSG_HEADER)));
          }
          room = 0;
        }
      }
      return new Message(received.from, List.of(received.data), kept, messageFlags);
    });
  }

  /** sizeof(struct cmsghdr) on 64-bit Linux. */
  private static final int CMSG_HEADER = 16;

  /** A control message's data as the kernel lays it out (struct ucred: pid, uid, gid, little-endian). */
  private static byte[] payloadOf(Object data) {
    if (data instanceof dev.twinsock.Credentials) {
      dev.twinsock.Credentials c = (dev.twinsock.Credentials) data;
      return java.nio.ByteBuffer.allocate(12).order(java.nio.ByteOrder.LITTLE_ENDIAN)
          .putInt(c.pid()).putInt(c.uid()).putInt(c.gid()).array();
    }
    return data instanceof byte[] ? (byte[]) data : new byte[0];
  }

  /** The data of a receive that has no room for ancillary data: passed descriptors are closed. */
  private static byte[] withoutControl(Received received) {
    for (ControlMessage message : received.control) {
      if (message.level() == SOL_SOCKET && message.type() == SCM_RIGHTS) {
        for (Object passed : (List<?>) message.data()) {
          ((Socket) passed).close();
        }
      }
    }
    return received.data;
  }

  @Override
  public int sendmsg(Message message, int flags) {
    checkOpen("socket_sendmsg");
    SeedRules.message(message);
    byte[] data = message.data();
    return call("socket_sendmsg", () -> {
      checkPassedSockets(message.control());
      if (message.name() != null && kernel.family == AF_UNIX) {
        SeedRules.unixPath("socket_sendmsg", 2, message.name().address());
      }
      KernelSocket.Destination to = message.name() == null ? null
          // the seed checks no range here: the port is cut to sockaddr's 16 bits (65536 is 0)
          : destinationOf("socket_sendmsg", 2, message.name().address(), message.name().port() & 0xffff);
      if ((flags & MSG_CMSG_COMPAT) != 0) {
        throw new KernelError(SOCKET_EINVAL);
      }
      return kernel.send(data, 0, data.length, flags, to, message.control());
    });
  }

  /**
   * The seed turns SCM_RIGHTS sockets into descriptors before sendmsg(2), whatever the socket's
   * family: a closed one is EBADF.
   */
  private static void checkPassedSockets(List<ControlMessage> control) {
    for (ControlMessage message : control == null ? List.<ControlMessage>of() : control) {
      if (message.level() != SOL_SOCKET || message.type() != SCM_RIGHTS || !(message.data() instanceof List)) {
        continue;
      }
      for (Object item : (List<?>) message.data()) {
        if (!(item instanceof SimSocket)) {
          throw new IllegalArgumentException(
              "socket_sendmsg(): SCM_RIGHTS data must only contain sockets of this backend");
        }
        if (((SimSocket) item).closed()) {
          throw new KernelError(SOCKET_EBADF);
        }
      }
    }
  }

  @Override
  public Object getOption(int level, int option) {
    checkOpen("socket_get_option");
    return call("socket_get_option", () -> kernel.getOption(level, option));
  }

  @Override
  public void setOption(int level, int option, Object value) {
    checkOpen("socket_set_option");
    Object checked = SeedRules.setOptionValue(level, option, value);
    run("socket_set_option", () -> kernel.setOption(level, option, checked));
  }

  @Override
  public SockAddr getpeername() {
    checkOpen("socket_getpeername");
    return call("socket_getpeername", kernel::peerAddress);
  }

  @Override
  public SockAddr getsockname() {
    checkOpen("socket_getsockname");
    return call("socket_getsockname", kernel::localAddress);
  }

  @Override
  public void setBlock() {
    checkOpen("socket_set_block");
    run("socket_set_block", () -> kernel.nonblocking = false);
  }

  @Override
  public void setNonblock() {
    checkOpen("socket_set_nonblock");
    run("socket_set_nonblock", () -> kernel.nonblocking = true);
  }

  @Override
  public void shutdown(int how) {
    checkOpen("socket_shutdown");
    run("socket_shutdown", () -> {
      if (how < SHUT_RD || how > SHUT_RDWR) {
        throw new KernelError(SOCKET_EINVAL);
      }
      kernel.shutdown(how);
    });
  }

  @Override
  public SocketStream exportStream() {
    checkOpen("socket_export_stream");
    // one view per socket, as the os backend and the seed give: the same stream on every call
    return call("socket_export_stream", () -> {
      if (stream == null) {
        stream = new SimSocketStream(this);
      }
      return stream;
    });
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

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    host.forget(this);
    if (callsIn > 0) {
      // calls waiting through this descriptor end with EBADF when they wake (KernelSocket.await);
      // they run after the close, so the peer sees what a close without waiters shows it
      kernel.wake();
    }
    if (--kernel.descriptors == 0) {
      Scheduler scheduler = kernel.stack.scheduler();
      scheduler.enterCall();
      try {
        kernel.release();
      } finally {
        scheduler.exitCall();
      }
    }
  }

  /** A read for the stream view, a recv as the os backend's stream makes it: -1 at EOF. */
  int readForStream(byte[] buffer, int offset, int length) {
    if (length == 0) {
      return 0; // InputStream's contract, before anything else, as the os backend's stream answers
    }
    checkOpen("socket_recv");
    byte[] got = call("socket_recv", () -> withoutControl(kernel.receive(length, 0)));
    if (got.length == 0) {
      return -1;
    }
    System.arraycopy(got, 0, buffer, offset, got.length);
    return got.length;
  }

  /** A write of everything for the stream view, send after send as the os backend's stream does. */
  void writeForStream(byte[] data, int offset, int length) {
    checkOpen("socket_send");
    int done = 0;
    while (done < length) {
      int at = offset + done;
      int remaining = length - done;
      done += call("socket_send", () -> kernel.send(data, at, remaining, 0, null, List.<ControlMessage>of()));
    }
  }

  @Override
  public String toString() {
    return "SimSocket[" + host.name() + " fd " + fd + " " + describe() + "]";
  }

  String describe() {
    String family = kernel.family == AF_UNIX ? "AF_UNIX" : kernel.family == AF_INET6 ? "AF_INET6" : "AF_INET";
    String type = kernel.type == SOCK_STREAM ? "SOCK_STREAM" : kernel.type == SOCK_DGRAM ? "SOCK_DGRAM" : "SOCK_SEQPACKET";
    return family + " " + type;
  }
}
