package dev.twinsock.jdk.nio;

import static dev.twinsock.SocketConstants.*;

import dev.twinsock.Datagram;
import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import dev.twinsock.Sockets;
import dev.twinsock.jdk.internal.Addresses;
import dev.twinsock.jdk.internal.SignalledWait;
import dev.twinsock.jdk.internal.SignalledWait.Ready;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.SelectionKey;
import java.util.Objects;
import java.util.Set;

/**
 * A UDP {@link DatagramChannel} over one backend socket, always non-blocking underneath.
 *
 * <p>{@link #disconnect()} opens a fresh socket on the same local address, since the backend API
 * has no connect to AF_UNSPEC: datagrams that had arrived and were not yet received are dropped.
 * Multicast membership ({@link #join}) is not provided.
 */
final class TwinsockDatagramChannel extends DatagramChannel implements SelectableSocket {
  private final Sockets sockets;
  private final int family;
  private final SignalledWait wait;
  private final Object stateLock = new Object();
  private volatile Socket socket;
  private InetSocketAddress boundTo;
  private InetSocketAddress remote;
  private DatagramSocketAdaptor adaptor;

  TwinsockDatagramChannel(TwinsockSelectorProvider provider, int family) throws IOException {
    super(provider);
    this.sockets = provider.sockets();
    this.family = family;
    this.socket = newSocket();
    this.wait = new SignalledWait(sockets, ChannelErrors.WAIT_FAILURES);
  }

  private Socket newSocket() throws IOException {
    Socket fresh;
    try {
      fresh = sockets.create(family, SOCK_DGRAM, SOL_UDP);
    } catch (SocketError e) {
      throw ChannelErrors.of(e, ChannelErrors.Phase.OTHER);
    }
    TwinsockSocketChannel.nonblocking(fresh);
    return fresh;
  }

  int family() {
    return family;
  }

  private void ensureOpen() throws ClosedChannelException {
    if (!isOpen()) {
      throw new ClosedChannelException();
    }
  }

  @Override
  public DatagramChannel bind(SocketAddress local) throws IOException {
    synchronized (stateLock) {
      ensureOpen();
      if (boundTo != null) {
        throw new AlreadyBoundException();
      }
      InetSocketAddress at = local == null ? Addresses.anyOf(family, 0) : AddressChecks.check(local, family);
      try {
        socket.bind(Addresses.numeric(at.getAddress(), family), at.getPort());
        boundTo = Addresses.of(socket.getsockname());
      } catch (SocketError e) {
        throw ChannelErrors.of(e, ChannelErrors.Phase.BIND);
      }
    }
    return this;
  }

  /** Binds to the wildcard address if nothing bound the channel yet, as a send or receive does. */
  private void autobind() throws IOException {
    synchronized (stateLock) {
      if (boundTo == null) {
        bind(null);
      }
    }
  }

  @Override
  public boolean isConnected() {
    synchronized (stateLock) {
      return remote != null;
    }
  }

  @Override
  public DatagramChannel connect(SocketAddress remoteAddress) throws IOException {
    synchronized (stateLock) {
      ensureOpen();
      if (remote != null) {
        throw new java.nio.channels.AlreadyConnectedException();
      }
      InetSocketAddress target = AddressChecks.check(remoteAddress, family);
      autobind();
      try {
        socket.connect(Addresses.numeric(target.getAddress(), family), target.getPort());
      } catch (SocketError e) {
        throw ChannelErrors.of(e, ChannelErrors.Phase.CONNECT);
      }
      remote = target;
    }
    return this;
  }

  @Override
  public DatagramChannel disconnect() throws IOException {
    synchronized (stateLock) {
      if (remote == null || !isOpen()) {
        return this;
      }
      InetSocketAddress local = boundTo;
      Socket old = socket;
      Socket fresh = newSocket();
      old.close();
      try {
        fresh.bind(Addresses.numeric(local.getAddress(), family), local.getPort());
      } catch (SocketError e) {
        fresh.close();
        throw ChannelErrors.of(e, ChannelErrors.Phase.BIND);
      }
      socket = fresh;
      remote = null;
    }
    return this;
  }

  @Override
  public SocketAddress getRemoteAddress() throws IOException {
    synchronized (stateLock) {
      ensureOpen();
      return remote;
    }
  }

  @Override
  public SocketAddress getLocalAddress() throws IOException {
    ensureOpen();
    return localAddress();
  }

  InetSocketAddress localAddress() {
    synchronized (stateLock) {
      if (boundTo == null || !isOpen()) {
        return null;
      }
      try {
        return Addresses.of(socket.getsockname());
      } catch (SocketError e) {
        return boundTo;
      }
    }
  }

  InetSocketAddress remoteAddress() {
    synchronized (stateLock) {
      return remote;
    }
  }

  // ---------------------------------------------------------------- datagrams

  @Override
  public SocketAddress receive(ByteBuffer dst) throws IOException {
    return receive(dst, 0);
  }

  /** Receives one datagram; in blocking mode waits at most {@code timeoutMillis} (0: no limit). */
  SocketAddress receive(ByteBuffer dst, long timeoutMillis) throws IOException {
    Objects.requireNonNull(dst);
    if (dst.isReadOnly()) {
      throw new IllegalArgumentException("Read-only buffer");
    }
    ensureOpen();
    autobind();
    boolean blocking = isBlocking();
    boolean completed = false;
    try {
      if (blocking) {
        begin();
      }
      SignalledWait.Deadline deadline = wait.deadline(timeoutMillis);
      while (true) {
        ensureOpen();
        Socket current = socket;
        try {
          // a datagram longer than the buffer is cut to it, its rest discarded, as the JDK does
          Datagram got = current.recvfrom(Math.max(1, dst.remaining()), 0);
          completed = true;
          dst.put(got.data(), 0, Math.min(got.data().length, dst.remaining()));
          return Addresses.of(got.from());
        } catch (SocketError e) {
          if (e.code() != SOCKET_EAGAIN) {
            if (!isOpen()) {
              return null;
            }
            throw ChannelErrors.of(e, ChannelErrors.Phase.READ);
          }
        }
        if (!blocking) {
          completed = true;
          return null;
        }
        if (!wait.await(current, Ready.READ, deadline)) {
          completed = true;
          throw new SocketTimeoutException("Receive timed out");
        }
      }
    } finally {
      if (blocking) {
        end(completed);
      }
    }
  }

  @Override
  public int send(ByteBuffer src, SocketAddress target) throws IOException {
    Objects.requireNonNull(src);
    InetSocketAddress to = AddressChecks.check(target, family);
    ensureOpen();
    synchronized (stateLock) {
      if (remote != null && !remote.equals(to)) {
        throw new IllegalArgumentException("Connected address not equal to target address");
      }
    }
    autobind();
    byte[] bytes = new byte[src.remaining()];
    src.duplicate().get(bytes);
    boolean blocking = isBlocking();
    boolean completed = false;
    try {
      if (blocking) {
        begin();
      }
      while (true) {
        ensureOpen();
        Socket current = socket;
        try {
          int n = isConnected() ? current.send(bytes, bytes.length, 0)
              : current.sendto(bytes, bytes.length, 0, Addresses.numeric(to.getAddress(), family), to.getPort());
          src.position(src.position() + n);
          completed = true;
          return n;
        } catch (SocketError e) {
          if (e.code() != SOCKET_EAGAIN) {
            if (!isOpen()) {
              return 0;
            }
            throw ChannelErrors.of(e, ChannelErrors.Phase.WRITE);
          }
        }
        if (!blocking) {
          completed = true;
          return 0;
        }
        wait.await(current, Ready.WRITE, wait.deadline(0));
      }
    } finally {
      if (blocking) {
        end(completed);
      }
    }
  }

  private InetSocketAddress ensureConnected() throws ClosedChannelException {
    synchronized (stateLock) {
      ensureOpen();
      if (remote == null) {
        throw new NotYetConnectedException();
      }
      return remote;
    }
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    Objects.requireNonNull(dst);
    return (int) read(new ByteBuffer[] {dst}, 0, 1);
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    ByteBuffers.checkRange(dsts, offset, length);
    ByteBuffers.checkWritable(dsts, offset, length);
    ensureConnected();
    int size = (int) Math.min(ByteBuffers.remaining(dsts, offset, length), ByteBuffers.MAX_TRANSFER);
    ByteBuffer whole = ByteBuffer.allocate(size);
    if (receive(whole) == null) {
      return 0;
    }
    whole.flip();
    byte[] bytes = new byte[whole.remaining()];
    whole.get(bytes);
    ByteBuffers.scatter(bytes, dsts, offset, length);
    return bytes.length;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    Objects.requireNonNull(src);
    return send(src, ensureConnected());
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    ByteBuffers.checkRange(srcs, offset, length);
    InetSocketAddress to = ensureConnected();
    // one datagram of all the buffers' bytes
    byte[] bytes = ByteBuffers.gather(srcs, offset, length);
    int n = send(ByteBuffer.wrap(bytes), to);
    ByteBuffers.consume(srcs, offset, length, n);
    return n;
  }

  // ---------------------------------------------------------------- options and views

  @Override
  public <T> DatagramChannel setOption(SocketOption<T> name, T value) throws IOException {
    ensureOpen();
    SocketOptionCodec.set(socket, SocketOptionCodec.DATAGRAM, name, value);
    return this;
  }

  @Override
  public <T> T getOption(SocketOption<T> name) throws IOException {
    ensureOpen();
    return SocketOptionCodec.get(socket, SocketOptionCodec.DATAGRAM, name);
  }

  @Override
  public Set<SocketOption<?>> supportedOptions() {
    return SocketOptionCodec.DATAGRAM;
  }

  @Override
  public DatagramSocket socket() {
    synchronized (stateLock) {
      if (adaptor == null) {
        adaptor = new DatagramSocketAdaptor(this);
      }
      return adaptor;
    }
  }

  /** Multicast groups are not provided by this adaptor. */
  @Override
  public MembershipKey join(InetAddress group, NetworkInterface interf) {
    throw new UnsupportedOperationException("multicast membership is not supported by twinsock channels");
  }

  /** Multicast groups are not provided by this adaptor. */
  @Override
  public MembershipKey join(InetAddress group, NetworkInterface interf, InetAddress source) {
    throw new UnsupportedOperationException("multicast membership is not supported by twinsock channels");
  }

  // ---------------------------------------------------------------- selection

  @Override
  public Socket selectable() {
    return isOpen() ? socket : null;
  }

  @Override
  public int readyOps(boolean readable, boolean writable, int interestOps) {
    int ops = 0;
    if (readable && (interestOps & SelectionKey.OP_READ) != 0) {
      ops |= SelectionKey.OP_READ;
    }
    if (writable && (interestOps & SelectionKey.OP_WRITE) != 0) {
      ops |= SelectionKey.OP_WRITE;
    }
    return ops;
  }

  @Override
  protected void implCloseSelectableChannel() {
    wait.close();
    socket.close();
  }

  @Override
  protected void implConfigureBlocking(boolean block) {
    // the backend socket stays non-blocking; blocking mode is the channel's own wait
  }
}
