package dev.twinsock.sim;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Socket;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Each link fault, seen from the sockets: latency distributions, duplication, reordering, bandwidth, MTU, defaults. */
class LinkFaultsTest {
  private static final long MS = 1_000_000L;
  private static final long GAP = 20 * MS;

  private static SimNetwork net(long seed) {
    return SimNetwork.builder().seed(seed).build();
  }

  private static long[] delays(List<Udp.Arrival> arrivals) {
    return arrivals.stream().mapToLong(a -> a.nanos() - a.index() * GAP).toArray();
  }

  @Test
  void constantLatencyDelaysEveryPacketByExactlyThatMuch() {
    SimNetwork net = net(1);
    SimHost a = net.addHost("a", "10.0.0.1");
    SimHost b = net.addHost("b", "10.0.0.2");
    net.link(a, b).latency(Duration.ofMillis(5));
    List<Udp.Arrival> arrivals = Udp.exchange(net, a, b, 50, GAP);
    assertEquals(50, arrivals.size());
    for (long delay : delays(arrivals)) {
      assertEquals(5 * MS, delay);
    }
  }

  @Test
  void uniformLatencyStaysWithinItsBoundsAndVaries() {
    SimNetwork net = net(2);
    SimHost a = net.addHost("a", "10.0.0.1");
    SimHost b = net.addHost("b", "10.0.0.2");
    net.link(a, b).latency(Latency.uniform(Duration.ofMillis(1), Duration.ofMillis(9)));
    long[] delays = delays(Udp.exchange(net, a, b, 200, GAP));
    assertEquals(200, delays.length);
    Set<Long> distinct = new TreeSet<>();
    for (long delay : delays) {
      assertTrue(delay >= MS && delay <= 9 * MS, "within [1, 9] ms: " + delay);
      distinct.add(delay / MS);
    }
    assertTrue(distinct.size() >= 8, "spread over the range: " + distinct);
  }

  @Test
  void exponentialLatencyHasItsMinimumAndMean() {
    SimNetwork net = net(3);
    SimHost a = net.addHost("a", "10.0.0.1");
    SimHost b = net.addHost("b", "10.0.0.2");
    net.link(a, b).latency(Latency.exponential(Duration.ofMillis(2), Duration.ofMillis(8)));
    long[] delays = delays(Udp.exchange(net, a, b, 400, GAP));
    double mean = 0;
    for (long delay : delays) {
      assertTrue(delay >= 2 * MS);
      mean += delay / (double) delays.length;
    }
    assertTrue(mean > 8 * MS && mean < 12 * MS, "mean about 10 ms: " + mean / MS);
  }

  @Test
  void aUserLatencyFunctionDrawsFromTheLinksStream() {
    SimNetwork net = net(4);
    SimHost a = net.addHost("a", "10.0.0.1");
    SimHost b = net.addHost("b", "10.0.0.2");
    net.link(a, b).latency(uniform -> Duration.ofMillis(uniform.getAsDouble() < 0.5 ? 1 : 100));
    Map<Long, Integer> counts = new HashMap<>();
    for (long delay : delays(Udp.exchange(net, a, b, 100, GAP))) {
      counts.merge(delay / MS, 1, Integer::sum);
    }
    assertEquals(Set.of(1L, 100L), counts.keySet());
    assertTrue(counts.get(1L) > 25 && counts.get(100L) > 25, counts.toString());
  }

  @Test
  void duplicationDeliversSomeDatagramsTwiceAndTheTraceSaysWhich() {
    SimNetwork net = net(5);
    SimHost a = net.addHost("a", "10.0.0.1");
    SimHost b = net.addHost("b", "10.0.0.2");
    net.link(a, b).latency(Duration.ofMillis(3)).duplication(0.3);
    List<Udp.Arrival> arrivals = Udp.exchange(net, a, b, 200, GAP);
    Map<Integer, Integer> copies = new HashMap<>();
    arrivals.forEach(x -> copies.merge(x.index(), 1, Integer::sum));
    assertEquals(200, copies.size(), "every datagram arrived");
    long twice = copies.values().stream().filter(n -> n == 2).count();
    assertTrue(copies.values().stream().allMatch(n -> n <= 2));
    assertTrue(twice > 30 && twice < 90, "about 30% twice: " + twice);
    assertEquals(twice, net.trace().events().stream().filter(l -> l.contains(" dup a>b udp")).count());
  }

  @Test
  void reorderingLetsLaterDatagramsOvertakeAndTcpPutsSegmentsBackInOrder() {
    SimNetwork net = net(6);
    SimHost a = net.addHost("a", "10.0.0.1");
    SimHost b = net.addHost("b", "10.0.0.2");
    net.link(a, b).latency(Duration.ofMillis(1)).reorder(0.3, Duration.ofMillis(10));
    List<Udp.Arrival> arrivals = Udp.exchange(net, a, b, 200, 2 * MS);
    assertEquals(200, arrivals.size(), "nothing lost");
    int inversions = 0;
    for (int i = 1; i < arrivals.size(); i++) {
      if (arrivals.get(i).index() < arrivals.get(i - 1).index()) {
        inversions++;
      }
    }
    assertTrue(inversions > 20, "datagrams overtook each other: " + inversions);

    byte[] sent = TcpTransfer.pattern(100_000);
    assertArrayEquals(sent, TcpTransfer.oneWay(net, a, b, sent, 7000));
  }

  @Test
  void bandwidthPacesPacketsAndAFullQueueDropsTheTail() {
    SimNetwork net = net(7);
    SimHost a = net.addHost("a", "10.0.0.1");
    SimHost b = net.addHost("b", "10.0.0.2");
    // 1000-byte payloads are 1028-byte IP packets: 10 fit a 10280-byte queue
    net.link(a, b).bandwidth(100_000, 10_280);
    List<Udp.Arrival> arrivals = Udp.exchange(net, a, b, 30, 0, i -> Udp.numbered(i, 1000));
    assertEquals(10, arrivals.size(), "the first ten queued, the rest dropped");
    for (int i = 0; i < arrivals.size(); i++) {
      assertEquals(i, arrivals.get(i).index());
      assertEquals((i + 1) * 10_280_000L, arrivals.get(i).nanos(), "one every 1028 bytes / 100000 B/s");
    }
    assertEquals(20, net.trace().events().stream().filter(l -> l.contains("drop (queue full) a>b")).count());

    SimNetwork slow = net(8);
    SimHost c = slow.addHost("c", "10.0.0.3");
    SimHost d = slow.addHost("d", "10.0.0.4");
    slow.link(c, d).bandwidth(50_000, 30_000);
    byte[] sent = TcpTransfer.pattern(200_000);
    assertArrayEquals(sent, TcpTransfer.oneWay(slow, c, d, sent, 50_000));
    assertTrue(slow.now().toMillis() >= 4000, "200 kB at 50 kB/s takes four seconds or more: " + slow.now());
  }

  @Test
  void theMtuSetsTheSegmentSizeAndLargeDatagramsCrossAsFragments() {
    SimNetwork net = net(9);
    SimHost a = net.addHost("a", "10.0.0.1");
    SimHost b = net.addHost("b", "10.0.0.2");
    net.link(a, b).latency(Duration.ofMillis(1)).mtu(1000);
    Socket listener = a.createListen(80);
    Socket client = b.create(AF_INET, SOCK_STREAM, SOL_TCP);
    client.connect("10.0.0.1", 80);
    Socket server = listener.accept();
    client.write(TcpTransfer.pattern(10_000));
    assertEquals(948, server.read(65536).length, "the MTU less 52 bytes of headers");

    net.link(a, b).loss(0.3);
    List<Udp.Arrival> big = Udp.exchange(net, b, a, 300, MS, i -> Udp.numbered(i, 2500));
    assertTrue(big.size() < 150, "a datagram of three fragments is lost if any is: " + big.size() + " of 300");
    assertTrue(net.trace().events().stream().anyMatch(l -> l.contains("(fragment ")));
  }

  @Test
  void theNetworkDefaultAppliesWhereALinkOrDirectionSetsNothing() {
    SimNetwork net = net(10);
    SimHost a = net.addHost("a", "10.0.0.1");
    SimHost b = net.addHost("b", "10.0.0.2");
    SimHost c = net.addHost("c", "10.0.0.3");
    net.linkDefaults().loss(1.0);
    net.link(a, b).from(a).loss(0);
    assertEquals(20, Udp.exchange(net, a, b, 20, MS).size(), "a>b overrides the default");
    assertEquals(0, Udp.exchange(net, b, a, 20, MS).size(), "b>a keeps the default");
    assertEquals(0, Udp.exchange(net, a, c, 20, MS).size(), "a link nobody configured keeps the default");
    net.linkDefaults().loss(0);
    assertEquals(20, Udp.exchange(net, a, c, 20, MS).size(), "changed in the middle of the run");
  }

  @Test
  void turningOnOneFaultDoesNotShiftTheDrawsOfAnother() {
    assertEquals(lossPattern(false), lossPattern(true));
  }

  private static List<String> lossPattern(boolean duplicate) {
    SimNetwork net = net(11);
    SimHost a = net.addHost("a", "10.0.0.1");
    SimHost b = net.addHost("b", "10.0.0.2");
    net.link(a, b).loss(0.3).latency(Latency.uniform(Duration.ZERO, Duration.ofMillis(1)));
    if (duplicate) {
      net.link(a, b).duplication(0.5).reorder(0.5);
    }
    Udp.exchange(net, a, b, 100, GAP);
    return net.trace().events().stream().filter(l -> l.contains("drop (loss)")).toList();
  }

  /** Helpers for a one-way TCP transfer. */
  static final class TcpTransfer {
    static byte[] pattern(int length) {
      byte[] data = new byte[length];
      for (int i = 0; i < length; i++) {
        data[i] = (byte) (i * 31 + i / 251);
      }
      return data;
    }

    /** Sends {@code data} from {@code from} to {@code to} in writes of {@code chunk}; returns what was read before EOF. */
    static byte[] oneWay(SimNetwork net, SimHost from, SimHost to, byte[] data, int chunk) {
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      net.spawn(to, "sink", () -> {
        Socket listener = to.createListen(9000);
        Socket connection = listener.accept();
        listener.close();
        byte[] got;
        while ((got = connection.read(8192)).length > 0) {
          received.writeBytes(got);
        }
        connection.close();
      });
      net.spawn(from, "source", () -> {
        Socket socket = from.create(AF_INET, SOCK_STREAM, SOL_TCP);
        socket.connect(to.ipv4(), 9000);
        int written = 0;
        while (written < data.length) {
          written += socket.write(java.util.Arrays.copyOfRange(data, written, Math.min(data.length, written + chunk)));
        }
        socket.close();
      });
      net.run();
      return received.toByteArray();
    }
  }
}
