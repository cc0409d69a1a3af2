package dev.twinsock.sim;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The sim behaviours the README promises: the same run twice, a deadlock reported, no tasks needed
 * for a single thread, a leak named. (The README's blocks themselves, verbatim, are tests of the
 * examples module: BreakingThingsTest holds the fault example.)
 */
class ReadmeExampleTest {
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
