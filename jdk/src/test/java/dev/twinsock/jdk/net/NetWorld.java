package dev.twinsock.jdk.net;

import dev.twinsock.jdk.internal.SignalledWait;
import dev.twinsock.os.OsSockets;
import dev.twinsock.sim.SimHost;
import dev.twinsock.sim.SimNetwork;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ServerSocketFactory;
import javax.net.SocketFactory;

/**
 * Where a java.net test runs: two simulated hosts of one network, the real kernel through the
 * adapter, or the real kernel through the JDK's own sockets (the reference of the differential
 * test). The test thread plays the client; {@link #background} runs the server side in a sim task
 * or a thread.
 */
abstract class NetWorld implements AutoCloseable {
  abstract SocketFactory client();

  abstract ServerSocketFactory server();

  /** Client sockets of the server's host (on the real kernel: the same as {@link #client()}). */
  abstract SocketFactory serverHostClient();

  /** The numeric address the server side listens on. */
  abstract String serverAddress();

  /** A name of the server a client resolves through the client's backend (no DNS). */
  abstract String serverName();

  /** The backend of the client side. */
  abstract dev.twinsock.Sockets clientSockets();

  /** Runs {@code body} beside the test thread: a task of the server host, or a thread. */
  abstract void background(String name, Body body);

  /** Where a server runs each connection: the server host's executor (its tasks), or a thread each. */
  abstract java.util.concurrent.Executor connections();

  /** Waits inside a background body: virtual time on the sim, real time otherwise. */
  abstract void pause(Duration duration);

  /**
   * Waits inside a background body until {@code thread} is blocked in a socket call: on the sim a
   * virtual pause (the driver runs the sim only while it is blocked), on the real kernel until the
   * thread's stack shows the wait, so a close from the background meets a blocked call and not one
   * about to start.
   */
  abstract void awaitBlocked(Thread thread);

  /** Waits for the background bodies to end, rethrows what failed, and checks nothing leaked. */
  abstract void finish() throws Exception;

  interface Body {
    void run() throws Exception;
  }

  static List<NetWorld> adapters() {
    return List.of(new Sim(1), new Os());
  }

  static final class Sim extends NetWorld {
    final SimNetwork net;
    final SimHost serverHost;
    final SimHost clientHost;

    Sim(long seed) {
      this(seed, link -> link.latency(Duration.ofMillis(5)));
    }

    /** Two hosts whose link {@code link} sets up (latency, loss...). */
    Sim(long seed, java.util.function.Consumer<dev.twinsock.sim.SimLink> link) {
      net = SimNetwork.builder().seed(seed).build();
      serverHost = net.addHost("server", "10.0.0.1");
      clientHost = net.addHost("client", "10.0.0.2");
      link.accept(net.link(serverHost, clientHost));
    }

    @Override
    dev.twinsock.Sockets clientSockets() {
      return clientHost;
    }

    @Override
    String serverName() {
      return serverHost.name();
    }

    @Override
    SocketFactory client() {
      return TwinsockSocketFactory.over(clientHost);
    }

    @Override
    ServerSocketFactory server() {
      return TwinsockServerSocketFactory.over(serverHost);
    }

    @Override
    SocketFactory serverHostClient() {
      return TwinsockSocketFactory.over(serverHost);
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
    java.util.concurrent.Executor connections() {
      return serverHost.executor();
    }

    @Override
    void awaitBlocked(Thread thread) {
      pause(Duration.ofMillis(100));
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

  /** Threads on the real kernel: the adapter over OsSockets, or (reference) the JDK's own sockets. */
  static class Os extends NetWorld {
    final OsSockets os = new OsSockets();
    private final List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    @Override
    SocketFactory client() {
      return TwinsockSocketFactory.over(os);
    }

    @Override
    ServerSocketFactory server() {
      return TwinsockServerSocketFactory.over(os);
    }

    @Override
    SocketFactory serverHostClient() {
      return client();
    }

    @Override
    String serverAddress() {
      return "127.0.0.1";
    }

    @Override
    String serverName() {
      return "127.0.0.1";
    }

    @Override
    dev.twinsock.Sockets clientSockets() {
      return os;
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
    java.util.concurrent.Executor connections() {
      return command -> background("connection", command::run);
    }

    @Override
    void awaitBlocked(Thread thread) {
      for (int i = 0; i < 1000 && !blockedInSocketWait(thread); i++) {
        pause(Duration.ofMillis(10));
      }
      pause(Duration.ofMillis(20));
    }

    /** In the JDK's poll or blocking read (NioSocketImpl.park, SocketDispatcher.read0), or the adapter's wait. */
    private static boolean blockedInSocketWait(Thread thread) {
      for (StackTraceElement frame : thread.getStackTrace()) {
        if ((frame.getClassName().equals("sun.nio.ch.NioSocketImpl") && frame.getMethodName().equals("park"))
            || (frame.getClassName().equals("sun.nio.ch.SocketDispatcher") && frame.getMethodName().equals("read0"))
            || frame.getClassName().equals(SignalledWait.class.getName())) {
          return true;
        }
      }
      return false;
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
      // a thread may start another (a server's connection): join until none is left
      while (!threads.isEmpty()) {
        Thread thread = threads.get(0);
        thread.join();
        threads.remove(thread);
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

  /** The JDK's own sockets on loopback: what the adapter is compared with. */
  static final class Jdk extends Os {
    @Override
    SocketFactory client() {
      return SocketFactory.getDefault();
    }

    @Override
    ServerSocketFactory server() {
      return ServerSocketFactory.getDefault();
    }

    @Override
    public String toString() {
      return "jdk";
    }
  }
}
