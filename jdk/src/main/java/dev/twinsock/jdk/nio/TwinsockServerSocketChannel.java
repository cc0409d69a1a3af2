package dev.twinsock.jdk.nio;

import static dev.twinsock.SocketConstants.*;

import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import dev.twinsock.jdk.internal.Addresses;
import dev.twinsock.jdk.internal.SignalledWait;
import dev.twinsock.jdk.internal.SignalledWait.Ready;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NotYetBoundException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;

/**
 * A TCP listening {@link ServerSocketChannel} over one backend socket, always non-blocking
 * underneath; blocking {@link #accept()} waits on {@code Sockets.select} and ends with {@link
 * java.nio.channels.AsynchronousCloseException} when another thread closes the channel.
 */
final class TwinsockServerSocketChannel extends ServerSocketChannel implements SelectableSocket {
  private final TwinsockSelectorProvider provider;
  private final int family;
  private final Socket socket;
  private final SignalledWait wait;
  private final Object stateLock = new Object();
  private boolean bound;
  private ServerSocketAdaptor adaptor;

  TwinsockServerSocketChannel(TwinsockSelectorProvider provider, int family) throws IOException {
    super(provider);
    this.provider = provider;
    this.family = family;
    try {
      this.socket = provider.sockets().create(family, SOCK_STREAM, SOL_TCP);
    } catch (SocketError e) {
      throw ChannelErrors.of(e, ChannelErrors.Phase.OTHER);
    }
    TwinsockSocketChannel.nonblocking(socket);
    this.wait = new SignalledWait(provider.sockets(), ChannelErrors.WAIT_FAILURES);
  }

  private void ensureOpen() throws ClosedChannelException {
    if (!isOpen()) {
      throw new ClosedChannelException();
    }
  }

  @Override
  public ServerSocketChannel bind(SocketAddress local, int backlog) throws IOException {
    synchronized (stateLock) {
      ensureOpen();
      if (bound) {
        throw new AlreadyBoundException();
      }
      InetSocketAddress at = local == null ? Addresses.anyOf(family, 0) : AddressChecks.check(local, family);
      try {
        socket.bind(Addresses.numeric(at.getAddress(), family), at.getPort());
        // the JDK's default backlog: 50 when none or a non-positive one is asked
        socket.listen(backlog < 1 ? 50 : backlog);
      } catch (SocketError e) {
        throw ChannelErrors.of(e, ChannelErrors.Phase.BIND);
      }
      bound = true;
    }
    return this;
  }

  boolean isBound() {
    synchronized (stateLock) {
      return bound;
    }
  }

  @Override
  public SocketChannel accept() throws IOException {
    return accept(0);
  }

  /** Accepts; in blocking mode waits at most {@code timeoutMillis} (0: no limit). */
  SocketChannel accept(long timeoutMillis) throws IOException {
    ensureOpen();
    if (!isBound()) {
      throw new NotYetBoundException();
    }
    boolean blocking = isBlocking();
    boolean completed = false;
    try {
      if (blocking) {
        begin();
      }
      SignalledWait.Deadline deadline = wait.deadline(timeoutMillis);
      while (true) {
        ensureOpen();
        try {
          Socket accepted = socket.accept();
          completed = true;
          return new TwinsockSocketChannel(provider, family, accepted);
        } catch (SocketError e) {
          if (e.code() != SOCKET_EAGAIN) {
            if (!isOpen()) {
              return null; // closed under us: end() reports it
            }
            throw ChannelErrors.of(e, ChannelErrors.Phase.OTHER);
          }
        }
        if (!blocking) {
          completed = true;
          return null;
        }
        if (!wait.await(socket, Ready.READ, deadline)) {
          completed = true;
          throw new SocketTimeoutException("Accept timed out");
        }
      }
    } finally {
      if (blocking) {
        end(completed);
      }
    }
  }

  @Override
  public SocketAddress getLocalAddress() throws IOException {
    ensureOpen();
    return localAddress();
  }

  InetSocketAddress localAddress() {
    synchronized (stateLock) {
      if (!bound || !isOpen()) {
        return null;
      }
      try {
        return Addresses.of(socket.getsockname());
      } catch (SocketError e) {
        return null;
      }
    }
  }

  @Override
  public <T> ServerSocketChannel setOption(SocketOption<T> name, T value) throws IOException {
    ensureOpen();
    SocketOptionCodec.set(socket, SocketOptionCodec.LISTENER, name, value);
    return this;
  }

  @Override
  public <T> T getOption(SocketOption<T> name) throws IOException {
    ensureOpen();
    return SocketOptionCodec.get(socket, SocketOptionCodec.LISTENER, name);
  }

  @Override
  public Set<SocketOption<?>> supportedOptions() {
    return SocketOptionCodec.LISTENER;
  }

  @Override
  public ServerSocket socket() {
    synchronized (stateLock) {
      if (adaptor == null) {
        adaptor = new ServerSocketAdaptor(this);
      }
      return adaptor;
    }
  }

  @Override
  public Socket selectable() {
    return isOpen() ? socket : null;
  }

  @Override
  public int readyOps(boolean readable, boolean writable, int interestOps) {
    return readable && (interestOps & SelectionKey.OP_ACCEPT) != 0 ? SelectionKey.OP_ACCEPT : 0;
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

  @Override
  public String toString() {
    if (!isOpen()) {
      return ServerSocketChannel.class.getName() + "[closed]";
    }
    InetSocketAddress local = localAddress();
    return ServerSocketChannel.class.getName() + "[" + (local == null ? "unbound" : local.toString()) + "]";
  }
}
