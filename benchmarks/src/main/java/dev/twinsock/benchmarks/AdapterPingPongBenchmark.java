package dev.twinsock.benchmarks;

import dev.twinsock.jdk.net.TwinsockServerSocketFactory;
import dev.twinsock.jdk.net.TwinsockSocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import javax.net.ServerSocketFactory;
import javax.net.SocketFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Scenario 10: scenario 2's 1-byte blocking ping-pong, written once against {@code java.net.Socket}
 * and run over the JDK adapters ({@link TwinsockSocketFactory}, {@link TwinsockServerSocketFactory})
 * on the sim (two tasks on two hosts) and on the os backend (two threads), and over the JDK's own
 * {@code java.net.Socket} on loopback. One operation is one round trip; each invocation starts both
 * parties for {@value #ROUND_TRIPS} of them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AdapterPingPongBenchmark {
  static final int ROUND_TRIPS = 2_000;

  @Param({"sim", "os", "jdk"})
  public String backend;

  private Testbed testbed;
  private Socket ping;
  private Socket pong;

  @Setup
  public void setUp() throws IOException {
    ServerSocketFactory servers;
    SocketFactory clients;
    String serverAddress;
    if (backend.equals("jdk")) {
      servers = ServerSocketFactory.getDefault();
      clients = SocketFactory.getDefault();
      serverAddress = "127.0.0.1";
    } else {
      testbed = Testbed.of(backend, 2);
      servers = TwinsockServerSocketFactory.over(testbed.host(0));
      clients = TwinsockSocketFactory.over(testbed.host(1));
      serverAddress = testbed.address(0);
    }
    InetAddress server = InetAddress.getByName(serverAddress);   // a numeric address: no lookup
    try (ServerSocket listener = servers.createServerSocket()) {
      listener.bind(new InetSocketAddress(server, 0), 1);
      // the connection completes in the listener's backlog; accept takes it without a second party
      ping = clients.createSocket(server, listener.getLocalPort());
      pong = listener.accept();
    }
    ping.setTcpNoDelay(true);
    pong.setTcpNoDelay(true);
  }

  @Benchmark
  @OperationsPerInvocation(ROUND_TRIPS)
  public void roundTrips() {
    if (testbed == null) {
      Threads.runAll(() -> side(pong, false), () -> side(ping, true));
      return;
    }
    testbed.spawn(0, "pong", () -> side(pong, false));
    testbed.spawn(1, "ping", () -> side(ping, true));
    testbed.runAll();
  }

  /** {@value #ROUND_TRIPS} round trips: the first party writes, then reads; the other reads, then writes. */
  private static void side(Socket socket, boolean first) {
    Io.pingPong(socket, first, ROUND_TRIPS);
  }

  @TearDown
  public void tearDown() throws IOException {
    ping.close();
    pong.close();
    if (testbed != null) {
      testbed.close();
    }
  }
}
