package dev.twinsock.jdk.netty;

import dev.twinsock.Sockets;
import dev.twinsock.jdk.nio.TwinsockSelectorProvider;
import io.netty.channel.ChannelFactory;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.Ticker;
import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * A Netty event loop group over any {@link Sockets}: NIO loops on a {@link TwinsockSelectorProvider}
 * of the backend, started by the backend's {@link Sockets#threadFactory() thread factory}, with the
 * backend's {@link Sockets#clock() clock} as their ticker. Over a {@code SimHost} every loop is a
 * sim task of that host and every timeout Netty schedules runs on virtual time; over {@code
 * OsSockets} it is an ordinary NIO group on real sockets. Build channels with {@link
 * #socketChannels()}, {@link #serverSocketChannels()} and {@link #datagramChannels()}:
 *
 * <pre>{@code
 * TwinsockEventLoopGroup loops = TwinsockEventLoopGroup.over(host);
 * new Bootstrap().group(loops).channelFactory(loops.socketChannels()).handler(...).connect(address);
 * }</pre>
 *
 * <p>On the sim, end with {@code shutdownGracefully(0, 0, unit)} (a quiet period is honoured, but
 * idles the loop for that long in virtual time) and never block the driver on a Netty future: run
 * the network until the future is done ({@code net.runUntil(future::isDone)}).
 */
public final class TwinsockEventLoopGroup extends MultiThreadIoEventLoopGroup {
  private final TwinsockSelectorProvider provider;

  private TwinsockEventLoopGroup(int threads, Sockets sockets, TwinsockSelectorProvider provider) {
    super(threads, sockets.threadFactory(), NioIoHandler.newFactory(provider), sockets, tickerFor(sockets));
    this.provider = provider;
  }

  /** A group of one loop over {@code sockets}. */
  public static TwinsockEventLoopGroup over(Sockets sockets) {
    return over(sockets, 1);
  }

  /** A group of {@code threads} loops over {@code sockets}. */
  public static TwinsockEventLoopGroup over(Sockets sockets, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1: " + threads);
    }
    return new TwinsockEventLoopGroup(threads, sockets, TwinsockSelectorProvider.over(sockets));
  }

  /** The selector provider whose channels and selectors these loops use. */
  public TwinsockSelectorProvider provider() {
    return provider;
  }

  /** Makes client channels on the provider, for {@code Bootstrap.channelFactory}. */
  public ChannelFactory<NioSocketChannel> socketChannels() {
    return () -> new NioSocketChannel(provider);
  }

  /** Makes listening channels on the provider, for {@code ServerBootstrap.channelFactory}. */
  public ChannelFactory<NioServerSocketChannel> serverSocketChannels() {
    return () -> new NioServerSocketChannel(provider);
  }

  /** Makes datagram channels on the provider, for {@code Bootstrap.channelFactory}. */
  public ChannelFactory<NioDatagramChannel> datagramChannels() {
    return () -> new NioDatagramChannel(provider);
  }

  /** Netty's own ticker on the real clock (it is monotonic), the backend's clock otherwise. */
  private static Ticker tickerFor(Sockets sockets) {
    return Clock.systemUTC().equals(sockets.clock()) ? Ticker.systemTicker() : new ClockTicker(sockets);
  }

  @Override
  protected IoEventLoop newChild(Executor executor, IoHandlerFactory handler, Object... args) {
    return TwinsockEventLoop.create(this, executor, handler, (Sockets) args[0], (Ticker) args[1]);
  }
}
