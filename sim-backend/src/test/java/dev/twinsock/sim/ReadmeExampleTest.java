package dev.twinsock.sim;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's sim examples, as written there, compile and run. */
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

  @Test
  void theSimulatedEchoExampleRunsTheSameTwice() {
    assertEquals(simulatedEcho(42), simulatedEcho(42), "same seed, same run");
  }

  private static String simulatedEcho(long seed) {
    SimNetwork net = SimNetwork.builder().seed(seed).build();
    SimHost server = net.addHost("server", "10.0.0.1");
    SimHost client = net.addHost("client", "10.0.0.2");
    net.link(server, client).latency(Duration.ofMillis(20)).loss(0.1);

    net.spawn(server, "echo", () -> {
      Socket listener = server.createListen(7);
      Socket connection = listener.accept();
      connection.write(connection.read(100));
      connection.close();
      listener.close();
    });
    byte[][] reply = new byte[1][];
    net.spawn(client, "ping", () -> {
      Socket socket = client.create(AF_INET, SOCK_STREAM, SOL_TCP);
      socket.connect("server", 7);                       // "server" resolves through the network's hosts
      socket.write("ping".getBytes());
      reply[0] = socket.read(100);                       // arrives despite the 10% loss
      socket.close();
    });
    net.run();                                           // virtual time: 20 ms latency costs nothing
    assertArrayEquals("ping".getBytes(), reply[0]);
    assertTrue(net.now().toMillis() >= 60, "three one-way trips at least: " + net.now());
    net.checkNoOpenSockets();
    return net.trace().hash();
  }

  @Test
  void aDeadlockIsReportedNotHung() {
    SimNetwork net = SimNetwork.builder().seed(1).build();
    SimHost host = net.addHost("host", "10.0.0.1");
    net.spawn(host, "waiter", () -> host.createListen(8080).accept());
    SimDeadlockException deadlock = assertThrows(SimDeadlockException.class, net::run);
    assertTrue(deadlock.getMessage().contains("waiter"), deadlock.getMessage());
  }

  @Test
  void aSingleThreadedTestNeedsNoTasks() {
    SimNetwork net = SimNetwork.builder().seed(3).build();
    SimHost host = net.addHost("host", "10.0.0.1");
    Socket listener = host.createListen(9000);
    Socket client = host.create(AF_INET, SOCK_STREAM, SOL_TCP);
    client.connect("127.0.0.1", 9000);                   // the test thread drives the network inline
    Socket accepted = listener.accept();
    client.write("hi".getBytes());
    assertArrayEquals("hi".getBytes(), accepted.read(10));
    host.close();
  }

  @Test
  void aLeakedSocketIsNamedWithTheLineThatCreatedIt() {
    SimNetwork net = SimNetwork.builder().seed(5).build();
    SimHost host = net.addHost("host", "10.0.0.1");
    host.createListen(7000);
    IllegalStateException leak = assertThrows(IllegalStateException.class, net::checkNoOpenSockets);
    assertTrue(leak.getMessage().contains("host fd 3 AF_INET SOCK_STREAM, created at "
        + ReadmeExampleTest.class.getName() + ".aLeakedSocketIsNamedWithTheLineThatCreatedIt"), leak.getMessage());
  }
}
