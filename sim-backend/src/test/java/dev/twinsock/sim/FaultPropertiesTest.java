package dev.twinsock.sim;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Properties of the sim under random fault plans, as seeded loops: each case's parameters come
 * from its seed, and a failure names the seed and the parameters.
 */
class FaultPropertiesTest {
  private static final int CASES = 40;

  /** A random plan for one case, described for the failure message. */
  private static String randomLinks(SimNetwork net, SimHost a, SimHost b, Random random) {
    double loss = random.nextDouble() * 0.3;
    double duplication = random.nextDouble() * 0.2;
    double reorder = random.nextDouble() * 0.3;
    Latency latency = random.nextBoolean()
        ? Latency.uniform(Duration.ofMillis(random.nextInt(5)), Duration.ofMillis(5 + random.nextInt(30)))
        : Latency.exponential(Duration.ofMillis(random.nextInt(5)), Duration.ofMillis(1 + random.nextInt(20)));
    net.link(a, b).loss(loss).duplication(duplication).reorder(reorder).latency(latency);
    return String.format(java.util.Locale.ROOT, "loss %.3f, duplication %.3f, reorder %.3f, latency %s",
        loss, duplication, reorder, latency);
  }

  @Test
  void tcpDeliversEveryByteExactlyOnceInOrderAndEofUnderRandomFaults() {
    for (long seed = 0; seed < CASES; seed++) {
      Random random = new Random(seed);
      SimNetwork net = SimNetwork.builder().seed(seed).build();
      SimHost a = net.addHost("a", "10.0.0.1");
      SimHost b = net.addHost("b", "10.0.0.2");
      SimHost chaos = net.addHost("chaos", "10.0.0.3");
      String plan = randomLinks(net, a, b, random);
      int partitions = random.nextInt(3);
      long[] starts = new long[partitions];
      long[] lengths = new long[partitions];
      for (int i = 0; i < partitions; i++) {
        starts[i] = random.nextInt(2000);
        // together under 31 s: a listener gives up a handshake whose SYN-ACKs (at 1, 3, 7, 15, 31 s)
        // all meet a cut, and data gives up after 924.6 s; both are Linux's limits, not the sim's
        lengths[i] = 1 + random.nextInt(12_000);
      }
      plan += ", partitions at " + Arrays.toString(starts) + " ms for " + Arrays.toString(lengths) + " ms";
      net.spawn(chaos, "partitions", () -> {
        for (int i = 0; i < partitions; i++) {
          chaos.sleep(Duration.ofMillis(starts[i]));
          try (Partition cut = net.partition(Set.of(a), Set.of(b))) {
            chaos.sleep(Duration.ofMillis(lengths[i]));
          }
        }
      });
      byte[] sent = new byte[1 + random.nextInt(60_000)];
      random.nextBytes(sent);
      int chunk = 1 + random.nextInt(20_000);
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      boolean[] eof = {false};
      net.spawn(b, "reader", () -> {
        Socket listener = b.createListen(9000);
        Socket connection = listener.accept();
        listener.close();
        byte[] got;
        while ((got = connection.read(1 + (received.size() % 9000))).length > 0) {
          received.writeBytes(got);
        }
        eof[0] = true;
        connection.close();
      });
      net.spawn(a, "writer", () -> {
        Socket socket = a.create(AF_INET, SOCK_STREAM, SOL_TCP);
        socket.connect("b", 9000);
        int written = 0;
        while (written < sent.length) {
          written += socket.write(Arrays.copyOfRange(sent, written, Math.min(sent.length, written + chunk)));
        }
        socket.close();
      });
      net.run();
      String context = "seed " + seed + ": " + plan + ", " + sent.length + " bytes";
      assertTrue(eof[0], "the reader saw EOF (" + context + ")");
      assertArrayEquals(sent, received.toByteArray(), context);
      net.close();
    }
  }

  @Test
  void aPartitionLongerThanTheRetryLimitTimesOutOnLinuxsSchedule() {
    for (long seed = 0; seed < 10; seed++) {
      Random random = new Random(seed);
      SimNetwork net = SimNetwork.builder().seed(seed).build();
      SimHost a = net.addHost("a", "10.0.0.1");
      SimHost b = net.addHost("b", "10.0.0.2");
      long latency = random.nextInt(20) * 1_000_000L;
      net.link(a, b).latency(Duration.ofNanos(latency));
      Socket listener = b.createListen(7);
      Socket client = a.create(AF_INET, SOCK_STREAM, SOL_TCP);
      client.connect("b", 7);
      listener.accept();
      net.runFor(Duration.ofMillis(random.nextInt(5000)));
      net.partition(Set.of(a), Set.of(b));
      long writtenAt = net.now().toNanos();
      client.write("are you there?".getBytes());
      SocketError error = assertThrows(SocketError.class, () -> client.read(100));
      assertEquals(SOCKET_ETIMEDOUT, error.code());
      // Linux after one RTT sample R: RTO = R + max(2R, 200 ms), doubled per expiry up to 120 s;
      // a tail loss probe first (2R + 200 ms for one segment out, no later than the RTO), the RTO
      // from the probe, and ETIMEDOUT at the first expiry 924.6 s (tcp_retries2 = 15) or more
      // after the first RTO retransmission (retrans_stamp)
      long rtt = 2 * latency;
      long rto = rtt + Math.max(2 * rtt, 200_000_000L);
      long elapsed = Math.min(2 * rtt + 200_000_000L, rto) + rto;
      long firstRetransmission = elapsed;
      rto = Math.min(2 * rto, 120_000_000_000L);
      while (elapsed - firstRetransmission < 924_600_000_000L) {
        elapsed += rto;
        rto = Math.min(2 * rto, 120_000_000_000L);
      }
      assertEquals(elapsed, net.now().toNanos() - writtenAt, "seed " + seed + ", latency " + latency + " ns");
      net.close();
    }
  }

  @Test
  void udpDeliversOnlyWhatWasSentLostDuplicatedOrReorderedAsConfigured() {
    for (long seed = 0; seed < CASES; seed++) {
      Random random = new Random(seed);
      SimNetwork net = SimNetwork.builder().seed(seed).build();
      SimHost a = net.addHost("a", "10.0.0.1");
      SimHost b = net.addHost("b", "10.0.0.2");
      boolean lossy = random.nextBoolean();
      boolean duplicating = random.nextBoolean();
      boolean reordering = random.nextBoolean();
      net.link(a, b).latency(Duration.ofMillis(random.nextInt(10)))
          .loss(lossy ? random.nextDouble() * 0.3 : 0)
          .duplication(duplicating ? random.nextDouble() * 0.3 : 0)
          .reorder(reordering ? 0.05 + random.nextDouble() * 0.3 : 0);
      if (random.nextBoolean()) {
        net.link(a, b).mtu(576 + random.nextInt(1000));
      }
      int count = 200;
      Map<Integer, byte[]> bodies = new HashMap<>();
      for (int i = 0; i < count; i++) {
        byte[] body = Udp.numbered(i, 4 + random.nextInt(3000));
        random.nextBytes(body);
        java.nio.ByteBuffer.wrap(body).putInt(i);
        bodies.put(i, body);
      }
      List<Udp.Arrival> arrivals = Udp.exchange(net, a, b, count, 1_000_000L, bodies::get);
      String context = "seed " + seed + " (loss " + lossy + ", duplication " + duplicating + ", reorder " + reordering + ")";
      Map<Integer, Integer> copies = new HashMap<>();
      int inversions = 0;
      for (int i = 0; i < arrivals.size(); i++) {
        Udp.Arrival arrival = arrivals.get(i);
        assertArrayEquals(bodies.get(arrival.index()), arrival.data(), "never corrupted: " + context);
        copies.merge(arrival.index(), 1, Integer::sum);
        if (i > 0 && arrival.index() < arrivals.get(i - 1).index()) {
          inversions++;
        }
      }
      int most = copies.values().stream().mapToInt(Integer::intValue).max().orElse(0);
      assertTrue(most <= (duplicating ? 2 : 1), "copies at most as duplication allows: " + context);
      if (!lossy) {
        assertEquals(count, copies.size(), "nothing lost without loss: " + context);
      } else {
        assertTrue(copies.size() < count || count == copies.size(), context);
      }
      if (!reordering) {
        assertEquals(0, inversions, "in order without reordering (constant latency): " + context);
      }
      if (duplicating) {
        long dups = net.trace().events().stream().filter(l -> l.contains(" dup a>b ")).count();
        assertEquals(dups, arrivals.size() - copies.size(), "extra copies are the traced duplicates: " + context);
      }
      net.close();
    }
  }
}
