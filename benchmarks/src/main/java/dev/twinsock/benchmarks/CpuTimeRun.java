package dev.twinsock.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * The CPU time one operation of a benchmark costs, measured in this JVM as the process's CPU time
 * (every thread, user and system) over a fixed number of operations after a warm-up. On a machine
 * shared with other builds, wall-clock rates move with the load; CPU time per operation moves far
 * less, so this is the measure to compare two builds with there.
 *
 * <p>Usage: {@code CpuTimeRun BACKEND SCENARIO [PAIRS]}, backend {@code sim} or {@code os}, scenario
 * one of {@code connect select udp pingpong bulk idle ring}; prints one line ({@code idle} and
 * {@code ring} take a size: pairs, hosts). The workloads are the JMH
 * benchmarks' own (their set-up, operation and tear-down methods, called directly).
 */
public final class CpuTimeRun {
  private interface Operation {
    void run() throws Exception;
  }

  private CpuTimeRun() {}

  private static long cpuNanos() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static void measure(String what, int warmUp, int operations, double unitsPerOperation, String unit,
      Operation operation) throws Exception {
    for (int i = 0; i < warmUp; i++) {
      operation.run();
    }
    long start = cpuNanos();
    for (int i = 0; i < operations; i++) {
      operation.run();
    }
    double nanos = (double) (cpuNanos() - start) / operations / unitsPerOperation;
    System.out.printf(Locale.ROOT, "%-30s %10.2f µs CPU per %s%n", what, nanos / 1000, unit);
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: CpuTimeRun sim|os connect|select|udp|pingpong|bulk|idle|ring [PAIRS|HOSTS]");
    }
    String backend = args[0];
    String scenario = args[1];
    String what = scenario + " (" + backend + ")";
    switch (scenario) {
      case "connect": {
        ConnectBenchmark benchmark = new ConnectBenchmark();
        benchmark.backend = backend;
        benchmark.setUp();
        measure(what, 20_000, 20_000, 1, "connection", benchmark::connectAcceptClose);
        benchmark.tearDown();
        break;
      }
      case "select": {
        SelectPingPongBenchmark benchmark = new SelectPingPongBenchmark();
        benchmark.backend = backend;
        benchmark.setUp();
        measure(what, 50_000, 100_000, 1, "round trip", benchmark::roundTrip);
        benchmark.tearDown();
        break;
      }
      case "udp": {
        UdpBenchmark benchmark = new UdpBenchmark();
        benchmark.backend = backend;
        benchmark.setUp();
        measure(what, 100_000, 200_000, 1, "datagram", benchmark::datagram);
        benchmark.tearDown();
        break;
      }
      case "pingpong": {
        BlockingPingPongBenchmark benchmark = new BlockingPingPongBenchmark();
        benchmark.backend = backend;
        benchmark.setUp();
        measure(what, 5, 10, BlockingPingPongBenchmark.ROUND_TRIPS, "round trip", benchmark::roundTrips);
        benchmark.tearDown();
        break;
      }
      case "bulk": {
        BulkTransferBenchmark benchmark = new BulkTransferBenchmark();
        benchmark.backend = backend;
        benchmark.mebibytes = 32;
        measure(what, 2, 3, 32, "MiB", () -> {
          benchmark.setUp();
          benchmark.transfer();
          benchmark.tearDown();
        });
        break;
      }
      case "idle": {
        int pairs = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        IdleConnectionsBenchmark benchmark = new IdleConnectionsBenchmark();
        benchmark.backend = backend;
        benchmark.pairs = pairs;
        IdleConnectionsBenchmark.Heap heap = new IdleConnectionsBenchmark.Heap();
        long[] setUpNanos = new long[1];
        Operation operation = () -> {
          benchmark.setUp();
          long start = cpuNanos();
          benchmark.setUpPairs(heap);
          setUpNanos[0] += cpuNanos() - start;
          benchmark.tearDown();
        };
        int rounds = Math.max(3, 30_000 / pairs);
        for (int i = 0; i < rounds; i++) {
          operation.run();
        }
        setUpNanos[0] = 0;
        for (int i = 0; i < rounds; i++) {
          operation.run();
        }
        System.out.printf(Locale.ROOT, "%-30s %10.2f µs CPU per pair set up, heap %.0f B per pair%n",
            "idle " + pairs + " (" + backend + ")", setUpNanos[0] / 1000.0 / rounds / pairs, heap.heapBytesPerPair);
        break;
      }
      case "ring": {
        int hosts = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        RingBenchmark benchmark = new RingBenchmark();
        benchmark.hosts = hosts;
        benchmark.setUp();
        RingBenchmark.Progress progress = new RingBenchmark.Progress();
        int slices = Math.max(20, 20_000 / hosts); // about the same number of messages at every size
        for (int i = 0; i < slices; i++) {
          benchmark.slice(progress);
        }
        progress.reset();
        long start = cpuNanos();
        for (int i = 0; i < slices; i++) {
          benchmark.slice(progress);
        }
        double nanos = (double) (cpuNanos() - start) / progress.messages;
        System.out.printf(Locale.ROOT, "%-30s %10.2f µs CPU per message (%d messages)%n",
            "ring " + hosts + " (sim)", nanos / 1000, progress.messages);
        benchmark.tearDown();
        break;
      }
      default:
        throw new IllegalArgumentException("no scenario " + scenario);
    }
    // the os testbed's and the sim's threads are daemons or ended; exit at once either way
    System.exit(0);
  }
}
