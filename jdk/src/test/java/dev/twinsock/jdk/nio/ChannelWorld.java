package dev.twinsock.jdk.nio;

import dev.twinsock.os.OsSockets;
import dev.twinsock.sim.SimHost;
import dev.twinsock.sim.SimNetwork;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where a channel test runs: two simulated hosts of one network, or the real kernel on loopback.
 * The test thread is one side; {@link #background} runs the other side in a sim task or a thread.
 */
abstract class ChannelWorld implements AutoCloseable {
  /** The provider of the side the test thread plays (the client). */
  abstract TwinsockSelectorProvider client();

  /** The provider of the side {@link #background} plays (the server). */
  abstract TwinsockSelectorProvider server();

  /** The server host's address. */
  abstract String serverAddress();

  InetSocketAddress server(int port) {
    return new InetSocketAddress(serverAddress(), port);
  }

  /** Runs {@code body} beside the test thread: a task of the server host, or a thread. */
  abstract void background(String name, Body body);

  /** Waits inside a background body: virtual time on the sim, real time on the os backend. */
  abstract void pause(Duration duration);

  /** Waits for the background bodies to end, rethrows what failed, and checks nothing leaked. */
  abstract void finish() throws Exception;

  interface Body {
    void run() throws Exception;
  }

  static List<ChannelWorld> both() {
    return List.of(new Sim(1), new Os());
  }

  static final class Sim extends ChannelWorld {
    final SimNetwork net;
    final SimHost serverHost;
    final SimHost clientHost;
    private final TwinsockSelectorProvider server;
    private final TwinsockSelectorProvider client;

    Sim(long seed) {
      net = SimNetwork.builder().seed(seed).build();
      serverHost = net.addHost("server", "10.0.0.1");
      clientHost = net.addHost("client", "10.0.0.2");
      net.link(serverHost, clientHost).latency(Duration.ofMillis(5));
      server = TwinsockSelectorProvider.over(serverHost);
      client = TwinsockSelectorProvider.over(clientHost);
    }

    @Override
    TwinsockSelectorProvider client() {
      return client;
    }

    @Override
    TwinsockSelectorProvider server() {
      return server;
    }

    @Override
    String serverAddress() {
      return serverHost.ipv4();
    }

    @Override
    void background(String name, Body body) {
      net.spawn(serverHost, name, () -> {
        try {
          body.run();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
    }

    @Override
    void pause(Duration duration) {
      serverHost.sleep(duration);
    }

    @Override
    void finish() {
      net.run();
      net.checkNoOpenSockets();
    }

    @Override
    public void close() {
      net.close();
    }

    @Override
    public String toString() {
      return "sim";
    }
  }

  static final class Os extends ChannelWorld {
    final OsSockets os = new OsSockets();
    private final TwinsockSelectorProvider provider = TwinsockSelectorProvider.over(os);
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    @Override
    TwinsockSelectorProvider client() {
      return provider;
    }

    @Override
    TwinsockSelectorProvider server() {
      return provider;
    }

    @Override
    String serverAddress() {
      return "127.0.0.1";
    }

    @Override
    void background(String name, Body body) {
      Thread thread = new Thread(() -> {
        try {
          body.run();
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      }, name);
      threads.add(thread);
      thread.start();
    }

    @Override
    void pause(Duration duration) {
      try {
        Thread.sleep(duration.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    void finish() throws Exception {
      for (Thread thread : threads) {
        thread.join();
      }
      Throwable failed = failure.get();
      if (failed instanceof Exception) {
        throw (Exception) failed;
      }
      if (failed != null) {
        throw new AssertionError(failed);
      }
      os.checkNoOpenSockets();
    }

    @Override
    public void close() {
      os.close();
    }

    @Override
    public String toString() {
      return "os";
    }
  }
}
