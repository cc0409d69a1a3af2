package dev.twinsock.junit5;

import static dev.twinsock.SocketConstants.AF_INET;
import static dev.twinsock.SocketConstants.SOCK_STREAM;
import static dev.twinsock.SocketConstants.SOL_TCP;

import dev.twinsock.Socket;
import dev.twinsock.sim.SimHost;
import dev.twinsock.sim.SimNetwork;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** An echo over a lossy link, in two tasks, closing every socket: whose trace depends on the seed. */
final class Echo {
  private Echo() {}

  /** Runs the echo on {@code net} and returns the reply. */
  static String run(SimNetwork net) {
    SimHost server = net.addHost("server", "10.0.0.1");
    SimHost client = net.addHost("client", "10.0.0.2");
    net.link(server, client).latency(Duration.ofMillis(5)).loss(0.3);
    net.spawn(server, "echo", () -> {
      try (Socket listener = server.createListen(7); Socket connection = listener.accept()) {
        connection.write(connection.read(100));
      }
    });
    String[] reply = new String[1];
    net.spawn(client, "ping", () -> {
      try (Socket socket = client.create(AF_INET, SOCK_STREAM, SOL_TCP)) {
        socket.connect("server", 7);
        socket.write("ping".getBytes(StandardCharsets.UTF_8));
        reply[0] = new String(socket.read(100), StandardCharsets.UTF_8);
      }
    });
    net.run();
    return reply[0];
  }
}
