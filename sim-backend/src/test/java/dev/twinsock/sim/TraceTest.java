package dev.twinsock.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The trace names every drop's reason and every fault; checkDeterminism finds the first divergence. */
class TraceTest {

  @Test
  void everyDropSaysWhyAndTheTextTimelineIsAligned() {
    SimNetwork net = SimNetwork.builder().seed(1).build();
    SimHost a = net.addHost("a", "10.0.0.1");
    SimHost b = net.addHost("b", "10.0.0.2");
    net.link(a, b).loss(0.5).bandwidth(1000, 100);
    Udp.exchange(net, a, b, 20, 1_000_000L);
    Partition cut = net.partition(Set.of(a), Set.of(b));
    Udp.exchange(net, a, b, 1, 0);
    cut.close();
    net.link(a, b).loss(0).bandwidth(0, 0).latency(Duration.ofMillis(5));
    net.spawn(a, "late", () -> b.crash());
    Udp.exchange(net, a, b, 1, 0);
    net.runFor(Duration.ofMillis(10));
    String text = net.trace().toText();
    for (String reason : new String[] {"drop (loss)", "drop (queue full)", "drop (partition)", "drop (crashed host)",
        "crash b", "link a-b loss 0.5000", "partition a | b", "heal partition a | b"}) {
      assertTrue(text.contains(reason), reason + " in\n" + text);
    }
    String[] lines = text.split("\n");
    assertEquals(net.trace().events().size(), lines.length);
    int column = lines[0].indexOf(" s  ");
    for (String line : lines) {
      assertEquals(column, line.indexOf(" s  "), line);
    }
  }

  @Test
  void checkDeterminismPassesAReproducibleScenarioAndNamesTheFirstDifferenceOfAnother() {
    String hash = SimNetwork.checkDeterminism(42, net -> {
      SimHost a = net.addHost("a", "10.0.0.1");
      SimHost b = net.addHost("b", "10.0.0.2");
      net.faults(FaultPlan.swarm(42));
      Udp.exchange(net, a, b, 50, 1_000_000L);
    });
    assertEquals(64, hash.length());

    AtomicInteger runs = new AtomicInteger();
    AssertionError error = assertThrows(AssertionError.class, () -> SimNetwork.checkDeterminism(42, net -> {
      SimHost a = net.addHost("a", "10.0.0.1");
      SimHost b = net.addHost("b", "10.0.0.2");
      // state outside the simulation leaks into it: the second run sends one datagram more
      Udp.exchange(net, a, b, 3 + runs.getAndIncrement(), 1_000_000L);
    }));
    assertTrue(error.getMessage().startsWith("not deterministic (seed 42): event "), error.getMessage());
    assertTrue(error.getMessage().contains("first run:") && error.getMessage().contains("second run:"), error.getMessage());
  }
}
