package dev.twinsock.benchmarks;

import dev.twinsock.Socket;
import dev.twinsock.sim.SimHost;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Scenario 8: {@code clients} clients each echo {@code kibibytes} KiB through one server, in 64 KiB
 * chunks (write a chunk, read it back), the server answering each connection in a task (a thread)
 * of its own. The sim's link between client and server loses 1% of packets each way; the kernel's
 * loopback loses none. One operation is the whole run, from the listener to the last close.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EchoBenchmark {
  static final int CHUNK = 64 * 1024;
  static final double SIM_LOSS = 0.01;

  @Param({"sim", "os", "jdk"})
  public String backend;

  @Param({"100"})
  public int clients;

  @Param({"1024"})
  public int kibibytes;

  private final byte[] chunk = new byte[CHUNK];

  @Benchmark
  public void echo() throws IOException {
    if (backend.equals("jdk")) {
      jdkEcho();
      return;
    }
    try (Testbed testbed = Testbed.of(backend, 2)) {
      if (testbed instanceof SimTestbed) {
        SimTestbed sim = (SimTestbed) testbed;
        SimHost server = sim.simHost(0);
        SimHost client = sim.simHost(1);
        sim.network().link(server, client).loss(SIM_LOSS);
      }
      Socket listener = testbed.listen(0, clients);
      for (int i = 0; i < clients; i++) {
        testbed.spawn(0, "server-" + i, () -> {
          Socket connection = listener.accept();
          while (true) {
            byte[] got = connection.read(CHUNK);
            if (got.length == 0) {
              break;
            }
            Io.writeFully(connection, got);
          }
          connection.close();
        });
        testbed.spawn(1, "client-" + i, () -> {
          Socket connection = testbed.connect(1, 0, listener);
          for (int sent = 0; sent < kibibytes * 1024; sent += CHUNK) {
            Io.writeFully(connection, chunk);
            Io.readFully(connection, CHUNK);
          }
          connection.close();
        });
      }
      testbed.runAll();
      listener.close();
    }
  }

  private void jdkEcho() throws IOException {
    try (ServerSocket listener = new ServerSocket()) {
      listener.bind(new InetSocketAddress("127.0.0.1", 0), clients);
      int port = listener.getLocalPort();
      Threads threads = new Threads();
      for (int i = 0; i < clients; i++) {
        threads.add("server-" + i, () -> {
          try (java.net.Socket connection = listener.accept()) {
            InputStream in = connection.getInputStream();
            OutputStream out = connection.getOutputStream();
            byte[] buffer = new byte[CHUNK];
            for (int n; (n = in.read(buffer)) > 0; ) {
              out.write(buffer, 0, n);
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
        threads.add("client-" + i, () -> {
          try (java.net.Socket connection = new java.net.Socket("127.0.0.1", port)) {
            InputStream in = connection.getInputStream();
            OutputStream out = connection.getOutputStream();
            byte[] buffer = new byte[CHUNK];
            for (int sent = 0; sent < kibibytes * 1024; sent += CHUNK) {
              out.write(chunk);
              Io.readFully(in, buffer, CHUNK);
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      }
      threads.runAll();
    }
  }
}
