package dev.twinsock.cli;

import static dev.twinsock.SocketConstants.*;

import dev.twinsock.Socket;
import dev.twinsock.sim.Scenario;
import dev.twinsock.sim.SimHost;
import dev.twinsock.sim.SimNetwork;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * An echo over a lossy link whose client trusts one read to bring the whole reply: it passes
 * unless the network's fault plan makes short reads, as {@code --swarm} plans may.
 */
public final class EchoScenario implements Scenario {
  @Override
  public void run(SimNetwork net) {
    SimHost server = net.addHost("server", "10.0.0.1");
    SimHost client = net.addHost("client", "10.0.0.2");
    net.link(server, client).latency(Duration.ofMillis(5)).loss(0.05);
    net.spawn(server, "echo", () -> {
      try (Socket listener = server.createListen(7); Socket connection = listener.accept()) {
        connection.write(connection.read(100));
      }
    });
    net.spawn(client, "client", () -> {
      try (Socket socket = client.create(AF_INET, SOCK_STREAM, SOL_TCP)) {
        socket.connect("server", 7);
        socket.write("hello, world".getBytes(StandardCharsets.US_ASCII));
        String reply = new String(socket.read(100), StandardCharsets.US_ASCII);
        if (!reply.equals("hello, world")) {
          throw new AssertionError("short reply: '" + reply + "'");
        }
      }
    });
    net.run(Duration.ofMinutes(5));
  }
}
