package dev.twinsock.sim;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Code that polls instead of blocking: a busy non-blocking loop lets virtual time move, a poll of
 * nothing that can ever come is reported, and a run can be bounded in virtual time.
 */
class PollingTest {
  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static SimNetwork twoHosts() {
    SimNetwork net = SimNetwork.builder().seed(11).build();
    SimHost a = net.addHost("a", "10.0.0.1");
    SimHost b = net.addHost("b", "10.0.0.2");
    net.link(a, b).latency(Duration.ofMillis(10));
    return net;
  }

  @Test
  void aBusyNonBlockingReceiveLoopSeesTheDataArrive() {
    SimNetwork net = twoHosts();
    SimHost a = net.hosts().get(0);
    SimHost b = net.hosts().get(1);
    List<String> got = new ArrayList<>();
    net.spawn(a, "server", () -> {
      Socket listener = a.createListen(7);
      Socket connection = listener.accept();
      connection.setNonblock();
      long attempts = 0;
      while (true) {
        attempts++;
        try {
          byte[] data = connection.recv(100, 0);
          got.add(new String(data, StandardCharsets.US_ASCII) + " at " + a.now().toMillis() + " ms");
          break;
        } catch (SocketError e) {
          assertEquals(SOCKET_EAGAIN, e.code());
        }
      }
      assertTrue(attempts >= Scheduler.FRUITLESS_CALLS_BEFORE_YIELD, "polled " + attempts + " times");
      connection.close();
      listener.close();
    });
    net.spawn(b, "client", () -> {
      Socket socket = b.create(AF_INET, SOCK_STREAM, SOL_TCP);
      socket.connect("a", 7);
      b.sleep(Duration.ofMillis(100));
      socket.write(bytes("late"));
      socket.close();
    });
    net.run();
    assertEquals(List.of("late at 130 ms"), got);
  }

  @Test
  void theDriverPollingWithAZeroSelectSeesTheDataArrive() {
    SimNetwork net = twoHosts();
    SimHost a = net.hosts().get(0);
    SimHost b = net.hosts().get(1);
    Socket listener = a.createListen(7);
    net.spawn(b, "client", () -> {
      Socket socket = b.create(AF_INET, SOCK_STREAM, SOL_TCP);
      socket.connect("a", 7);
      socket.write(bytes("ping"));
      socket.close();
    });
    while (true) {
      List<Socket> read = new ArrayList<>(List.of(listener));
      if (a.select(read, null, null, 0L, 0) > 0) {
        break;
      }
    }
    Socket connection = listener.accept();
    assertArrayEquals(bytes("ping"), connection.read(100));
    assertEquals(Duration.ofMillis(30), net.now()); // SYN, SYN-ACK, and the final ACK that made the listener ready
    net.run();
    connection.close();
    listener.close();
    net.checkNoOpenSockets();
  }

  @Test
  void pollingForWhatCanNeverComeIsReportedAsALivelock() {
    SimNetwork net = twoHosts();
    SimHost a = net.hosts().get(0);
    Socket[] pair = a.createPair(AF_UNIX, SOCK_STREAM, 0);
    pair[0].setNonblock();
    SimDeadlockException livelock = assertThrows(SimDeadlockException.class, () -> {
      while (true) {
        try {
          pair[0].recv(10, 0);
          return;
        } catch (SocketError e) {
          assertEquals(SOCKET_EAGAIN, e.code());
        }
      }
    });
    assertTrue(livelock.getMessage().contains("driver blocked in socket_recv, polling without progress"),
        livelock.getMessage());
    pair[0].close();
    pair[1].close();
  }

  @Test
  void aFewFruitlessCallsLeaveTimeAlone() {
    SimNetwork net = twoHosts();
    SimHost a = net.hosts().get(0);
    Socket[] pair = a.createPair(AF_UNIX, SOCK_STREAM, 0);
    pair[0].setNonblock();
    a.sleep(Duration.ofMillis(1)); // something is scheduled: a yield would move the clock to it
    net.spawn(a, "later", () -> a.sleep(Duration.ofSeconds(5)));
    for (int i = 0; i < Scheduler.FRUITLESS_CALLS_BEFORE_YIELD - 1; i++) {
      assertThrows(SocketError.class, () -> pair[0].recv(10, 0));
    }
    assertEquals(Duration.ofMillis(1), net.now());
    net.run();
    pair[0].close();
    pair[1].close();
  }

  @Test
  void aRunBoundedInVirtualTimeNamesWhatStillRuns() {
    SimNetwork net = twoHosts();
    SimHost a = net.hosts().get(0);
    net.spawn(a, "forever", () -> {
      while (true) {
        a.sleep(Duration.ofSeconds(1));
      }
    });
    SimTimeLimitException limit = assertThrows(SimTimeLimitException.class, () -> net.run(Duration.ofMinutes(1)));
    assertTrue(limit.getMessage().startsWith("virtual time limit of 60.000000000 s passed at 60.000000000 s (seed 11"),
        limit.getMessage());
    assertTrue(limit.getMessage().contains("task 'forever' on a blocked in sleep"), limit.getMessage());
    net.close();
  }
}
