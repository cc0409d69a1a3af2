package dev.twinsock.sim;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinsock.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What Nagle's algorithm and delayed ACKs cost a request-reply protocol over a link with latency:
 * the timings a program written with two small writes per request sees in production, on virtual
 * time (the same rules against the kernel on loopback: kernel-faults SmallWritesTest).
 */
class SmallWritesOverLinksTest {
  /** Round times, in ms, of requests written as two 1-byte writes with a 1-byte reply, over 10 ms each way. */
  private static List<Long> rounds(boolean noDelay) {
    SimNetwork net = SimNetwork.builder().seed(3).build();
    SimHost a = net.addHost("a", "10.0.0.1");
    SimHost b = net.addHost("b", "10.0.0.2");
    net.link(a, b).latency(Duration.ofMillis(10));
    Socket listener = b.createListen(80);
    Socket client = a.create(AF_INET, SOCK_STREAM, SOL_TCP);
    if (noDelay) {
      client.setOption(SOL_TCP, TCP_NODELAY, 1);
    }
    client.connect("10.0.0.2", 80);
    Socket server = listener.accept();
    net.spawn(b, "server", () -> {
      for (int i = 0; i < 5; i++) {
        server.recv(2, MSG_WAITALL);
        server.write(new byte[] {'r'});
      }
    });
    List<Long> rounds = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Duration start = net.now();
      client.write(new byte[] {'h'});
      client.write(new byte[] {'b'});
      client.read(1);
      rounds.add(net.now().minus(start).toMillis());
    }
    net.run();
    return rounds;
  }

  @Test
  void withNagleEachRoundAfterTheFirstWaitsForTheServersDelayedAck() {
    // the first round: the server's ACK is a quick one (20 ms for the ACK, 20 for the rest);
    // after the server's first reply it is interactive and holds its ACK 40 ms, so the second
    // byte leaves only when that ACK arrives: 10 + 40 + 10, then 10 + 10 for the byte and the reply
    assertEquals(List.of(40L, 80L, 80L, 80L, 80L), rounds(false));
  }

  @Test
  void withTcpNodelayEachRoundIsOneRoundTrip() {
    assertEquals(List.of(20L, 20L, 20L, 20L, 20L), rounds(true));
  }
}
