package dev.twinsock.jdk.nio;

import static dev.twinsock.SocketConstants.*;

import dev.twinsock.Sockets;
import java.io.IOException;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.channels.Channel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.AbstractSelector;
import java.nio.channels.spi.SelectorProvider;
import java.util.Objects;

/**
 * A {@link SelectorProvider} whose channels and selectors run on any twinsock {@link Sockets}: the
 * real kernel ({@code OsSockets}) or one simulated host ({@code SimHost}). Hand it to code that
 * takes a provider (Netty's {@code NioIoHandler.newFactory(provider)} and {@code new
 * NioSocketChannel(provider)}, or {@code provider.openSocketChannel()} directly) and that code runs
 * unchanged over the backend; on the sim, every select and every blocking call waits on the
 * virtual clock.
 *
 * <pre>{@code
 * SelectorProvider provider = TwinsockSelectorProvider.over(host);
 * try (Selector selector = provider.openSelector();
 *      SocketChannel channel = provider.openSocketChannel()) {
 *   channel.configureBlocking(false);
 *   channel.connect(new InetSocketAddress("10.0.0.1", 80));
 *   channel.register(selector, SelectionKey.OP_CONNECT);
 *   selector.select(1_000);                      // one virtual second at most on the sim
 * }
 * }</pre>
 *
 * <p>Channels opened without a protocol family are IPv4 ({@code openSocketChannel(INET6)} for
 * IPv6); the JDK's default channels are dual-stack IPv6 instead. Errors are the JDK's own channel
 * exceptions, never a {@code SocketError}. The supported methods, and those that are not, are
 * listed in {@code docs/jdk-adapters.md}.
 */
public final class TwinsockSelectorProvider extends SelectorProvider {
  private final Sockets sockets;

  private TwinsockSelectorProvider(Sockets sockets) {
    this.sockets = Objects.requireNonNull(sockets, "sockets");
  }

  /** A provider whose channels are sockets of {@code sockets}. */
  public static TwinsockSelectorProvider over(Sockets sockets) {
    return new TwinsockSelectorProvider(sockets);
  }

  /** The backend the channels live on. */
  public Sockets sockets() {
    return sockets;
  }

  @Override
  public DatagramChannel openDatagramChannel() throws IOException {
    return new TwinsockDatagramChannel(this, AF_INET);
  }

  @Override
  public DatagramChannel openDatagramChannel(ProtocolFamily family) throws IOException {
    return new TwinsockDatagramChannel(this, inetFamily(family));
  }

  @Override
  public Pipe openPipe() throws IOException {
    return new TwinsockPipe(this);
  }

  @Override
  public AbstractSelector openSelector() throws IOException {
    return new TwinsockSelector(this);
  }

  @Override
  public ServerSocketChannel openServerSocketChannel() throws IOException {
    return new TwinsockServerSocketChannel(this, AF_INET);
  }

  @Override
  public ServerSocketChannel openServerSocketChannel(ProtocolFamily family) throws IOException {
    return new TwinsockServerSocketChannel(this, inetFamily(family));
  }

  @Override
  public SocketChannel openSocketChannel() throws IOException {
    return new TwinsockSocketChannel(this, AF_INET);
  }

  @Override
  public SocketChannel openSocketChannel(ProtocolFamily family) throws IOException {
    return new TwinsockSocketChannel(this, inetFamily(family));
  }

  /** A twinsock backend has no channel inherited from a parent process. */
  @Override
  public Channel inheritedChannel() {
    return null;
  }

  private static int inetFamily(ProtocolFamily family) {
    Objects.requireNonNull(family, "family");
    if (family == StandardProtocolFamily.INET) {
      return AF_INET;
    }
    if (family == StandardProtocolFamily.INET6) {
      return AF_INET6;
    }
    // UNIX-domain channels (JDK 16's SocketChannel over UnixDomainSocketAddress) are not provided
    throw new UnsupportedOperationException("Protocol family not supported");
  }

  @Override
  public String toString() {
    return "TwinsockSelectorProvider[" + sockets + "]";
  }
}
