package dev.twinsock.sim;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scheduler: one task at a time, virtual time, the driver, deadlocks and task failures. */
class SchedulerTest {
  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void aSingleThreadedTestNeedsNoTasks() {
    SimNetwork net = SimNetwork.builder().seed(7).build();
    SimHost host = net.addHost("solo", "10.0.0.1");
    Socket listener = host.createListen(0);
    int port = listener.getsockname().port();
    Socket client = host.create(AF_INET, SOCK_STREAM, SOL_TCP);
    client.connect("127.0.0.1", port);
    Socket server = listener.accept();
    client.write(bytes("hello"));
    assertArrayEquals(bytes("hello"), server.read(100));
    host.close();
    net.checkNoOpenSockets();
  }

  @Test
  void tasksTakeTurnsInSpawnOrderAndSleepOnTheVirtualClock() {
    SimNetwork net = SimNetwork.builder().seed(1).build();
    SimHost host = net.addHost("h", "10.0.0.1");
    List<String> order = new ArrayList<>();
    net.spawn(host, "a", () -> {
      order.add("a0 " + host.now().toMillis());
      host.sleep(Duration.ofSeconds(2));
      order.add("a2 " + host.now().toMillis());
    });
    net.spawn(host, "b", () -> {
      order.add("b0 " + host.now().toMillis());
      host.sleep(Duration.ofSeconds(1));
      order.add("b1 " + host.now().toMillis());
    });
    net.run();
    assertEquals(List.of("a0 0", "b0 0", "b1 1000", "a2 2000"), order);
    assertEquals(Duration.ofSeconds(2), net.now());
  }

  @Test
  void runForMovesTimeEvenWithNothingToDo() {
    SimNetwork net = SimNetwork.builder().build();
    net.runFor(Duration.ofMinutes(5));
    assertEquals(Duration.ofMinutes(5), net.now());
  }

  @Test
  void stepRunsOneSliceAndRunUntilStopsOnTheCondition() {
    SimNetwork net = SimNetwork.builder().build();
    SimHost host = net.addHost("h", "10.0.0.1");
    int[] ticks = new int[1];
    net.spawn(host, "ticker", () -> {
      for (int i = 0; i < 10; i++) {
        ticks[0]++;
        host.sleep(Duration.ofMillis(100));
      }
    });
    assertTrue(net.step());
    assertEquals(1, ticks[0], "one slice: up to the first sleep");
    net.runUntil(() -> ticks[0] == 5);
    assertEquals(5, ticks[0]);
    assertEquals(Duration.ofMillis(400), net.now());
    net.run();
    assertEquals(10, ticks[0]);
    assertFalse(net.step(), "nothing left to do");
  }

  @Test
  void aDeadlockNamesEachTaskAndTheCallItIsBlockedIn() {
    SimNetwork net = SimNetwork.builder().seed(99).build();
    SimHost host = net.addHost("box", "10.0.0.1");
    Socket[] pair = host.createPair(AF_UNIX, SOCK_STREAM, 0);
    net.spawn(host, "reader-one", () -> pair[0].read(10));
    net.spawn(host, "reader-two", () -> pair[1].read(10));
    SimDeadlockException deadlock = assertThrows(SimDeadlockException.class, net::run);
    String message = deadlock.getMessage();
    assertTrue(message.contains("seed 99"), message);
    assertTrue(message.contains("task 'reader-one' on box blocked in socket_recv"), message);
    assertTrue(message.contains("task 'reader-two' on box blocked in socket_recv"), message);
    assertTrue(message.contains("driver blocked in run()"), message);
  }

  @Test
  void theDriverItselfDeadlockingThrowsInsteadOfHanging() {
    SimNetwork net = SimNetwork.builder().seed(3).build();
    SimHost host = net.addHost("h", "10.0.0.1");
    Socket listener = host.createListen(0);
    SimDeadlockException deadlock = assertThrows(SimDeadlockException.class, listener::accept);
    assertTrue(deadlock.getMessage().contains("driver blocked in socket_accept"), deadlock.getMessage());
  }

  @Test
  void aTaskExceptionFailsRunWithTheTaskNameAndSeed() {
    SimNetwork net = SimNetwork.builder().seed(4242).build();
    SimHost host = net.addHost("web", "10.0.0.1");
    IllegalStateException cause = new IllegalStateException("boom");
    net.spawn(host, "handler", () -> {
      host.sleep(Duration.ofSeconds(3));
      throw cause;
    });
    net.spawn(host, "bystander", () -> host.sleep(Duration.ofHours(1)));
    RuntimeException failure = assertThrows(RuntimeException.class, net::run);
    assertTrue(failure.getMessage().contains("task 'handler' on web failed (seed 4242, virtual time 3.000000000)"),
        failure.getMessage());
    assertSame(cause, failure.getCause());
  }

  @Test
  void aTaskBlockedOnASocketWakesWhenDataArrives() {
    SimNetwork net = SimNetwork.builder().build();
    SimHost host = net.addHost("h", "10.0.0.1");
    Socket[] pair = host.createPair(AF_UNIX, SOCK_STREAM, 0);
    List<String> got = new ArrayList<>();
    net.spawn(host, "reader", () -> got.add(new String(pair[1].read(10), StandardCharsets.US_ASCII)));
    net.spawn(host, "writer", () -> {
      host.sleep(Duration.ofSeconds(5));
      pair[0].write(bytes("late"));
    });
    net.run();
    assertEquals(List.of("late"), got);
    assertEquals(Duration.ofSeconds(5), net.now());
  }

  @Test
  void receiveTimeoutRunsOnTheVirtualClock() {
    SimNetwork net = SimNetwork.builder().build();
    SimHost host = net.addHost("h", "10.0.0.1");
    Socket[] pair = host.createPair(AF_UNIX, SOCK_STREAM, 0);
    pair[0].setOption(SOL_SOCKET, SO_RCVTIMEO, new dev.twinsock.Timeval(2, 500_000));
    dev.twinsock.SocketError error = assertThrows(dev.twinsock.SocketError.class, () -> pair[0].read(10));
    assertEquals(SOCKET_EAGAIN, error.code());
    assertEquals(Duration.ofMillis(2500), net.now());
  }

  @Test
  void checkNoOpenSocketsNamesWhereTheLeakWasCreated() {
    SimNetwork net = SimNetwork.builder().build();
    SimHost host = net.addHost("leaky", "10.0.0.1");
    host.create(AF_INET, SOCK_DGRAM, SOL_UDP).close();
    host.create(AF_INET, SOCK_STREAM, SOL_TCP);
    IllegalStateException leak = assertThrows(IllegalStateException.class, net::checkNoOpenSockets);
    assertTrue(leak.getMessage().contains("expected 0 open sockets, but found 1"), leak.getMessage());
    assertTrue(leak.getMessage().contains("leaky fd 4 AF_INET SOCK_STREAM, created at dev.twinsock.sim.SchedulerTest"
        + ".checkNoOpenSocketsNamesWhereTheLeakWasCreated"), leak.getMessage());
    host.close();
    net.checkNoOpenSockets();
  }

  @Test
  void eachBlockingCallCostsOneHandOff() {
    SimNetwork net = SimNetwork.builder().build();
    SimHost host = net.addHost("h", "10.0.0.1");
    Socket[] pair = host.createPair(AF_UNIX, SOCK_STREAM, 0);
    int rounds = 1000;
    net.spawn(host, "ping", () -> {
      for (int i = 0; i < rounds; i++) {
        pair[0].write(bytes("p"));
        pair[0].read(1);
      }
    });
    net.spawn(host, "pong", () -> {
      for (int i = 0; i < rounds; i++) {
        pair[1].read(1);
        pair[1].write(bytes("q"));
      }
    });
    net.run();
    // each round blocks each task once; plus starting two tasks and returning to the driver
    long handOffs = net.scheduler().handOffs();
    assertTrue(handOffs >= 2L * rounds && handOffs <= 2L * rounds + 3, "hand-offs: " + handOffs);
  }

  @Test
  void taskThreadsAreVirtualWhereTheJvmHasThemAndDaemonPlatformThreadsElsewhere() throws Exception {
    SimNetwork net = SimNetwork.builder().build();
    SimHost host = net.addHost("h", "10.0.0.1");
    List<Thread> threads = new ArrayList<>();
    net.spawn(host, "worker", () -> threads.add(Thread.currentThread()));
    net.run();
    Thread thread = threads.get(0);
    assertTrue(thread != Thread.currentThread(), "a task has its own thread");
    assertEquals("sim h/worker", thread.getName());
    if (TaskThreads.virtual()) {
      assertTrue((Boolean) Thread.class.getMethod("isVirtual").invoke(thread));
    } else {
      assertTrue(thread.isDaemon(), "a platform task thread never keeps the JVM alive");
    }
  }

  @Test
  void runUntilReportsATaskFailureEvenWhenTheConditionHolds() {
    SimNetwork net = SimNetwork.builder().seed(12).build();
    SimHost host = net.addHost("h", "10.0.0.1");
    boolean[] reached = new boolean[1];
    net.spawn(host, "fails", () -> {
      reached[0] = true;
      throw new IllegalArgumentException("bad");
    });
    RuntimeException failure = assertThrows(RuntimeException.class, () -> net.runUntil(() -> reached[0]));
    assertTrue(failure.getMessage().contains("task 'fails' on h failed (seed 12"), failure.getMessage());
  }
}
