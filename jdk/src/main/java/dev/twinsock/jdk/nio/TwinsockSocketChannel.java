package dev.twinsock.jdk.nio;

import static dev.twinsock.SocketConstants.*;

import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import dev.twinsock.Sockets;
import dev.twinsock.jdk.internal.Addresses;
import dev.twinsock.jdk.internal.SignalledWait;
import dev.twinsock.jdk.internal.SignalledWait.Ready;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ConnectionPendingException;
import java.nio.channels.NoConnectionPendingException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.Set;

/**
 * A TCP {@link SocketChannel} over one backend socket. The socket itself is always non-blocking;
 * a channel in blocking mode waits with {@code Sockets.select} (on the sim: on the virtual clock),
 * and closing the channel from another thread ends that wait with {@link
 * java.nio.channels.AsynchronousCloseException}, as the JDK's channel does.
 */
final class TwinsockSocketChannel extends SocketChannel implements SelectableSocket, StreamTransfer.Channel {
  private enum State { UNCONNECTED, PENDING, CONNECTED, CLOSED }

  private final Sockets sockets;
  private final int family;
  private final Socket socket;
  private final SignalledWait wait;
  private final StreamTransfer transfer;
  private final Object stateLock = new Object();
  private State state = State.UNCONNECTED;
  private boolean bound;
  private boolean inputShut;
  private boolean outputShut;
  private InetSocketAddress remote;
  private SocketAdaptor adaptor;

  /** A new, unconnected channel of {@code family} (AF_INET or AF_INET6). */
  TwinsockSocketChannel(TwinsockSelectorProvider provider, int family) throws IOException {
    super(provider);
    this.sockets = provider.sockets();
    this.family = family;
    try {
      this.socket = sockets.create(family, SOCK_STREAM, SOL_TCP);
    } catch (SocketError e) {
      throw ChannelErrors.of(e, ChannelErrors.Phase.OTHER);
    }
    nonblocking(socket);
    this.wait = new SignalledWait(sockets, ChannelErrors.WAIT_FAILURES);
    this.transfer = new StreamTransfer(this, socket, wait);
  }

  /** A channel over a connection a server channel accepted. */
  TwinsockSocketChannel(TwinsockSelectorProvider provider, int family, Socket accepted) throws IOException {
    super(provider);
    this.sockets = provider.sockets();
    this.family = family;
    this.socket = accepted;
    nonblocking(socket);
    this.wait = new SignalledWait(sockets, ChannelErrors.WAIT_FAILURES);
    this.transfer = new StreamTransfer(this, socket, wait);
    this.state = State.CONNECTED;
    this.bound = true;
    try {
      this.remote = Addresses.of(accepted.getpeername());
    } catch (SocketError e) {
      // reset before we asked: the JDK still hands out the channel; reads then report the error
      this.remote = null;
    }
  }

  static void nonblocking(Socket socket) throws IOException {
    try {
      socket.setNonblock();
    } catch (SocketError e) {
      socket.close();
      throw ChannelErrors.of(e, ChannelErrors.Phase.OTHER);
    }
  }

  int family() {
    return family;
  }

  Sockets sockets() {
    return sockets;
  }

  private void ensureOpen() throws ClosedChannelException {
    if (!isOpen()) {
      throw new ClosedChannelException();
    }
  }

  private void ensureConnected() throws ClosedChannelException {
    synchronized (stateLock) {
      ensureOpen();
      if (state != State.CONNECTED) {
        throw new NotYetConnectedException();
      }
    }
  }

  // ---------------------------------------------------------------- connecting

  @Override
  public SocketChannel bind(SocketAddress local) throws IOException {
    synchronized (stateLock) {
      ensureOpen();
      if (state == State.PENDING) {
        throw new ConnectionPendingException();
      }
      if (state == State.CONNECTED) {
        throw new AlreadyConnectedException();
      }
      if (bound) {
        throw new AlreadyBoundException();
      }
      InetSocketAddress at = local == null ? Addresses.anyOf(family, 0) : AddressChecks.check(local, family);
      try {
        socket.bind(Addresses.numeric(at.getAddress(), family), at.getPort());
      } catch (SocketError e) {
        throw ChannelErrors.of(e, ChannelErrors.Phase.BIND);
      }
      bound = true;
    }
    return this;
  }

  @Override
  public boolean connect(SocketAddress remoteAddress) throws IOException {
    if (beginConnect(remoteAddress)) {
      return true;
    }
    if (!isBlocking()) {
      return false;
    }
    return finishConnect();
  }

  /** Starts a connection; true if it is up at once (the backend socket never blocks). */
  boolean beginConnect(SocketAddress remoteAddress) throws IOException {
    InetSocketAddress target;
    synchronized (stateLock) {
      ensureOpen();
      if (state == State.CONNECTED) {
        throw new AlreadyConnectedException();
      }
      if (state == State.PENDING) {
        throw new ConnectionPendingException();
      }
      target = AddressChecks.check(remoteAddress, family);
      if (target.getAddress().isAnyLocalAddress()) {
        // the JDK connects to the loopback address instead of the wildcard
        target = new InetSocketAddress(InetAddress.getLoopbackAddress(), target.getPort());
      }
      try {
        socket.connect(Addresses.numeric(target.getAddress(), family), target.getPort());
        remote = target;
        state = State.CONNECTED;
        bound = true;
        return true;
      } catch (SocketError e) {
        if (e.code() != SOCKET_EINPROGRESS) {
          IOException mapped = ChannelErrors.of(e, ChannelErrors.Phase.CONNECT);
          close();
          throw mapped;
        }
        remote = target;
        state = State.PENDING;
        bound = true;
        return false;
      }
    }
  }

  @Override
  public boolean finishConnect() throws IOException {
    return awaitConnect(0);
  }

  /**
   * Completes a pending connection; in blocking mode waits at most {@code timeoutMillis} (0: no
   * limit) and returns false if that passed.
   */
  boolean awaitConnect(long timeoutMillis) throws IOException {
    synchronized (stateLock) {
      ensureOpen();
      if (state == State.CONNECTED) {
        return true;
      }
      if (state != State.PENDING) {
        throw new NoConnectionPendingException();
      }
    }
    boolean blocking = isBlocking();
    boolean completed = false;
    try {
      if (blocking) {
        begin();
      }
      SignalledWait.Deadline deadline = wait.deadline(timeoutMillis);
      while (true) {
        boolean up;
        try {
          up = checkConnected();
        } catch (IOException failed) {
          completed = true; // the failure itself, not the close it caused
          throw failed;
        }
        if (up) {
          completed = true;
          return true;
        }
        if (!blocking) {
          completed = true;
          return false;
        }
        if (!wait.await(socket, Ready.WRITE, deadline)) {
          completed = true;
          return false;
        }
      }
    } finally {
      if (blocking) {
        end(completed);
      }
    }
  }

  /** Whether the pending connection is up; throws (and closes, as the JDK does) if it failed. */
  private boolean checkConnected() throws IOException {
    synchronized (stateLock) {
      ensureOpen();
      try {
        int error = (Integer) socket.getOption(SOL_SOCKET, SO_ERROR);
        if (error != 0) {
          IOException mapped = ChannelErrors.of(new SocketError("socket_connect", error), ChannelErrors.Phase.CONNECT);
          close();
          throw mapped;
        }
        socket.getpeername();
        state = State.CONNECTED;
        return true;
      } catch (SocketError e) {
        if (e.code() == SOCKET_ENOTCONN) {
          return false;
        }
        IOException mapped = ChannelErrors.of(e, ChannelErrors.Phase.CONNECT);
        close();
        throw mapped;
      }
    }
  }

  @Override
  public boolean isConnected() {
    synchronized (stateLock) {
      return state == State.CONNECTED;
    }
  }

  @Override
  public boolean isConnectionPending() {
    synchronized (stateLock) {
      return state == State.PENDING;
    }
  }

  @Override
  public SocketAddress getRemoteAddress() throws IOException {
    synchronized (stateLock) {
      ensureOpen();
      return state == State.CONNECTED || state == State.PENDING ? remote : null;
    }
  }

  @Override
  public SocketAddress getLocalAddress() throws IOException {
    synchronized (stateLock) {
      ensureOpen();
      return localAddress();
    }
  }

  /** The bound address, or null if unbound; no check for closed. */
  InetSocketAddress localAddress() {
    synchronized (stateLock) {
      if (!bound || state == State.CLOSED) {
        return null;
      }
      try {
        return Addresses.of(socket.getsockname());
      } catch (SocketError e) {
        return null;
      }
    }
  }

  InetSocketAddress remoteAddress() {
    synchronized (stateLock) {
      return state == State.CONNECTED ? remote : null;
    }
  }

  boolean isBound() {
    synchronized (stateLock) {
      return bound;
    }
  }

  // ---------------------------------------------------------------- shutting down

  @Override
  public SocketChannel shutdownInput() throws IOException {
    ensureConnected();
    synchronized (stateLock) {
      if (!inputShut) {
        shut(SHUT_RD);
        inputShut = true;
      }
    }
    return this;
  }

  @Override
  public SocketChannel shutdownOutput() throws IOException {
    ensureConnected();
    synchronized (stateLock) {
      if (!outputShut) {
        shut(SHUT_WR);
        outputShut = true;
      }
    }
    return this;
  }

  private void shut(int how) throws IOException {
    try {
      socket.shutdown(how);
    } catch (SocketError e) {
      // a peer that already reset the connection leaves nothing to shut: the JDK ignores ENOTCONN
      if (e.code() != SOCKET_ENOTCONN) {
        throw ChannelErrors.of(e, ChannelErrors.Phase.OTHER);
      }
    }
  }

  boolean isInputShutdown() {
    synchronized (stateLock) {
      return inputShut;
    }
  }

  boolean isOutputShutdown() {
    synchronized (stateLock) {
      return outputShut;
    }
  }

  // ---------------------------------------------------------------- reading and writing

  @Override
  public int read(ByteBuffer dst) throws IOException {
    Objects.requireNonNull(dst);
    return (int) read(new ByteBuffer[] {dst}, 0, 1);
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    ByteBuffers.checkRange(dsts, offset, length);
    ByteBuffers.checkWritable(dsts, offset, length);
    return read(dsts, offset, length, 0);
  }

  /** A (scattering) read; in blocking mode waits at most {@code timeoutMillis} (0: no limit). */
  long read(ByteBuffer[] dsts, int offset, int length, long timeoutMillis) throws IOException {
    ensureConnected();
    if (isInputShutdown()) {
      return -1;
    }
    return transfer.read(dsts, offset, length, timeoutMillis);
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    Objects.requireNonNull(src);
    return (int) write(new ByteBuffer[] {src}, 0, 1);
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    ByteBuffers.checkRange(srcs, offset, length);
    ensureConnected();
    if (isOutputShutdown()) {
      throw new ClosedChannelException();
    }
    return transfer.write(srcs, offset, length);
  }

  @Override
  public void beginBlocking() {
    begin();
  }

  @Override
  public void endBlocking(boolean completed) throws AsynchronousCloseException {
    end(completed);
  }

  /** How many bytes a read would take now without waiting, as FIONREAD (at most 64 KiB). */
  int available() throws IOException {
    ensureConnected();
    if (isInputShutdown()) {
      return 0;
    }
    try {
      return socket.recv(65536, MSG_PEEK | MSG_DONTWAIT).length;
    } catch (SocketError e) {
      if (e.code() == SOCKET_EAGAIN) {
        return 0;
      }
      throw ChannelErrors.of(e, ChannelErrors.Phase.READ);
    }
  }

  /** Sends one urgent byte (MSG_OOB), as {@code Socket.sendUrgentData}. */
  void sendUrgent(int data) throws IOException {
    ensureConnected();
    try {
      socket.send(new byte[] {(byte) data}, 1, MSG_OOB | MSG_NOSIGNAL);
    } catch (SocketError e) {
      throw ChannelErrors.of(e, ChannelErrors.Phase.WRITE);
    }
  }

  /** SO_OOBINLINE, which {@code java.net.Socket} has and {@link java.net.StandardSocketOptions} lacks. */
  void oobInline(boolean on) throws IOException {
    ensureOpen();
    try {
      socket.setOption(SOL_SOCKET, SO_OOBINLINE, on ? 1 : 0);
    } catch (SocketError e) {
      throw ChannelErrors.of(e, ChannelErrors.Phase.OTHER);
    }
  }

  boolean oobInline() throws IOException {
    ensureOpen();
    try {
      return ((Integer) socket.getOption(SOL_SOCKET, SO_OOBINLINE)) != 0;
    } catch (SocketError e) {
      throw ChannelErrors.of(e, ChannelErrors.Phase.OTHER);
    }
  }

  // ---------------------------------------------------------------- options and views

  @Override
  public <T> SocketChannel setOption(SocketOption<T> name, T value) throws IOException {
    ensureOpen();
    SocketOptionCodec.set(socket, SocketOptionCodec.STREAM, name, value);
    return this;
  }

  @Override
  public <T> T getOption(SocketOption<T> name) throws IOException {
    ensureOpen();
    return SocketOptionCodec.get(socket, SocketOptionCodec.STREAM, name);
  }

  @Override
  public Set<SocketOption<?>> supportedOptions() {
    return SocketOptionCodec.STREAM;
  }

  @Override
  public java.net.Socket socket() {
    synchronized (stateLock) {
      if (adaptor == null) {
        adaptor = SocketAdaptor.of(this);
      }
      return adaptor;
    }
  }

  // ---------------------------------------------------------------- selection

  @Override
  public Socket selectable() {
    return isOpen() ? socket : null;
  }

  @Override
  public int readyOps(boolean readable, boolean writable, int interestOps) {
    int ops = 0;
    synchronized (stateLock) {
      if (readable && (interestOps & SelectionKey.OP_READ) != 0 && state == State.CONNECTED) {
        ops |= SelectionKey.OP_READ;
      }
      if (writable && (interestOps & SelectionKey.OP_CONNECT) != 0 && state == State.PENDING) {
        ops |= SelectionKey.OP_CONNECT;
      }
      if (writable && (interestOps & SelectionKey.OP_WRITE) != 0 && state == State.CONNECTED) {
        ops |= SelectionKey.OP_WRITE;
      }
    }
    return ops;
  }

  @Override
  protected void implCloseSelectableChannel() {
    synchronized (stateLock) {
      state = State.CLOSED;
    }
    wait.close();
    socket.close();
  }

  @Override
  protected void implConfigureBlocking(boolean block) {
    // the backend socket stays non-blocking; blocking mode is the channel's own wait
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(getClass().getSuperclass().getName()).append('[');
    if (!isOpen()) {
      text.append("closed");
    } else {
      synchronized (stateLock) {
        text.append(state == State.CONNECTED ? "connected" : state == State.PENDING ? "connection-pending" : "unconnected");
        InetSocketAddress local = localAddress();
        if (local != null) {
          text.append(" local=").append(local);
        }
        if (remote != null && state != State.UNCONNECTED) {
          text.append(" remote=").append(remote);
        }
      }
    }
    return text.append(']').toString();
  }

}
