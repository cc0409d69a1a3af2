package dev.twinsock.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Socket;
import dev.twinsock.sim.SimHost;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Load and soak: a million simulated connection cycles at the default trace setting with a flat
 * heap, and 100 concurrent clients each echoing 1 MiB on both backends with every byte checked.
 * Runs only with {@code -Dtwinsock.soak=true} (the {@code soak} profile of this module sets it), never
 * in {@code mvn -B verify}; the run times come from surefire's report: this class reads no clock.
 */
@EnabledIfSystemProperty(named = "twinsock.soak", matches = "true")
@Timeout(value = 2, unit = TimeUnit.HOURS)
class SoakTest {
  private static final int CYCLES = Integer.getInteger("twinsock.soak.cycles", 1_000_000);
  private static final int CHECKPOINT = 100_000;
  /** How far used heap after GC may rise from the first checkpoint: 17 bytes a cycle over 900,000 cycles. */
  private static final long HEAP_GROWTH_BOUND = 16L << 20;
  /** As scenario 1: TIME_WAIT (60 s) expires as on a server doing 100 connections a second. */
  private static final Duration BETWEEN_CONNECTIONS = Duration.ofMillis(10);
  private static final byte[] HELLO = "hello, soak".getBytes(StandardCharsets.US_ASCII);

  private static final int CLIENTS = 100;
  private static final int ECHO_BYTES = 1 << 20;
  private static final int CHUNK = 64 * 1024;

  @Test
  void aMillionConnectionCyclesKeepTheHeapFlat() {
    List<Long> heap = new ArrayList<>();
    try (SimTestbed sim = new SimTestbed(2, SimTestbed.defaults())) {
      Socket listener = sim.listen(0, 128);
      for (int cycle = 1; cycle <= CYCLES; cycle++) {
        Socket client = sim.connect(1, 0, listener);
        Socket accepted = listener.accept();
        Io.writeFully(client, HELLO);
        assertArrayEquals(HELLO, readExactly(accepted, HELLO.length), "cycle " + cycle);
        client.close();
        accepted.close();
        sim.network().runFor(BETWEEN_CONNECTIONS);
        if (cycle % CHECKPOINT == 0) {
          heap.add(usedHeapAfterGc());
          System.out.printf("soak: %,d cycles, used heap after GC %,d bytes, %,d trace events kept%n",
              cycle, heap.get(heap.size() - 1), sim.network().trace().events().size());
        }
      }
      listener.close();
      sim.network().run();
      sim.network().checkNoOpenSockets();
    }
    assertTrue(heap.size() >= 2, "fewer than two checkpoints: run at least " + 2 * CHECKPOINT + " cycles");
    for (int i = 1; i < heap.size(); i++) {
      long growth = heap.get(i) - heap.get(0);
      assertTrue(growth <= HEAP_GROWTH_BOUND, String.format("used heap after GC grew %,d bytes from %,d to %,d cycles"
          + " (bound %,d): %s", growth, CHECKPOINT, (i + 1) * CHECKPOINT, HEAP_GROWTH_BOUND, heap));
    }
  }

  @Test
  void aHundredClientsEchoAMebibyteEachOnTheSimOverALossyLink() {
    try (SimTestbed sim = new SimTestbed(2, SimTestbed.defaults())) {
      SimHost server = sim.simHost(0);
      SimHost client = sim.simHost(1);
      sim.network().link(server, client).loss(EchoBenchmark.SIM_LOSS);
      echo(sim);
      sim.network().checkNoOpenSockets();
    }
  }

  @Test
  void aHundredClientsEchoAMebibyteEachOnTheKernel() {
    try (Testbed os = Testbed.of("os", 2)) {
      echo(os);
    }
  }

  /** {@value #CLIENTS} clients each send {@value #ECHO_BYTES} bytes of their own pattern in 64 KiB chunks and check every byte that comes back. */
  private static void echo(Testbed testbed) {
    Socket listener = testbed.listen(0, CLIENTS);
    for (int i = 0; i < CLIENTS; i++) {
      int clientIndex = i;
      testbed.spawn(0, "server-" + i, () -> {
        Socket connection = listener.accept();
        for (byte[] got; (got = connection.read(CHUNK)).length > 0; ) {
          Io.writeFully(connection, got);
        }
        connection.close();
      });
      testbed.spawn(1, "client-" + i, () -> {
        Socket connection = testbed.connect(1, 0, listener);
        for (int offset = 0; offset < ECHO_BYTES; offset += CHUNK) {
          byte[] chunk = pattern(clientIndex, offset, CHUNK);
          Io.writeFully(connection, chunk);
          byte[] back = readExactly(connection, CHUNK);
          for (int k = 0; k < CHUNK; k++) {
            if (back[k] != chunk[k]) {
              throw new AssertionError("client " + clientIndex + ": byte " + (offset + k) + " came back as "
                  + back[k] + ", sent " + chunk[k]);
            }
          }
        }
        connection.close();
      });
    }
    testbed.runAll();
    listener.close();
  }

  /** Bytes no two neighbours of which are equal, different per client, and not periodic in a chunk. */
  private static byte[] pattern(int client, int offset, int length) {
    byte[] bytes = new byte[length];
    for (int k = 0; k < length; k++) {
      int at = offset + k;
      bytes[k] = (byte) (client * 17 + at * 31 + (at >>> 11));
    }
    return bytes;
  }

  private static byte[] readExactly(Socket socket, int length) {
    byte[] whole = new byte[length];
    int filled = 0;
    while (filled < length) {
      byte[] got = socket.read(length - filled);
      if (got.length == 0) {
        throw new AssertionError("end of stream after " + filled + " of " + length + " bytes");
      }
      System.arraycopy(got, 0, whole, filled, got.length);
      filled += got.length;
    }
    return whole;
  }

  private static long usedHeapAfterGc() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
