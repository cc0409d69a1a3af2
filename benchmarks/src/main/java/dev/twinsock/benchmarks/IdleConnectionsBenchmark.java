package dev.twinsock.benchmarks;

import dev.twinsock.Socket;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
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
 * Scenario 6: {@code pairs} idle TCP connections set up one after another (connect, accept) and
 * kept open. One operation sets up all of them; the time per pair is its time over {@code pairs}.
 * The heap each pair holds is measured around the operation: used heap after a full GC with the
 * pairs open, less used heap after a full GC before they were made, over {@code pairs}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class IdleConnectionsBenchmark {
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  @Param({"sim", "os", "jdk"})
  public String backend;

  @Param({"100", "1000", "10000"})
  public int pairs;

  private Testbed testbed;
  private Socket listener;
  private ServerSocketChannel jdkListener;
  private final List<Object> open = new ArrayList<>();
  private long heapBefore;

  /** The heap per idle pair, reported beside the time as a secondary result. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Heap {
    /** Bytes of heap per open pair (the mean of this iteration's operations). */
    public double heapBytesPerPair;

    @Setup(Level.Iteration)
    public void reset() {
      heapBytesPerPair = 0;
    }
  }

  private Heap heap;
  private long samples;
  private double sum;

  @Setup(Level.Invocation)
  public void setUp() throws IOException {
    if (backend.equals("jdk")) {
      jdkListener = ServerSocketChannel.open();
      jdkListener.bind(new InetSocketAddress("127.0.0.1", 0), 128);
    } else {
      testbed = Testbed.of(backend, 2);
      listener = testbed.listen(0, 128);
    }
    heapBefore = usedHeapAfterGc();
  }

  @Benchmark
  public int setUpPairs(Heap heap) throws IOException {
    this.heap = heap;
    if (jdkListener != null) {
      for (int i = 0; i < pairs; i++) {
        open.add(SocketChannel.open(jdkListener.getLocalAddress()));
        open.add(jdkListener.accept());
      }
    } else {
      for (int i = 0; i < pairs; i++) {
        open.add(testbed.connect(1, 0, listener));
        open.add(listener.accept());
      }
    }
    return open.size();
  }

  @TearDown(Level.Invocation)
  public void tearDown() throws IOException {
    sum += (double) (usedHeapAfterGc() - heapBefore) / pairs;
    samples++;
    heap.heapBytesPerPair = sum / samples; // the mean so far: the counter is read once per iteration
    if (jdkListener != null) {
      for (Object channel : open) {
        ((SocketChannel) channel).close();
      }
      jdkListener.close();
    } else {
      testbed.close(); // the os testbed closes its sockets; the sim's go with the network
    }
    open.clear();
  }

  static long usedHeapAfterGc() {
    // two collections: the first may only queue finalizable and reference-processed objects
    System.gc();
    System.gc();
    return MEMORY.getHeapMemoryUsage().getUsed();
  }
}
