package dev.twinsock.sim;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Partitions (dropping or holding), holds, and packets in flight taken over one by one. */
class PartitionTest {
  private static final long MS = 1_000_000L;

  @Test
  void aPartitionShorterThanTheRetryLimitDelaysTcpButLosesNothing() {
    SimNetwork net = SimNetwork.builder().seed(1).build();
    SimHost a = net.addHost("a", "10.0.0.1");
    SimHost b = net.addHost("b", "10.0.0.2");
    SimHost c = net.addHost("c", "10.0.0.3");
    net.link(a, b).latency(Duration.ofMillis(5));
    net.spawn(c, "chaos", () -> {
      c.sleep(Duration.ofMillis(1));
      try (Partition split = net.partition(Set.of(a), Set.of(b, c))) {
        c.sleep(Duration.ofSeconds(20));
        assertFalse(split.healed());
      }
    });
    byte[] sent = LinkFaultsTest.TcpTransfer.pattern(200_000);
    assertArrayEquals(sent, LinkFaultsTest.TcpTransfer.oneWay(net, a, b, sent, 10_000));
    long lastData = net.trace().events().stream().filter(l -> l.contains(" recv a>b tcp") && !l.contains(" len 0"))
        .mapToLong(l -> (long) (Double.parseDouble(l.substring(0, l.indexOf(' '))) * 1000)).max().orElse(0);
    assertTrue(lastData >= 20_000, "the data crossed after the heal: " + lastData + " ms");
    // the segments on the wire when the cut began are lost with it, and so are the resends
    assertTrue(net.trace().events().stream().anyMatch(l -> l.contains("drop (partition, in flight) a>b tcp")));
    assertTrue(net.trace().events().stream().anyMatch(l -> l.contains("drop (partition) a>b tcp")));
    assertTrue(net.trace().events().stream().anyMatch(l -> l.contains("heal partition a | b,c")));
  }

  @Test
  void aOneWayPartitionCutsOnlyItsDirection() {
    SimNetwork net = SimNetwork.builder().seed(2).build();
    SimHost a = net.addHost("a", "10.0.0.1");
    SimHost b = net.addHost("b", "10.0.0.2");
    Partition cut = net.partitionOneWay(a, b);
    assertEquals(0, Udp.exchange(net, a, b, 10, MS).size());
    assertEquals(10, Udp.exchange(net, b, a, 10, MS).size());
    cut.close();
    assertEquals(10, Udp.exchange(net, a, b, 10, MS).size());
  }

  @Test
  void aHoldingPartitionDeliversWhatItHeldWhenItHeals() {
    SimNetwork net = SimNetwork.builder().seed(3).build();
    SimHost a = net.addHost("a", "10.0.0.1");
    SimHost b = net.addHost("b", "10.0.0.2");
    net.link(a, b).latency(Duration.ofMillis(2));
    Socket receiver = receiver(b);
    Socket sender = a.create(AF_INET, SOCK_DGRAM, SOL_UDP);
    Partition split = net.partition(Set.of(a), Set.of(b)).holdPackets();
    for (int i = 0; i < 3; i++) {
      sender.sendto(Udp.numbered(i, 8), 8, 0, "10.0.0.2", 5000);
    }
    net.runFor(Duration.ofSeconds(10));
    assertEquals(List.of(), drain(receiver));
    assertEquals(3, net.inFlight().size());
    assertTrue(net.inFlight().stream().allMatch(InFlightPacket::held));
    assertNull(net.inFlight().get(0).arrivesAt());
    split.close();
    net.runFor(Duration.ofMillis(2));
    assertEquals(List.of(0, 1, 2), drain(receiver));
    assertEquals(List.of(), net.inFlight());
  }

  @Test
  void holdAndReleaseWithPacketsDeliveredAndDroppedOneByOne() {
    SimNetwork net = SimNetwork.builder().seed(4).build();
    SimHost a = net.addHost("a", "10.0.0.1");
    SimHost b = net.addHost("b", "10.0.0.2");
    net.link(a, b).latency(Duration.ofMillis(10));
    Socket receiver = receiver(b);
    Socket sender = a.create(AF_INET, SOCK_DGRAM, SOL_UDP);
    net.hold(a, b);
    for (int i = 0; i < 4; i++) {
      sender.sendto(Udp.numbered(i, 8), 8, 0, "10.0.0.2", 5000);
    }
    List<InFlightPacket> held = net.inFlight();
    assertEquals(4, held.size());
    assertEquals(a, held.get(0).from());
    assertEquals(b, held.get(0).to());
    assertTrue(held.get(2).describe().startsWith("udp 10.0.0.1:"));
    held.get(2).deliver();
    assertEquals(List.of(2), drain(receiver), "delivered at once, ahead of the others");
    held.get(0).drop();
    assertThrows(IllegalStateException.class, () -> held.get(0).deliver());
    net.runFor(Duration.ofSeconds(1));
    assertEquals(List.of(), drain(receiver), "the rest stay held");
    net.release(a, b);
    net.runFor(Duration.ofMillis(10));
    assertEquals(List.of(1, 3), drain(receiver));
    assertTrue(net.trace().events().stream().anyMatch(l -> l.contains("drop (by test) a>b udp")));

    sender.sendto(Udp.numbered(9, 8), 8, 0, "10.0.0.2", 5000);
    InFlightPacket underWay = net.inFlight().get(0);
    assertFalse(underWay.held());
    assertEquals(underWay.sentAt().plusMillis(10), underWay.arrivesAt());
    underWay.deliver();
    assertEquals(List.of(9), drain(receiver), "delivered before its time");
    net.runFor(Duration.ofMillis(20));
    assertEquals(List.of(), drain(receiver), "and only once");
  }

  @Test
  void healEndsEveryPartitionAndHold() {
    SimNetwork net = SimNetwork.builder().seed(5).build();
    SimHost a = net.addHost("a", "10.0.0.1");
    SimHost b = net.addHost("b", "10.0.0.2");
    SimHost c = net.addHost("c", "10.0.0.3");
    Partition one = net.partition(Set.of(a), Set.of(b));
    net.partitionOneWay(c, a);
    net.hold(b, c);
    net.heal();
    assertTrue(one.healed());
    assertEquals(5, Udp.exchange(net, a, b, 5, MS).size());
    assertEquals(5, Udp.exchange(net, c, a, 5, MS).size());
    assertEquals(5, Udp.exchange(net, b, c, 5, MS).size());
  }

  static Socket receiver(SimHost host) {
    Socket socket = host.create(AF_INET, SOCK_DGRAM, SOL_UDP);
    socket.bind("0.0.0.0", 5000);
    socket.setNonblock();
    return socket;
  }

  static List<Integer> drain(Socket socket) {
    List<Integer> got = new ArrayList<>();
    while (true) {
      try {
        got.add(ByteBuffer.wrap(socket.recv(100, 0)).getInt());
      } catch (dev.twinsock.SocketError empty) {
        return got;
      }
    }
  }
}
