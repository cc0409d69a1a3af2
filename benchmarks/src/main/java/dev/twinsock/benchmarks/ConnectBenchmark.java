package dev.twinsock.benchmarks;

import dev.twinsock.Socket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Scenario 1: a TCP connect, its accept, and both closes, from one thread (the sim's driver),
 * client first as most clients do. The sim moves its clock 10 ms after each connection so that
 * TIME_WAIT (60 s) expires as on a server doing 100 connections a second, instead of exhausting
 * the client's ephemeral ports; the kernel's loopback reuses TIME_WAIT ports itself (tcp_tw_reuse).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ConnectBenchmark {
  private static final Duration BETWEEN_CONNECTIONS = Duration.ofMillis(10);

  @Param({"sim", "os", "jdk"})
  public String backend;

  private Testbed testbed;
  private Socket listener;
  private ServerSocketChannel jdkListener;
  private InetSocketAddress jdkAddress;

  @Setup
  public void setUp() throws IOException {
    if (backend.equals("jdk")) {
      jdkListener = ServerSocketChannel.open();
      jdkListener.bind(new InetSocketAddress("127.0.0.1", 0), 128);
      jdkAddress = (InetSocketAddress) jdkListener.getLocalAddress();
    } else {
      testbed = Testbed.of(backend, 2);
      listener = testbed.listen(0, 128);
    }
  }

  @Benchmark
  public void connectAcceptClose() throws IOException {
    if (jdkListener != null) {
      SocketChannel client = SocketChannel.open(jdkAddress);
      SocketChannel accepted = jdkListener.accept();
      client.close();
      accepted.close();
      return;
    }
    Socket client = testbed.connect(1, 0, listener);
    Socket accepted = listener.accept();
    client.close();
    accepted.close();
    if (testbed instanceof SimTestbed) {
      ((SimTestbed) testbed).network().runFor(BETWEEN_CONNECTIONS);
    }
  }

  @TearDown
  public void tearDown() throws IOException {
    if (jdkListener != null) {
      jdkListener.close();
    } else {
      testbed.close();
    }
  }
}
