package dev.twinsock.jdk.netty;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.sim.SimHost;
import dev.twinsock.sim.SimNetwork;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Netty's NIO datagram channel on twinsock loops: a UDP echo between two simulated hosts. */
class NettyDatagramTest {
  @Test
  void udpEchoBetweenTwoHosts() {
    try (SimNetwork net = SimNetwork.builder().seed(5).build()) {
      SimHost server = net.addHost("server", "10.0.0.1");
      SimHost client = net.addHost("client", "10.0.0.2");
      net.link(server, client).latency(Duration.ofMillis(15));
      TwinsockEventLoopGroup serverLoops = TwinsockEventLoopGroup.over(server);
      TwinsockEventLoopGroup clientLoops = TwinsockEventLoopGroup.over(client);

      ChannelFuture echo = new Bootstrap().group(serverLoops).channelFactory(serverLoops.datagramChannels())
          .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
              ctx.writeAndFlush(new DatagramPacket(packet.content().retain(), packet.sender()));
            }
          })
          .bind(new InetSocketAddress(server.ipv4(), 9000));
      net.runUntil(echo::isDone);
      assertTrue(echo.isSuccess(), String.valueOf(echo.cause()));

      Promise<String> reply = clientLoops.next().newPromise();
      ChannelFuture bound = new Bootstrap().group(clientLoops).channelFactory(clientLoops.datagramChannels())
          .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
              reply.trySuccess(packet.sender().getAddress().getHostAddress() + " " + packet.content().toString(US_ASCII));
            }
          })
          .bind(new InetSocketAddress(client.ipv4(), 0));
      net.runUntil(bound::isDone);
      assertTrue(bound.isSuccess(), String.valueOf(bound.cause()));
      bound.channel().writeAndFlush(new DatagramPacket(Unpooled.copiedBuffer("ping", US_ASCII),
          new InetSocketAddress(server.ipv4(), 9000)));
      net.runUntil(reply::isDone);
      assertEquals("10.0.0.1 ping", reply.getNow());
      assertEquals(Duration.ofMillis(30), net.now());

      clientLoops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      serverLoops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      net.runUntil(() -> clientLoops.isTerminated() && serverLoops.isTerminated());
      net.run();
      net.checkNoOpenSockets();
    }
  }
}
