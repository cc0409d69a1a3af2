package dev.twinsock.examples;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinsock.Socket;
import dev.twinsock.junit5.Seed;
import dev.twinsock.junit5.SimSeeds;
import dev.twinsock.junit5.TwinsockExtension;
import dev.twinsock.os.OsSockets;
import dev.twinsock.sim.SimHost;
import dev.twinsock.sim.SimNetwork;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The README's JUnit 5 example, verbatim (ReadmeTest checks it): it runs as the tests it claims to be. */
@ExtendWith(TwinsockExtension.class)
class EchoTest {
  @Test
  void echoes(SimNetwork net) {                      // seeded from the test's id: the same on every run
    SimHost server = net.addHost("server", "10.0.0.1");
    SimHost client = net.addHost("client", "10.0.0.2");
    net.link(server, client).latency(Duration.ofMillis(20)).loss(0.1);
    net.spawn(server, "echo", () -> {
      try (Socket listener = server.createListen(7); Socket connection = listener.accept()) {
        connection.write(connection.read(100));
      }
    });
    Socket socket = client.create(AF_INET, SOCK_STREAM, SOL_TCP);   // the test thread drives the network
    socket.connect("server", 7);
    socket.write("ping".getBytes());
    assertEquals("ping", new String(socket.read(100)));
    socket.close();                                  // else the leak check fails the test, naming this line
    net.run();                                       // lets the echo task end
  }

  @SimSeeds(100)                                     // once per seed, each invocation named "seed N"
  void echoesWhateverTheSeed(SimNetwork net) {
    echoes(net);
  }

  @Test
  @Seed(42)                                          // the line a failure tells you to paste
  void replaysSeed42(SimNetwork net) {
    echoes(net);
  }

  @Test
  void echoesOnTheRealKernel(OsSockets os) {         // checked for open sockets, then closed
    Socket listener = os.createListen(0);
    Socket socket = os.create(AF_INET, SOCK_STREAM, SOL_TCP);
    socket.connect("127.0.0.1", listener.getsockname().port());
    Socket connection = listener.accept();
    socket.write("ping".getBytes());
    assertEquals("ping", new String(connection.read(100)));
    connection.close();                               // a socket left open fails the test
    socket.close();
    listener.close();
  }
}
