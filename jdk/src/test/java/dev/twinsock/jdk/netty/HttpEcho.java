package dev.twinsock.jdk.netty;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.twinsock.Sockets;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/1.1 echo over Netty's NIO transport on twinsock loops: a server that answers each POST
 * with its body and path, and a client that sends {@code requests} POSTs of varied sizes, one after
 * another on one keep-alive connection per client, and checks every answer byte for byte.
 */
final class HttpEcho {
  /** How a world waits for Netty: runs the sim until it is done, or blocks on the kernel. */
  interface Await {
    void until(Future<?> future);

    /**
     * Until every loop of {@code group} has ended. Not on {@code terminationFuture()}: Netty
     * completes a group's termination future from its global executor, a thread of its own that the
     * sim does not run, so a driver waiting for it would see nothing left to run first.
     */
    void terminated(EventExecutorGroup group);
  }

  private HttpEcho() {}

  /** The body of request {@code i} of client {@code c}: sizes from 1 byte to past 20 segments. */
  static byte[] body(int c, int i) {
    int size = 1 + (i * 7919 + c * 104729) % 30_000;
    byte[] body = new byte[size];
    for (int k = 0; k < size; k++) {
      body[k] = (byte) ('a' + (k + i + c) % 26);
    }
    return body;
  }

  /**
   * Runs {@code clients} clients of {@code requests} requests each against one server, shuts both
   * groups down, and returns how many answers were checked.
   */
  static int run(Sockets serverSide, Sockets clientSide, String serverAddress, int clients, int requests, Await await) {
    TwinsockEventLoopGroup serverLoops = TwinsockEventLoopGroup.over(serverSide);
    TwinsockEventLoopGroup clientLoops = TwinsockEventLoopGroup.over(clientSide);
    try {
      ChannelFuture bound = new ServerBootstrap()
          .group(serverLoops)
          .channelFactory(serverLoops.serverSocketChannels())
          .childHandler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
              ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20), new EchoServer());
            }
          })
          .bind(new InetSocketAddress(serverAddress, 0));
      await.until(bound);
      if (!bound.isSuccess()) {
        throw new AssertionError("bind failed", bound.cause());
      }
      int port = ((InetSocketAddress) bound.channel().localAddress()).getPort();
      InetSocketAddress server = new InetSocketAddress(serverAddress, port);

      int checked = 0;
      Promise<?>[] done = new Promise<?>[clients];
      Channel[] channels = new Channel[clients];
      for (int c = 0; c < clients; c++) {
        Promise<Integer> answered = clientLoops.next().newPromise();
        done[c] = answered;
        int client = c;
        channels[c] = new Bootstrap()
            .group(clientLoops)
            .channelFactory(clientLoops.socketChannels())
            .handler(new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20),
                    new EchoClient(client, requests, answered));
              }
            })
            .connect(server)
            .channel();
      }
      for (int c = 0; c < clients; c++) {
        await.until(done[c]);
        if (!done[c].isSuccess()) {
          throw new AssertionError("client " + c + " failed", done[c].cause());
        }
        checked += (Integer) done[c].getNow();
        await.until(channels[c].closeFuture());
      }
      await.until(bound.channel().close());
      return checked;
    } finally {
      clientLoops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      serverLoops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      await.terminated(clientLoops);
      await.terminated(serverLoops);
    }
  }

  /** Answers each request with its body, and its path in a header. */
  private static final class EchoServer extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
          request.content().retainedDuplicate());
      response.headers().set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
      response.headers().set("x-path", request.uri());
      ctx.writeAndFlush(response);
    }
  }

  /** Sends the requests one at a time, checks each answer, and closes after the last. */
  private static final class EchoClient extends SimpleChannelInboundHandler<FullHttpResponse> {
    private final int client;
    private final int requests;
    private final Promise<Integer> answered;
    private int next;

    EchoClient(int client, int requests, Promise<Integer> answered) {
      this.client = client;
      this.requests = requests;
      this.answered = answered;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      send(ctx);
    }

    private void send(ChannelHandlerContext ctx) {
      FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST,
          "/echo/" + client + "/" + next, Unpooled.wrappedBuffer(body(client, next)));
      request.headers().set(HttpHeaderNames.HOST, "server");
      request.headers().set(HttpHeaderNames.CONTENT_LENGTH, request.content().readableBytes());
      ctx.writeAndFlush(request);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
      String path = "/echo/" + client + "/" + next;
      byte[] got = ByteBufUtil.getBytes(response.content());
      if (!response.status().equals(HttpResponseStatus.OK) || !path.equals(response.headers().get("x-path"))
          || !Arrays.equals(body(client, next), got)) {
        answered.tryFailure(new AssertionError("answer to " + path + ": " + response.status() + " "
            + response.headers().get("x-path") + ", " + got.length + " bytes: "
            + new String(got, 0, Math.min(got.length, 40), US_ASCII)));
        ctx.close();
        return;
      }
      next++;
      if (next == requests) {
        answered.trySuccess(next);
        ctx.close();
      } else {
        send(ctx);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      answered.tryFailure(cause);
      ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      answered.tryFailure(new AssertionError("connection closed after " + next + " of " + requests + " answers"));
    }
  }
}
