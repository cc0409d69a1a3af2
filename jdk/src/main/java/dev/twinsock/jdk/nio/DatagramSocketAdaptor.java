package dev.twinsock.jdk.nio;

import dev.twinsock.jdk.internal.Addresses;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.DatagramSocketImpl;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.IllegalBlockingModeException;
import java.util.Set;

/**
 * The {@link DatagramSocket} view of a {@link TwinsockDatagramChannel} that {@link
 * DatagramChannel#socket()} returns: every method works on the channel. {@link #send} and {@link
 * #receive} need blocking mode; {@link #setSoTimeout} runs on the virtual clock on the sim.
 */
final class DatagramSocketAdaptor extends DatagramSocket {
  private final TwinsockDatagramChannel channel;
  private volatile int timeout;

  DatagramSocketAdaptor(TwinsockDatagramChannel channel) {
    super(new Unused());
    this.channel = channel;
  }

  @Override
  public DatagramChannel getChannel() {
    return channel;
  }

  @Override
  public void bind(SocketAddress local) throws SocketException {
    try {
      channel.bind(local);
    } catch (Exception e) {
      throw AdaptorErrors.toSocketException(e);
    }
  }

  @Override
  public void connect(InetAddress address, int port) {
    try {
      connect(new InetSocketAddress(address, port));
    } catch (SocketException e) {
      // the JDK's connect(InetAddress, int) declares nothing and reports failures unchecked
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void connect(SocketAddress remote) throws SocketException {
    if (remote == null) {
      throw new IllegalArgumentException("Address can't be null");
    }
    try {
      channel.connect(remote);
    } catch (Exception e) {
      throw AdaptorErrors.toSocketException(e);
    }
  }

  @Override
  public void disconnect() {
    try {
      channel.disconnect();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public boolean isBound() {
    return channel.localAddress() != null;
  }

  @Override
  public boolean isConnected() {
    return channel.isConnected();
  }

  @Override
  public InetAddress getInetAddress() {
    InetSocketAddress remote = channel.remoteAddress();
    return remote == null ? null : remote.getAddress();
  }

  @Override
  public int getPort() {
    InetSocketAddress remote = channel.remoteAddress();
    return remote == null ? -1 : remote.getPort();
  }

  @Override
  public SocketAddress getRemoteSocketAddress() {
    return channel.remoteAddress();
  }

  @Override
  public SocketAddress getLocalSocketAddress() {
    return channel.localAddress();
  }

  @Override
  public InetAddress getLocalAddress() {
    if (isClosed()) {
      return null;
    }
    InetSocketAddress local = channel.localAddress();
    return local == null ? Addresses.anyOf(channel.family(), 0).getAddress() : local.getAddress();
  }

  @Override
  public int getLocalPort() {
    if (isClosed()) {
      return -1;
    }
    InetSocketAddress local = channel.localAddress();
    return local == null ? 0 : local.getPort();
  }

  @Override
  public void send(DatagramPacket packet) throws IOException {
    try {
      if (!channel.isBlocking()) {
        throw new IllegalBlockingModeException();
      }
      ByteBuffer data = ByteBuffer.wrap(packet.getData(), packet.getOffset(), packet.getLength());
      SocketAddress target = packet.getSocketAddress();
      if (packet.getAddress() == null) {
        if (!channel.isConnected()) {
          throw new IllegalArgumentException("Address not set");
        }
        target = channel.remoteAddress();
      }
      channel.send(data, target);
    } catch (ClosedChannelException e) {
      throw closed(e);
    } catch (Exception e) {
      throw AdaptorErrors.translate(e);
    }
  }

  @Override
  public void receive(DatagramPacket packet) throws IOException {
    try {
      if (!channel.isBlocking()) {
        throw new IllegalBlockingModeException();
      }
      // DatagramPacket keeps its buffer's capacity apart from the length of the last datagram
      ByteBuffer into = ByteBuffer.wrap(packet.getData(), packet.getOffset(), packet.getData().length - packet.getOffset());
      SocketAddress from = channel.receive(into, timeout);
      packet.setLength(into.position() - packet.getOffset());
      packet.setSocketAddress(from);
    } catch (ClosedChannelException e) {
      throw closed(e);
    } catch (Exception e) {
      throw AdaptorErrors.translate(e);
    }
  }

  private static SocketException closed(ClosedChannelException e) {
    SocketException closed = new SocketException("Socket closed");
    closed.initCause(e);
    return closed;
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
  public void setReuseAddress(boolean on) throws SocketException {
    AdaptorErrors.setOption(channel, StandardSocketOptions.SO_REUSEADDR, on);
  }

  @Override
  public boolean getReuseAddress() throws SocketException {
    return AdaptorErrors.getOption(channel, StandardSocketOptions.SO_REUSEADDR);
  }

  @Override
  public void setBroadcast(boolean on) throws SocketException {
    AdaptorErrors.setOption(channel, StandardSocketOptions.SO_BROADCAST, on);
  }

  @Override
  public boolean getBroadcast() throws SocketException {
    return AdaptorErrors.getOption(channel, StandardSocketOptions.SO_BROADCAST);
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
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public boolean isClosed() {
    return !channel.isOpen();
  }

  @Override
  public <T> DatagramSocket setOption(SocketOption<T> name, T value) throws IOException {
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

  /** Multicast groups are not provided by this adaptor. */
  @Override
  public void joinGroup(SocketAddress group, NetworkInterface netIf) {
    throw new UnsupportedOperationException("multicast membership is not supported by twinsock channels");
  }

  /** Multicast groups are not provided by this adaptor. */
  @Override
  public void leaveGroup(SocketAddress group, NetworkInterface netIf) {
    throw new UnsupportedOperationException("multicast membership is not supported by twinsock channels");
  }

  /**
   * The implementation {@link DatagramSocket}'s constructor demands; never reached, since the
   * adaptor overrides every public method and works on its channel.
   */
  private static final class Unused extends DatagramSocketImpl {
    private static SocketException unused() {
      return new SocketException("the adaptor works on its channel");
    }

    @Override protected void create() throws SocketException { throw unused(); }
    @Override protected void bind(int lport, InetAddress laddr) throws SocketException { throw unused(); }
    @Override protected void send(DatagramPacket p) throws IOException { throw unused(); }
    @Override protected int peek(InetAddress i) throws IOException { throw unused(); }
    @Override protected int peekData(DatagramPacket p) throws IOException { throw unused(); }
    @Override protected void receive(DatagramPacket p) throws IOException { throw unused(); }
    @Deprecated @Override protected void setTTL(byte ttl) throws IOException { throw unused(); }
    @Deprecated @Override protected byte getTTL() throws IOException { throw unused(); }
    @Override protected void setTimeToLive(int ttl) throws IOException { throw unused(); }
    @Override protected int getTimeToLive() throws IOException { throw unused(); }
    @Override protected void join(InetAddress inetaddr) throws IOException { throw unused(); }
    @Override protected void leave(InetAddress inetaddr) throws IOException { throw unused(); }
    @Override protected void joinGroup(SocketAddress mcastaddr, NetworkInterface netIf) throws IOException { throw unused(); }
    @Override protected void leaveGroup(SocketAddress mcastaddr, NetworkInterface netIf) throws IOException { throw unused(); }
    @Override protected void close() {}
    @Override public void setOption(int optID, Object value) throws SocketException { throw unused(); }
    @Override public Object getOption(int optID) throws SocketException { throw unused(); }
  }
}
