package dev.twinsock.jdk.netty;

import static org.junit.jupiter.api.Assertions.*;

import dev.twinsock.os.OsSockets;
import dev.twinsock.sim.SimDeadlockException;
import dev.twinsock.sim.SimHost;
import dev.twinsock.sim.SimNetwork;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.concurrent.Ticker;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The loops of a {@link TwinsockEventLoopGroup} on a simulated host keep Netty's time on the
 * host's virtual clock: scheduled tasks and Netty's own timeouts (connect, read) fall due on it, an
 * idle loop waits for I/O alone, and a graceful shutdown's quiet period passes on it.
 */
class EventLoopTimeTest {
  private final SimNetwork net = SimNetwork.builder().seed(11).build();
  private final SimHost server = net.addHost("server", "10.0.0.1");
  private final SimHost client = net.addHost("client", "10.0.0.2");

  private void shutDown(TwinsockEventLoopGroup loops) {
    loops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    net.runUntil(loops::isTerminated);
    net.run();
    net.checkNoOpenSockets();
    net.close();
  }

  @Test
  void theLoopsTickerIsTheHostsClockAndOnTheRealKernelNettysOwn() {
    TwinsockEventLoopGroup loops = TwinsockEventLoopGroup.over(client);
    net.runFor(Duration.ofSeconds(5));
    assertEquals(client.now().toNanos(), loops.next().ticker().nanoTime());
    try (OsSockets os = new OsSockets()) {
      TwinsockEventLoopGroup real = TwinsockEventLoopGroup.over(os);
      assertSame(Ticker.systemTicker(), real.next().ticker());
      assertTrue(real.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS));
    }
    shutDown(loops);
  }

  @Test
  void aScheduledTaskRunsAtItsVirtualTime() {
    TwinsockEventLoopGroup loops = TwinsockEventLoopGroup.over(client);
    Duration[] ranAt = new Duration[1];
    ScheduledFuture<?> task = loops.next().schedule(() -> ranAt[0] = client.now(), 750, TimeUnit.MILLISECONDS);
    net.runUntil(task::isDone);
    assertEquals(Duration.ofMillis(750), ranAt[0]);
    shutDown(loops);
  }

  @Test
  void connectTimeoutFiresOnTheVirtualClockBeforeTheKernelGivesUp() {
    net.link(server, client).latency(Duration.ofMillis(20));
    net.partition(Set.of(server), Set.of(client));
    TwinsockEventLoopGroup loops = TwinsockEventLoopGroup.over(client);
    ChannelFuture connect = new Bootstrap()
        .group(loops)
        .channelFactory(loops.socketChannels())
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2500)
        .handler(new ChannelInboundHandlerAdapter())
        .connect(new InetSocketAddress(server.ipv4(), 80));
    net.runUntil(connect::isDone);
    assertInstanceOf(ConnectTimeoutException.class, connect.cause());
    // the kernel alone would retry the SYN for about two minutes
    assertEquals(Duration.ofMillis(2500), net.now());
    net.runUntil(() -> !connect.channel().isOpen());
    shutDown(loops);
  }

  @Test
  void aReadTimeoutHandlerFiresOnTheVirtualClockWhenThePeerFallsSilent() {
    net.link(server, client).latency(Duration.ofMillis(20));
    TwinsockEventLoopGroup serverLoops = TwinsockEventLoopGroup.over(server);
    TwinsockEventLoopGroup loops = TwinsockEventLoopGroup.over(client);
    ChannelFuture bound = new ServerBootstrap()
        .group(serverLoops)
        .channelFactory(serverLoops.serverSocketChannels())
        .childHandler(new ChannelInboundHandlerAdapter()) // accepts, never answers
        .bind(new InetSocketAddress(server.ipv4(), 80));
    net.runUntil(bound::isDone);
    Promise<Duration> timedOut = loops.next().newPromise();
    ChannelFuture connect = new Bootstrap()
        .group(loops)
        .channelFactory(loops.socketChannels())
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(new ReadTimeoutHandler(3), new ChannelInboundHandlerAdapter() {
              @Override
              public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                if (cause instanceof ReadTimeoutException) {
                  timedOut.trySuccess(client.now());
                } else {
                  timedOut.tryFailure(cause);
                }
                ctx.close();
              }
            });
          }
        })
        .connect(new InetSocketAddress(server.ipv4(), 80));
    net.runUntil(connect::isDone);
    assertTrue(connect.isSuccess(), String.valueOf(connect.cause()));
    Duration connectedAt = client.now();
    net.runUntil(timedOut::isDone);
    assertEquals(connectedAt.plusSeconds(3), timedOut.getNow());
    net.runUntil(() -> !connect.channel().isOpen());
    net.runUntil(bound.channel().close()::isDone);
    serverLoops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    net.runUntil(serverLoops::isTerminated);
    shutDown(loops);
  }

  @Test
  void anIdleLoopWaitsForIoAloneSoAForgottenWaitIsADeadlockNamingIt() {
    TwinsockEventLoopGroup loops = TwinsockEventLoopGroup.over(client);
    loops.next().execute(() -> {}); // starts the loop's thread
    SimDeadlockException deadlock = assertThrows(SimDeadlockException.class, net::run);
    assertTrue(deadlock.getMessage().contains("client-thread-1"), deadlock.getMessage());
    assertEquals(Duration.ZERO, net.now(), "no select slices on the clock");
    // the deadlock ended the loop's task (Netty logs the abort) and Netty cleaned up after it
    shutDown(loops);
  }

  @Test
  void aLoopFirstStartedByItsShutdownEndsAtOnce() {
    TwinsockEventLoopGroup loops = TwinsockEventLoopGroup.over(client);
    net.runFor(Duration.ofSeconds(5));
    // its thread starts now, at 5 s; Netty would wait out the quiet period with real sleeps
    loops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    net.runUntil(loops::isTerminated);
    assertTrue(net.now().compareTo(Duration.ofSeconds(5).plusMillis(1)) < 0, "ended at " + net.now());
    shutDown(loops);
  }

  @Test
  void aQuietPeriodPassesOnTheVirtualClock() {
    TwinsockEventLoopGroup loops = TwinsockEventLoopGroup.over(client);
    loops.next().execute(() -> {});
    loops.shutdownGracefully(2, 15, TimeUnit.SECONDS);
    net.runUntil(loops::isTerminated);
    Duration ended = net.now();
    assertTrue(ended.compareTo(Duration.ofSeconds(2)) > 0 && ended.compareTo(Duration.ofSeconds(3)) < 0,
        "ended at " + ended);
    net.run();
    net.checkNoOpenSockets();
    net.close();
  }
}
