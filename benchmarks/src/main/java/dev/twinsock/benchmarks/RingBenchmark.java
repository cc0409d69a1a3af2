package dev.twinsock.benchmarks;

import dev.twinsock.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Scenario 7 (sim only: the kernel has no 1 ms links): a ring of {@code hosts} simulated hosts,
 * each with a TCP connection to the next over a 1 ms link, each a task that forwards every 64-byte
 * message it receives to the next host. Every host starts one message, so {@code hosts} messages
 * are always in flight. One operation runs {@value #SLICE_MILLIS} ms of virtual time; the
 * secondary results count the messages delivered and the virtual milliseconds run, per wall second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RingBenchmark {
  static final int MESSAGE = 64;
  static final int SLICE_MILLIS = 10;

  @Param({"10", "100", "1000"})
  public int hosts;

  private SimTestbed testbed;
  private long delivered;

  /** What each operation achieved, as rates per wall second. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Progress {
    /** Messages delivered (each one hop of the ring). */
    public long messages;
    /** Milliseconds of virtual time run. */
    public long virtualMillis;

    @Setup(Level.Iteration)
    public void reset() {
      messages = 0;
      virtualMillis = 0;
    }
  }

  @Setup
  public void setUp() {
    testbed = new SimTestbed(hosts, SimTestbed.defaults());
    testbed.network().linkDefaults().latency(Duration.ofMillis(1));
    Socket[] listeners = new Socket[hosts];
    for (int i = 0; i < hosts; i++) {
      listeners[i] = testbed.listen(i, 1);
    }
    Socket[] toNext = new Socket[hosts];
    Socket[] fromPrevious = new Socket[hosts];
    for (int i = 0; i < hosts; i++) {
      int next = (i + 1) % hosts;
      toNext[i] = testbed.connect(i, next, listeners[next]);
      fromPrevious[next] = listeners[next].accept();
      listeners[next].close();
    }
    byte[] message = new byte[MESSAGE];
    for (int i = 0; i < hosts; i++) {
      Socket out = toNext[i];
      Socket in = fromPrevious[i];
      testbed.spawn(i, "forward", () -> {
        Io.writeFully(out, message);
        while (true) {
          Io.readFully(in, MESSAGE);
          delivered++; // tasks run one at a time: no race
          Io.writeFully(out, message);
        }
      });
    }
  }

  @Benchmark
  public long slice(Progress progress) {
    long before = delivered;
    testbed.network().runFor(Duration.ofMillis(SLICE_MILLIS));
    progress.messages += delivered - before;
    progress.virtualMillis += SLICE_MILLIS;
    return delivered;
  }

  @TearDown
  public void tearDown() {
    testbed.close();
  }
}
