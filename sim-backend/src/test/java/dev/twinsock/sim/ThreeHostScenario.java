package dev.twinsock.sim;

import static dev.twinsock.SocketConstants.*;

import dev.twinsock.Datagram;
import dev.twinsock.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A small distributed program for the determinism tests: a TCP echo server on one host, two
 * clients on two others, UDP pings between the clients, over links with latency, jitter and loss.
 * Its {@link #main} prints the trace hash, so a test can run it in fresh JVMs.
 */
final class ThreeHostScenario {
  private ThreeHostScenario() {}

  public static void main(String[] args) {
    System.out.println(hash(Long.parseLong(args[0])));
  }

  static String hash(long seed) {
    return run(seed).trace().hash();
  }

  static SimNetwork run(long seed) {
    SimNetwork net = SimNetwork.builder().seed(seed).build();
    SimHost server = net.addHost("server", "10.0.0.1", "fd00::1");
    SimHost alice = net.addHost("alice", "10.0.0.2");
    SimHost bob = net.addHost("bob", "10.0.0.3");
    net.link(server, alice).latency(Duration.ofMillis(10)).jitter(Duration.ofMillis(8)).loss(0.05);
    net.link(server, bob).latency(Duration.ofMillis(30)).jitter(Duration.ofMillis(20)).loss(0.05);
    net.link(alice, bob).latency(Duration.ofMillis(5)).jitter(Duration.ofMillis(5)).loss(0.1);

    net.spawn(server, "echo", () -> {
      Socket listener = server.createListen(7);
      for (int i = 0; i < 2; i++) {
        Socket connection = listener.accept();
        net.spawn(server, "echo-" + i, () -> {
          byte[] chunk;
          while ((chunk = connection.read(1000)).length > 0) {
            connection.write(chunk);
          }
          connection.close();
        });
      }
      listener.close();
    });
    for (SimHost client : new SimHost[] {alice, bob}) {
      net.spawn(client, "talk", () -> {
        Socket socket = client.create(AF_INET, SOCK_STREAM, SOL_TCP);
        socket.connect("server", 7);
        for (int i = 0; i < 20; i++) {
          byte[] line = (client.name() + " says " + i + "\n").getBytes(StandardCharsets.US_ASCII);
          socket.write(line);
          int got = 0;
          while (got < line.length) {
            got += socket.read(line.length - got).length;
          }
        }
        socket.close();
      });
    }
    net.spawn(bob, "udp-pong", () -> {
      Socket udp = bob.create(AF_INET, SOCK_DGRAM, SOL_UDP);
      udp.bind("0.0.0.0", 9);
      udp.setOption(SOL_SOCKET, SO_RCVTIMEO, new dev.twinsock.Timeval(1, 0));
      try {
        while (true) {
          Datagram ping = udp.recvfrom(100, 0);
          udp.sendto(ping.data(), ping.data().length, 0, ping.from().address(), ping.from().port());
        }
      } catch (dev.twinsock.SocketError timeout) {
        udp.close();
      }
    });
    net.spawn(alice, "udp-ping", () -> {
      Socket udp = alice.create(AF_INET, SOCK_DGRAM, SOL_UDP);
      udp.setOption(SOL_SOCKET, SO_RCVTIMEO, new dev.twinsock.Timeval(0, 100_000));
      for (int i = 0; i < 10; i++) {
        udp.sendto(new byte[] {(byte) i}, 1, 0, "bob", 9);
        try {
          udp.recvfrom(10, 0);
        } catch (dev.twinsock.SocketError lost) {
          // a lost ping or pong: try the next one
        }
      }
      udp.close();
    });
    net.run();
    net.checkNoOpenSockets();
    return net;
  }
}
