package dev.twinsock.benchmarks;

import dev.twinsock.Socket;
import java.io.IOException;
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
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Scenario 4: a bulk transfer of {@code mebibytes} MiB over one TCP connection in 64 KiB writes,
 * a writer and a reader in blocking style (two tasks, or two threads). One operation is the whole
 * transfer; MB/s is its size over its time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class BulkTransferBenchmark {
  static final int WRITE = 64 * 1024;

  @Param({"sim", "os", "jdk"})
  public String backend;

  @Param({"256"})
  public int mebibytes;

  private final byte[] chunk = new byte[WRITE];
  private Testbed testbed;
  private Socket writer;
  private Socket reader;
  private java.net.Socket jdkWriter;
  private java.net.Socket jdkReader;

  @Setup
  public void setUp() throws IOException {
    if (backend.equals("jdk")) {
      try (ServerSocket listener = new ServerSocket()) {
        listener.bind(new InetSocketAddress("127.0.0.1", 0));
        jdkWriter = new java.net.Socket("127.0.0.1", listener.getLocalPort());
        jdkReader = listener.accept();
      }
      return;
    }
    testbed = Testbed.of(backend, 2);
    Socket listener = testbed.listen(0, 1);
    writer = testbed.connect(1, 0, listener);
    reader = listener.accept();
    listener.close();
  }

  long bytes() {
    return (long) mebibytes * 1024 * 1024;
  }

  @Benchmark
  public void transfer() {
    long total = bytes();
    if (jdkWriter != null) {
      byte[] buffer = new byte[WRITE];
      Threads.runAll(() -> {
        try {
          OutputStream out = jdkWriter.getOutputStream();
          for (long sent = 0; sent < total; sent += WRITE) {
            out.write(chunk);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }, () -> {
        try {
          long left = total;
          while (left > 0) {
            int n = jdkReader.getInputStream().read(buffer);
            if (n < 0) {
              throw new IllegalStateException("end of stream in a bulk transfer");
            }
            left -= n;
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      return;
    }
    testbed.spawn(1, "writer", () -> {
      for (long sent = 0; sent < total; sent += WRITE) {
        Io.writeFully(writer, chunk);
      }
    });
    testbed.spawn(0, "reader", () -> {
      long left = total;
      while (left > 0) {
        byte[] got = reader.read(WRITE);
        if (got.length == 0) {
          throw new IllegalStateException("end of stream in a bulk transfer");
        }
        left -= got.length;
      }
    });
    testbed.runAll();
  }

  @TearDown
  public void tearDown() throws IOException {
    if (jdkWriter != null) {
      jdkWriter.close();
      jdkReader.close();
    } else {
      testbed.close();
    }
  }
}
