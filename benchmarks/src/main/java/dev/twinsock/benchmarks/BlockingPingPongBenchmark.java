package dev.twinsock.benchmarks;

import dev.twinsock.Socket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
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
 * Scenario 2: 1-byte ping-pong round trips over one TCP connection between two parties in
 * blocking style: two sim tasks on two hosts, or two threads on the kernel. One operation is one
 * round trip; each invocation starts both parties for {@value #ROUND_TRIPS} of them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BlockingPingPongBenchmark {
  static final int ROUND_TRIPS = 2_000;
  private static final byte[] ONE = {42};

  @Param({"sim", "os", "jdk"})
  public String backend;

  private Testbed testbed;
  private Socket ping;
  private Socket pong;
  private java.net.Socket jdkPing;
  private java.net.Socket jdkPong;

  @Setup
  public void setUp() throws IOException {
    if (backend.equals("jdk")) {
      try (ServerSocket listener = new ServerSocket()) {
        listener.bind(new InetSocketAddress("127.0.0.1", 0));
        jdkPing = new java.net.Socket("127.0.0.1", listener.getLocalPort());
        jdkPong = listener.accept();
      }
      jdkPing.setTcpNoDelay(true);
      jdkPong.setTcpNoDelay(true);
      return;
    }
    testbed = Testbed.of(backend, 2);
    Socket listener = testbed.listen(0, 1);
    ping = testbed.connect(1, 0, listener);
    pong = listener.accept();
    listener.close();
    NoDelay.set(ping);
    NoDelay.set(pong);
  }

  @Benchmark
  @OperationsPerInvocation(ROUND_TRIPS)
  public void roundTrips() {
    if (jdkPing != null) {
      Threads.runAll(() -> jdkSide(jdkPong, false), () -> jdkSide(jdkPing, true));
      return;
    }
    testbed.spawn(0, "pong", () -> {
      for (int i = 0; i < ROUND_TRIPS; i++) {
        Io.readFully(pong, 1);
        pong.write(ONE);
      }
    });
    testbed.spawn(1, "ping", () -> {
      for (int i = 0; i < ROUND_TRIPS; i++) {
        ping.write(ONE);
        Io.readFully(ping, 1);
      }
    });
    testbed.runAll();
  }

  private static void jdkSide(java.net.Socket socket, boolean first) {
    Io.pingPong(socket, first, ROUND_TRIPS);
  }

  @TearDown
  public void tearDown() throws IOException {
    if (jdkPing != null) {
      jdkPing.close();
      jdkPong.close();
    } else {
      testbed.close();
    }
  }
}
