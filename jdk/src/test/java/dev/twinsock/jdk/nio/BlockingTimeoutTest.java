package dev.twinsock.jdk.nio;

import static org.junit.jupiter.api.Assertions.*;

import dev.twinsock.jdk.SpuriousWakeSockets;
import dev.twinsock.jdk.net.TwinsockServerSocketFactory;
import dev.twinsock.sim.SimHost;
import dev.twinsock.sim.SimNetwork;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A blocking call with a timeout that select wakes early, with nothing to do, waits no longer than
 * asked: the timeout is a deadline from the call's start, not a limit each wait restarts. On the
 * sim, where virtual time makes the instant exact; the early wake-up is one select(2) may give.
 */
class BlockingTimeoutTest {
  @Test
  void aChannelAcceptWokenEarlyStillTimesOutWhenAsked() throws Exception {
    try (SimNetwork net = SimNetwork.builder().seed(7).build()) {
      SimHost host = net.addHost("server", "10.0.0.1");
      SpuriousWakeSockets sockets = new SpuriousWakeSockets(host, Duration.ofMillis(400));
      ServerSocket view = TwinsockSelectorProvider.over(sockets).openServerSocketChannel().socket();
      assertTimesOutAfter(1000, net, host, sockets, view);
    }
  }

  @Test
  void aFactoryAcceptWokenEarlyStillTimesOutWhenAsked() throws Exception {
    try (SimNetwork net = SimNetwork.builder().seed(7).build()) {
      SimHost host = net.addHost("server", "10.0.0.1");
      SpuriousWakeSockets sockets = new SpuriousWakeSockets(host, Duration.ofMillis(400));
      ServerSocket server = TwinsockServerSocketFactory.over(sockets).createServerSocket();
      assertTimesOutAfter(1000, net, host, sockets, server);
    }
  }

  private static void assertTimesOutAfter(int millis, SimNetwork net, SimHost host, SpuriousWakeSockets sockets,
      ServerSocket server) throws Exception {
    server.bind(new InetSocketAddress(host.ipv4(), 0));
    server.setSoTimeout(millis);
    List<Long> timedOutAt = new ArrayList<>();
    long start = host.clock().millis();
    net.spawn(host, "accept", () -> {
      try {
        server.accept().close();
      } catch (SocketTimeoutException e) {
        timedOutAt.add(host.clock().millis() - start);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    net.run();
    server.close();
    assertEquals(1, sockets.wakes(), "select woke the accept early once");
    assertEquals(List.of((long) millis), timedOutAt, "the accept times out when asked, not later");
    net.checkNoOpenSockets();
  }
}
