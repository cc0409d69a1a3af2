package dev.twinsock.examples;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Socket;
import dev.twinsock.sim.FaultPlan;
import dev.twinsock.sim.Latency;
import dev.twinsock.sim.Partition;
import dev.twinsock.sim.SimHost;
import dev.twinsock.sim.SimNetwork;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's "Breaking things on purpose", verbatim (ReadmeTest checks it): what its prose says of seed 7 happens. */
class BreakingThingsTest {
  /** The README's block; it hands back its network, for the test to read the trace. */
  static SimNetwork breakingThingsOnPurpose() throws Exception {
    SimNetwork net = SimNetwork.builder().seed(16).build();
    SimHost server = net.addHost("server", "10.0.0.1");
    SimHost client = net.addHost("client", "10.0.0.2");
    net.link(server, client)
        .latency(Latency.exponential(Duration.ofMillis(2), Duration.ofMillis(10)))
        .loss(0.05).duplication(0.01).reorder(0.1);
    net.faults(FaultPlan.none().withShortReads(0.5).withShortWrites(0.5)); // or FaultPlan.swarm(seed)

    server.main(() -> {                                  // runs again after server.restart()
      Socket listener = server.createListen(7);
      Socket connection = listener.accept();
      byte[] chunk;
      while ((chunk = connection.read(1000)).length > 0) {
        connection.write(chunk);                         // a short write loses bytes: a bug to find
      }
      connection.close();
      listener.close();
    });
    net.spawn(client, "client", () -> {
      Socket socket = client.create(AF_INET, SOCK_STREAM, SOL_TCP);
      socket.connect("server", 7);
      try (Partition cut = net.partition(Set.of(server), Set.of(client))) {
        socket.write("hello".getBytes());                // buffered; each transmission meets the cut
        client.sleep(Duration.ofSeconds(5));
      }                                                  // healed: TCP's next retransmission gets through
      socket.shutdown(1);
      ByteArrayOutputStream echoed = new ByteArrayOutputStream();
      byte[] chunk;
      while ((chunk = socket.read(100)).length > 0) {
        echoed.writeBytes(chunk);
      }
      System.out.println("echoed: " + echoed);           // "hello", unless a short write lost bytes
      socket.close();
    });
    net.run();
    for (String event : net.trace().events()) {
      if (event.contains(" fault ") || event.contains(" drop (")) {
        System.out.println(event);                       // drop (partition) ..., fault short-write ...
      }
    }
    net.trace().writePcap(Path.of("target/run.pcap"));   // Wireshark marks the retransmissions
    return net;
  }

  /** The virtual time of a trace line, in nanoseconds. */
  private static long nanos(String event) {
    String[] seconds = event.substring(0, event.indexOf(' ')).split("\\.");
    return Long.parseLong(seconds[0]) * 1_000_000_000L + Long.parseLong(seconds[1]);
  }

  @Test
  void seedSixteenLosesBytesToAShortWriteAndTheDataCrossesOnlyAfterTheCutHeals() throws Exception {
    SimNetwork[] run = new SimNetwork[1];
    String printed = CapturedOutput.of(() -> run[0] = breakingThingsOnPurpose());
    List<String> events = run[0].trace().events();
    run[0].close();

    assertTrue(printed.startsWith("echoed: he\n"), printed);
    assertTrue(printed.lines().anyMatch(l -> l.matches("\\S+ fault short-write server .* of 5")), printed);
    assertEquals(printed.lines().filter(l -> l.contains(" fault ") || l.contains(" drop (")).count(),
        printed.lines().count() - 1, "every line but the echo is a fault or a drop:\n" + printed);

    long heal = events.stream().filter(e -> e.contains(" heal partition ")).mapToLong(BreakingThingsTest::nanos)
        .findFirst().orElseThrow();
    String data = " client>server tcp .* len 5";
    List<String> cut = events.stream().filter(e -> e.matches("\\S+ drop \\(partition\\)" + data)).collect(Collectors.toList());
    assertTrue(cut.size() >= 3, "TCP tried again during the cut:\n" + String.join("\n", cut));
    assertTrue(cut.stream().allMatch(e -> nanos(e) < heal), String.join("\n", cut));
    for (int i = 2; i < cut.size(); i++) {
      long before = nanos(cut.get(i - 1)) - nanos(cut.get(i - 2));
      long gap = nanos(cut.get(i)) - nanos(cut.get(i - 1));
      assertTrue(gap >= before, "TCP waits no less after each try:\n" + String.join("\n", cut));
    }
    long first = nanos(cut.get(1)) - nanos(cut.get(0));
    long last = nanos(cut.get(cut.size() - 1)) - nanos(cut.get(cut.size() - 2));
    assertTrue(first < 300_000_000L && last > 1_500_000_000L, "from about 0.2 s to 1.8 s:\n" + String.join("\n", cut));
    List<String> sent = events.stream().filter(e -> e.matches("\\S+ send" + data)).collect(Collectors.toList());
    assertFalse(sent.isEmpty(), "the data crossed");
    long after = nanos(sent.get(0)) - heal;
    assertTrue(after > 1_000_000_000L && after < 3_000_000_000L,
        "the first retransmission after the heal sends it, about two seconds later: " + sent.get(0));
    for (String line : cut) {
      assertTrue(printed.contains(line), "printed: " + line);
    }
  }
}
