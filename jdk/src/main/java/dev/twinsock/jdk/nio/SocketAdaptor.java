package dev.twinsock.jdk.nio;

import dev.twinsock.jdk.internal.Addresses;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.Set;

/**
 * The {@link Socket} view of a {@link TwinsockSocketChannel} that {@link SocketChannel#socket()}
 * returns: every method works on the channel, as the JDK's own adaptor does (libraries such as
 * Netty configure their channels through it). Streams and timed calls need blocking mode.
 */
final class SocketAdaptor extends Socket {
  private final TwinsockSocketChannel channel;
  private volatile int timeout;

  private SocketAdaptor(TwinsockSocketChannel channel) throws SocketException {
    super(noImpl());
    this.channel = channel;
  }

  static SocketAdaptor of(TwinsockSocketChannel channel) {
    try {
      return new SocketAdaptor(channel);
    } catch (SocketException e) {
      // only a security manager's check on a non-null SocketImpl throws here
      throw new IllegalStateException(e);
    }
  }

  // java.net.Socket accepts a null SocketImpl; every public method is overridden below
  private static java.net.SocketImpl noImpl() {
    return null;
  }

  @Override
  public SocketChannel getChannel() {
    return channel;
  }

  @Override
  public void connect(SocketAddress remote) throws IOException {
    connect(remote, 0);
  }

  @Override
  public void connect(SocketAddress remote, int timeoutMillis) throws IOException {
    if (remote == null) {
      throw new IllegalArgumentException("connect: The address can't be null");
    }
    if (timeoutMillis < 0) {
      throw new IllegalArgumentException("connect: timeout can't be negative");
    }
    try {
      if (!channel.isBlocking()) {
        throw new IllegalBlockingModeException();
      }
      if (!channel.beginConnect(remote) && !channel.awaitConnect(timeoutMillis)) {
        channel.close();
        throw new SocketTimeoutException("Connect timed out");
      }
    } catch (Exception e) {
      throw AdaptorErrors.translate(e);
    }
  }

  @Override
  public void bind(SocketAddress local) throws IOException {
    try {
      channel.bind(local);
    } catch (Exception e) {
      throw AdaptorErrors.translate(e);
    }
  }

  @Override
  public InetAddress getInetAddress() {
    InetSocketAddress remote = channel.remoteAddress();
    return remote == null ? null : remote.getAddress();
  }

  @Override
  public InetAddress getLocalAddress() {
    InetSocketAddress local = channel.localAddress();
    return local == null ? Addresses.anyOf(channel.family(), 0).getAddress() : local.getAddress();
  }

  @Override
  public int getPort() {
    InetSocketAddress remote = channel.remoteAddress();
    return remote == null ? 0 : remote.getPort();
  }

  @Override
  public int getLocalPort() {
    InetSocketAddress local = channel.localAddress();
    return local == null ? -1 : local.getPort();
  }

  @Override
  public SocketAddress getRemoteSocketAddress() {
    return channel.remoteAddress();
  }

  @Override
  public SocketAddress getLocalSocketAddress() {
    return channel.localAddress();
  }

  // ---------------------------------------------------------------- streams

  @Override
  public InputStream getInputStream() throws IOException {
    checkStreamable();
    if (isInputShutdown()) {
      throw new SocketException("Socket input is shutdown");
    }
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
          return 0;
        }
        requireBlocking();
        try {
          long n = channel.read(new ByteBuffer[] {ByteBuffer.wrap(b, off, len)}, 0, 1, timeout);
          return (int) n;
        } catch (ClosedChannelException e) {
          SocketException closed = new SocketException("Socket closed");
          closed.initCause(e);
          throw closed;
        }
      }

      @Override
      public int available() throws IOException {
        return channel.available();
      }

      @Override
      public void close() throws IOException {
        channel.close();
      }
    };
  }

  @Override
  public OutputStream getOutputStream() throws IOException {
    checkStreamable();
    if (isOutputShutdown()) {
      throw new SocketException("Socket output is shutdown");
    }
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        requireBlocking();
        try {
          channel.write(ByteBuffer.wrap(b, off, len));
        } catch (ClosedChannelException e) {
          SocketException closed = new SocketException("Socket closed");
          closed.initCause(e);
          throw closed;
        }
      }

      @Override
      public void close() throws IOException {
        channel.close();
      }
    };
  }

  private void checkStreamable() throws SocketException {
    if (isClosed()) {
      throw new SocketException("Socket is closed");
    }
    if (!isConnected()) {
      throw new SocketException("Socket is not connected");
    }
  }

  private void requireBlocking() {
    if (!channel.isBlocking()) {
      throw new IllegalBlockingModeException();
    }
  }

  // ---------------------------------------------------------------- options

  @Override
  public void setTcpNoDelay(boolean on) throws SocketException {
    AdaptorErrors.setOption(channel, StandardSocketOptions.TCP_NODELAY, on);
  }

  @Override
  public boolean getTcpNoDelay() throws SocketException {
    return AdaptorErrors.getOption(channel, StandardSocketOptions.TCP_NODELAY);
  }

  @Override
  public void setSoLinger(boolean on, int linger) throws SocketException {
    if (on && linger < 0) {
      throw new IllegalArgumentException("invalid value for SO_LINGER");
    }
    AdaptorErrors.setOption(channel, StandardSocketOptions.SO_LINGER, on ? Math.min(linger, 65535) : -1);
  }

  @Override
  public int getSoLinger() throws SocketException {
    return AdaptorErrors.getOption(channel, StandardSocketOptions.SO_LINGER);
  }

  @Override
  public void sendUrgentData(int data) throws IOException {
    try {
      channel.sendUrgent(data);
    } catch (Exception e) {
      throw AdaptorErrors.translate(e);
    }
  }

  @Override
  public void setOOBInline(boolean on) throws SocketException {
    try {
      channel.oobInline(on);
    } catch (IOException e) {
      throw AdaptorErrors.toSocketException(e);
    }
  }

  @Override
  public boolean getOOBInline() throws SocketException {
    try {
      return channel.oobInline();
    } catch (IOException e) {
      throw AdaptorErrors.toSocketException(e);
    }
  }

  @Override
  public void setSoTimeout(int timeout) throws SocketException {
    if (isClosed()) {
      throw new SocketException("Socket is closed");
    }
    if (timeout < 0) {
      throw new IllegalArgumentException("timeout can't be negative");
    }
    this.timeout = timeout;
  }

  @Override
  public int getSoTimeout() throws SocketException {
    if (isClosed()) {
      throw new SocketException("Socket is closed");
    }
    return timeout;
  }

  @Override
  public void setSendBufferSize(int size) throws SocketException {
    if (size <= 0) {
      throw new IllegalArgumentException("Invalid send size");
    }
    AdaptorErrors.setOption(channel, StandardSocketOptions.SO_SNDBUF, size);
  }

  @Override
  public int getSendBufferSize() throws SocketException {
    return AdaptorErrors.getOption(channel, StandardSocketOptions.SO_SNDBUF);
  }

  @Override
  public void setReceiveBufferSize(int size) throws SocketException {
    if (size <= 0) {
      throw new IllegalArgumentException("Invalid receive size");
    }
    AdaptorErrors.setOption(channel, StandardSocketOptions.SO_RCVBUF, size);
  }

  @Override
  public int getReceiveBufferSize() throws SocketException {
    return AdaptorErrors.getOption(channel, StandardSocketOptions.SO_RCVBUF);
  }

  @Override
  public void setKeepAlive(boolean on) throws SocketException {
    AdaptorErrors.setOption(channel, StandardSocketOptions.SO_KEEPALIVE, on);
  }

  @Override
  public boolean getKeepAlive() throws SocketException {
    return AdaptorErrors.getOption(channel, StandardSocketOptions.SO_KEEPALIVE);
  }

  @Override
  public void setTrafficClass(int tc) throws SocketException {
    if (tc < 0 || tc > 255) {
      throw new IllegalArgumentException("tc is not in range 0 -- 255");
    }
    AdaptorErrors.setOption(channel, StandardSocketOptions.IP_TOS, tc);
  }

  @Override
  public int getTrafficClass() throws SocketException {
    return AdaptorErrors.getOption(channel, StandardSocketOptions.IP_TOS);
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
  public <T> Socket setOption(SocketOption<T> name, T value) throws IOException {
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

  /** As the JDK's sockets: accepted and ignored. */
  @Override
  public void setPerformancePreferences(int connectionTime, int latency, int bandwidth) {}

  // ---------------------------------------------------------------- state

  @Override
  public void close() throws IOException {
    channel.close();
  }

  @Override
  public void shutdownInput() throws IOException {
    try {
      channel.shutdownInput();
    } catch (Exception e) {
      throw AdaptorErrors.translate(e);
    }
  }

  @Override
  public void shutdownOutput() throws IOException {
    try {
      channel.shutdownOutput();
    } catch (Exception e) {
      throw AdaptorErrors.translate(e);
    }
  }

  @Override
  public boolean isConnected() {
    return channel.isConnected();
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
  public boolean isInputShutdown() {
    return channel.isInputShutdown();
  }

  @Override
  public boolean isOutputShutdown() {
    return channel.isOutputShutdown();
  }

  @Override
  public String toString() {
    if (isConnected()) {
      return "Socket[addr=" + getInetAddress() + ",port=" + getPort() + ",localport=" + getLocalPort() + "]";
    }
    return "Socket[unconnected]";
  }
}
