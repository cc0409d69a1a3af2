package dev.twinsock.jdk.nio;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;

/**
 * The {@link ServerSocket} view of a {@link TwinsockServerSocketChannel} that {@link
 * ServerSocketChannel#socket()} returns; {@link #accept()} needs blocking mode and honours {@link
 * #setSoTimeout}, on the virtual clock on the sim.
 */
final class ServerSocketAdaptor extends ServerSocket {
  private final TwinsockServerSocketChannel channel;
  private volatile int timeout;

  ServerSocketAdaptor(TwinsockServerSocketChannel channel) {
    super(new InertSocketImpl()); // every public method is overridden below
    this.channel = channel;
  }

  @Override
  public ServerSocketChannel getChannel() {
    return channel;
  }

  @Override
  public void bind(SocketAddress local) throws IOException {
    bind(local, 50);
  }

  @Override
  public void bind(SocketAddress local, int backlog) throws IOException {
    try {
      channel.bind(local, backlog);
    } catch (Exception e) {
      throw AdaptorErrors.translate(e);
    }
  }

  @Override
  public InetAddress getInetAddress() {
    InetSocketAddress local = channel.localAddress();
    return local == null ? null : local.getAddress();
  }

  @Override
  public int getLocalPort() {
    InetSocketAddress local = channel.localAddress();
    return local == null ? -1 : local.getPort();
  }

  @Override
  public SocketAddress getLocalSocketAddress() {
    return channel.localAddress();
  }

  @Override
  public Socket accept() throws IOException {
    try {
      if (!channel.isBlocking()) {
        throw new IllegalBlockingModeException();
      }
      SocketChannel accepted = channel.accept(timeout);
      return accepted.socket();
    } catch (Exception e) {
      throw AdaptorErrors.translate(e);
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  @Override
  public boolean isBound() {
    return channel.isBound();
  }

  @Override
  public boolean isClosed() {
    return !channel.isOpen();
  }

  @Override
  public void setSoTimeout(int timeout) throws SocketException {
    if (isClosed()) {
      throw new SocketException("Socket is closed");
    }
    if (timeout < 0) {
      throw new IllegalArgumentException("timeout < 0");
    }
    this.timeout = timeout;
  }

  @Override
  public int getSoTimeout() throws IOException {
    if (isClosed()) {
      throw new SocketException("Socket is closed");
    }
    return timeout;
  }

  @Override
  public void setReuseAddress(boolean on) throws SocketException {
    AdaptorErrors.setOption(channel, StandardSocketOptions.SO_REUSEADDR, on);
  }

  @Override
  public boolean getReuseAddress() throws SocketException {
    return AdaptorErrors.getOption(channel, StandardSocketOptions.SO_REUSEADDR);
  }

  @Override
  public void setReceiveBufferSize(int size) throws SocketException {
    if (size <= 0) {
      throw new IllegalArgumentException("size cannot be 0 or negative");
    }
    AdaptorErrors.setOption(channel, StandardSocketOptions.SO_RCVBUF, size);
  }

  @Override
  public int getReceiveBufferSize() throws SocketException {
    return AdaptorErrors.getOption(channel, StandardSocketOptions.SO_RCVBUF);
  }

  @Override
  public <T> ServerSocket setOption(SocketOption<T> name, T value) throws IOException {
    channel.setOption(name, value);
    return this;
  }

  @Override
  public <T> T getOption(SocketOption<T> name) throws IOException {
    return channel.getOption(name);
  }

  @Override
  public Set<SocketOption<?>> supportedOptions() {
    return channel.supportedOptions();
  }

  /** As the JDK's server sockets: accepted and ignored. */
  @Override
  public void setPerformancePreferences(int connectionTime, int latency, int bandwidth) {}

  @Override
  public String toString() {
    InetSocketAddress local = channel.localAddress();
    if (local == null) {
      return "ServerSocket[unbound]";
    }
    return "ServerSocket[addr=" + local.getAddress() + ",localport=" + local.getPort() + "]";
  }
}
