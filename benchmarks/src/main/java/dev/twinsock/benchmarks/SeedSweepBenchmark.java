package dev.twinsock.benchmarks;

import dev.twinsock.Socket;
import dev.twinsock.sim.SimNetwork;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Scenario 9 (sim only): a seed sweep of a small scenario — a client task connects to an echo
 * task on another host, echoes {@value #MESSAGES} messages of {@value #SIZE} bytes, and closes —
 * with the default trace (the newest {@value dev.twinsock.sim.SimTrace#DEFAULT_CAPACITY} events
 * kept) or with no events kept. One operation is one seed: a fresh network, run to
 * its end, its trace hash taken. The state is per thread, so a run with two threads sweeps on two
 * networks in parallel.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SeedSweepBenchmark {
  static final int MESSAGES = 10;
  static final int SIZE = 100;

  /** true: the builder's default trace; false: no events kept ({@code traceCapacity(0)}). */
  @Param({"true", "false"})
  public boolean keepTraceEvents;

  private long seed;
  private final byte[] message = new byte[SIZE];

  @Benchmark
  public String seed() {
    SimNetwork.Builder builder = SimNetwork.builder().seed(++seed);
    if (!keepTraceEvents) {
      builder.traceCapacity(0);
    }
    try (SimTestbed testbed = new SimTestbed(2, builder)) {
      Socket listener = testbed.listen(0, 1);
      testbed.spawn(0, "echo", () -> {
        Socket connection = listener.accept();
        for (byte[] got; (got = connection.read(SIZE)).length > 0; ) {
          Io.writeFully(connection, got);
        }
        connection.close();
        listener.close();
      });
      testbed.spawn(1, "client", () -> {
        Socket connection = testbed.connect(1, 0, listener);
        for (int i = 0; i < MESSAGES; i++) {
          Io.writeFully(connection, message);
          Io.readFully(connection, SIZE);
        }
        connection.close();
      });
      testbed.runAll();
      return testbed.network().trace().hash();
    }
  }
}
