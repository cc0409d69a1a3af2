package dev.twinsock.jdk.netty;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinsock.sim.SimHost;
import dev.twinsock.sim.SimNetwork;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The example of README.md and docs/jdk-adapters.md, verbatim, so that it compiles and works. */
class NettyOnTheSimExampleTest {
  @Test
  void nettyEchoOverALossySimulatedLink() {
    SimNetwork net = SimNetwork.builder().seed(42).build();
    SimHost server = net.addHost("server", "10.0.0.1"), client = net.addHost("client", "10.0.0.2");
    net.link(server, client).latency(Duration.ofMillis(10)).loss(0.05);
    TwinsockEventLoopGroup serverLoops = TwinsockEventLoopGroup.over(server);
    TwinsockEventLoopGroup clientLoops = TwinsockEventLoopGroup.over(client);
    ChannelFuture bound = new ServerBootstrap().group(serverLoops)
        .channelFactory(serverLoops.serverSocketChannels()).childHandler(new Echo()).bind(7);
    net.runUntil(bound::isDone);                        // never sync(): run the sim until done
    Promise<String> reply = clientLoops.next().newPromise();
    ChannelFuture connected = new Bootstrap().group(clientLoops).channelFactory(clientLoops.socketChannels())
        .handler(new FirstReply(reply)).connect(new InetSocketAddress("10.0.0.1", 7));
    net.runUntil(connected::isDone);
    connected.channel().writeAndFlush(Unpooled.copiedBuffer("hello", US_ASCII));
    net.runUntil(reply::isDone);
    assertEquals("hello", reply.getNow());
    clientLoops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    serverLoops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    net.runUntil(() -> clientLoops.isTerminated() && serverLoops.isTerminated());

    net.run();
    net.checkNoOpenSockets();
    net.close();
  }

  /** Writes back what it reads. */
  @ChannelHandler.Sharable
  static final class Echo extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ctx.writeAndFlush(msg);
    }
  }

  /** Completes {@code reply} with the first bytes read, as text. */
  static final class FirstReply extends ChannelInboundHandlerAdapter {
    private final Promise<String> reply;

    FirstReply(Promise<String> reply) {
      this.reply = reply;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf bytes = (ByteBuf) msg;
      reply.trySuccess(bytes.toString(US_ASCII));
      bytes.release();
      ctx.close();
    }
  }
}
