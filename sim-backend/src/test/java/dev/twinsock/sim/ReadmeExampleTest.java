package dev.twinsock.sim;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "Breaking things on purpose" example, as written there, compiles and runs. */
class ReadmeExampleTest {
  @TempDir
  Path target;

  @Test
  void theFaultInjectionExampleRuns() throws Exception {
    SimNetwork net = SimNetwork.builder().seed(7).build();
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
    });
    net.spawn(client, "client", () -> {
      Socket socket = client.create(AF_INET, SOCK_STREAM, SOL_TCP);
      socket.connect("server", 7);
      try (Partition cut = net.partition(Set.of(server), Set.of(client))) {
        client.sleep(Duration.ofSeconds(5));             // TCP retransmits through the cut
      }
      socket.write("hello".getBytes());
      socket.shutdown(1);
      socket.read(100);
      socket.close();
    });
    net.run();
    String text = net.trace().toText();
    net.trace().writePcap(target.resolve("run.pcap"));
    assertTrue(text.contains("heal partition server | client"), text);
    assertTrue(java.nio.file.Files.size(target.resolve("run.pcap")) > 24);
  }
}
