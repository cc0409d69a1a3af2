package dev.twinsock.examples;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinsock.Socket;
import dev.twinsock.sim.SimHost;
import dev.twinsock.sim.SimNetwork;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The README's "same code on a simulated network", verbatim (ReadmeTest checks it), does what its comments say. */
class SameCodeOnASimulatedNetworkTest {
  /** The README's block; it hands back its fingerprint. */
  static String sameCodeOnASimulatedNetwork() {
    SimNetwork net = SimNetwork.builder().seed(42).build();
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
    net.spawn(client, "ping", () -> {
      Socket socket = client.create(AF_INET, SOCK_STREAM, SOL_TCP);
      socket.connect("server", 7);                       // "server" resolves through the network's hosts
      socket.write("ping".getBytes());
      byte[] reply = socket.read(100);                   // arrives despite the 10% loss
      System.out.println(new String(reply));             // ping
      socket.close();
    });
    net.run();                                           // until every task ends
    net.checkNoOpenSockets();                            // names the line that created a leaked socket
    String fingerprint = net.trace().hash();             // equal for equal (seed, program)
    net.close();
    return fingerprint;
  }

  @Test
  void thePingArrivesAndTheSameSeedGivesTheSameFingerprint() throws Exception {
    String[] fingerprints = new String[2];
    String printed = CapturedOutput.of(() -> {
      fingerprints[0] = sameCodeOnASimulatedNetwork();
      fingerprints[1] = sameCodeOnASimulatedNetwork();
    });
    assertEquals("ping\nping\n", printed);
    assertEquals(fingerprints[0], fingerprints[1]);
  }
}
