package dev.twinsock.benchmarks;

import dev.twinsock.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * The heap an idle established TCP pair holds on the sim, without JMH: used heap after full
 * collections with N pairs open, less the same with 100 warm-up pairs open, over N (default
 * 10,000). {@code java -cp ... dev.twinsock.benchmarks.IdleHeapRun [N]}
 */
public final class IdleHeapRun {
  private IdleHeapRun() {}

  public static void main(String[] args) {
    int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    SimTestbed testbed = new SimTestbed(2, SimTestbed.defaults());
    Socket listener = testbed.listen(0, 128);
    List<Socket> open = new ArrayList<>(2 * (pairs + 100));
    connect(testbed, listener, open, 100); // the first pairs load classes and grow the tables
    long before = IdleConnectionsBenchmark.usedHeapAfterGc();
    connect(testbed, listener, open, pairs);
    long after = IdleConnectionsBenchmark.usedHeapAfterGc();
    System.out.printf("%d idle pairs on the sim: %d bytes of heap per pair%n", pairs, (after - before) / pairs);
    testbed.close();
  }

  private static void connect(SimTestbed testbed, Socket listener, List<Socket> open, int pairs) {
    for (int i = 0; i < pairs; i++) {
      open.add(testbed.connect(1, 0, listener));
      open.add(listener.accept());
    }
  }
}
