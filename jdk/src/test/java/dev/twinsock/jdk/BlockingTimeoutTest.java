package dev.twinsock.jdk;

import static org.junit.jupiter.api.Assertions.*;

import dev.twinsock.jdk.net.TwinsockServerSocketFactory;
import dev.twinsock.jdk.net.TwinsockSocketFactory;
import dev.twinsock.jdk.nio.TwinsockSelectorProvider;
import dev.twinsock.sim.SimHost;
import dev.twinsock.sim.SimNetwork;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A blocking call with a timeout that select wakes early, with nothing to do, waits no longer than
 * asked: the timeout is a deadline from the call's start, not a limit each wait restarts. On the
 * sim, where virtual time makes the instant exact; the early wake-up is one select(2) may give.
 * The channels' views and the factories' sockets alike.
 */
class BlockingTimeoutTest {
  private final SimNetwork net = SimNetwork.builder().seed(7).build();
  private final SimHost server = net.addHost("server", "10.0.0.1");
  private final SimHost client = net.addHost("client", "10.0.0.2");
  private final SpuriousWakeSockets wakingServer = new SpuriousWakeSockets(server);
  private final SpuriousWakeSockets wakingClient = new SpuriousWakeSockets(client);

  BlockingTimeoutTest() {
    net.link(server, client).latency(Duration.ofMillis(5));
  }

  @Test
  void aChannelAcceptWokenEarlyStillTimesOutWhenAsked() throws Exception {
    try (net) {
      ServerSocket view = TwinsockSelectorProvider.over(wakingServer).openServerSocketChannel().socket();
      view.bind(new InetSocketAddress(server.ipv4(), 0));
      assertAcceptTimesOutAfter(1000, view);
    }
  }

  @Test
  void aFactoryAcceptWokenEarlyStillTimesOutWhenAsked() throws Exception {
    try (net) {
      ServerSocket listener = TwinsockServerSocketFactory.over(wakingServer).createServerSocket();
      listener.bind(new InetSocketAddress(server.ipv4(), 0));
      assertAcceptTimesOutAfter(1000, listener);
    }
  }

  @Test
  void aChannelReadWokenEarlyStillTimesOutWhenAsked() throws Exception {
    try (net) {
      java.nio.channels.SocketChannel channel = TwinsockSelectorProvider.over(wakingClient).openSocketChannel();
      assertReadTimesOutAfter(1000, channel.socket());
    }
  }

  @Test
  void aFactoryReadWokenEarlyStillTimesOutWhenAsked() throws Exception {
    try (net) {
      assertReadTimesOutAfter(1000, TwinsockSocketFactory.over(wakingClient).createSocket());
    }
  }

  private void assertAcceptTimesOutAfter(int millis, ServerSocket listener) throws Exception {
    listener.setSoTimeout(millis);
    List<Long> timedOutAt = new ArrayList<>();
    net.spawn(server, "accept", () -> {
      wakingServer.arm(Duration.ofMillis(400));
      long start = server.clock().millis();
      try {
        listener.accept().close();
      } catch (SocketTimeoutException e) {
        timedOutAt.add(server.clock().millis() - start);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    net.run();
    listener.close();
    assertEquals(1, wakingServer.wakes(), "select woke the accept early once");
    assertEquals(List.of((long) millis), timedOutAt, "the accept times out when asked, not later");
    net.checkNoOpenSockets();
  }

  /** {@code socket} connects to a server that stays silent, then reads with a timeout. */
  private void assertReadTimesOutAfter(int millis, Socket socket) throws Exception {
    ServerSocket listener = TwinsockServerSocketFactory.over(server).createServerSocket();
    listener.bind(new InetSocketAddress(server.ipv4(), 0));
    int port = listener.getLocalPort();
    net.spawn(server, "silent", () -> {
      try (listener; Socket accepted = listener.accept()) {
        server.sleep(Duration.ofMillis(3000));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    List<Long> timedOutAt = new ArrayList<>();
    net.spawn(client, "read", () -> {
      try (socket) {
        socket.connect(new InetSocketAddress(server.ipv4(), port));
        socket.setSoTimeout(millis);
        InputStream in = socket.getInputStream();
        wakingClient.arm(Duration.ofMillis(400));
        long start = client.clock().millis();
        try {
          in.read();
        } catch (SocketTimeoutException e) {
          timedOutAt.add(client.clock().millis() - start);
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    net.run();
    assertEquals(1, wakingClient.wakes(), "select woke the read early once");
    assertEquals(List.of((long) millis), timedOutAt, "the read times out when asked, not later");
    net.checkNoOpenSockets();
  }
}
