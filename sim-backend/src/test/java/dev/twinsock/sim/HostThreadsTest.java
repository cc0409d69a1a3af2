package dev.twinsock.sim;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Socket;
import dev.twinsock.Sockets;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A host's threads, executor and clock: concurrency and time that code written against {@link Sockets} can use. */
class HostThreadsTest {
  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** A thread-per-connection echo server and a client, all on threads from the hosts' factories. */
  private static String threadPerConnection(long seed, List<String> log) {
    SimNetwork net = SimNetwork.builder().seed(seed).build();
    SimHost server = net.addHost("server", "10.0.0.1");
    SimHost client = net.addHost("client", "10.0.0.2");
    net.link(server, client).latency(Duration.ofMillis(5)).loss(0.2);
    Sockets serverSockets = server;
    ThreadFactory serverThreads = serverSockets.threadFactory();
    serverThreads.newThread(() -> {
      Socket listener = serverSockets.createListen(7);
      for (int i = 0; i < 2; i++) {
        Socket connection = listener.accept();
        serverThreads.newThread(() -> {
          byte[] data = connection.read(100);
          connection.write(data);
          connection.close();
        }).start();
      }
      listener.close();
    }).start();
    for (int c = 0; c < 2; c++) {
      String text = "hello " + c;
      client.threadFactory().newThread(() -> {
        Socket socket = client.create(AF_INET, SOCK_STREAM, SOL_TCP);
        socket.connect("server", 7);
        socket.write(bytes(text));
        String reply = new String(socket.read(100), StandardCharsets.US_ASCII);
        synchronized (log) {
          log.add(Thread.currentThread().getName() + " got '" + reply + "' at " + client.now().toMillis() + " ms");
        }
        socket.close();
      }).start();
    }
    net.run();
    net.checkNoOpenSockets();
    return net.trace().hash();
  }

  @Test
  void threadsFromAHostsFactoryAreTasksOfThatHostAndRunOnVirtualTime() {
    List<String> first = new ArrayList<>();
    String hash = threadPerConnection(3, first);
    assertEquals(2, first.size(), first.toString());
    assertTrue(first.stream().allMatch(line -> line.startsWith("client-thread-")), first.toString());
    List<String> second = new ArrayList<>();
    assertEquals(hash, threadPerConnection(3, second), "same seed, same run");
    assertEquals(first, second);
  }

  @Test
  void aFactoryThreadIsItsOwnCurrentThreadAndADaemon() {
    SimNetwork net = SimNetwork.builder().seed(1).build();
    SimHost host = net.addHost("h", "10.0.0.1");
    AtomicReference<Thread> seen = new AtomicReference<>();
    Thread thread = host.threadFactory().newThread(() -> seen.set(Thread.currentThread()));
    assertTrue(thread.isDaemon());
    assertEquals("h-thread-1", thread.getName());
    thread.start();
    assertThrows(IllegalThreadStateException.class, thread::start);
    net.run();
    assertSame(thread, seen.get());
  }

  @Test
  void aThreadMadeButNeverStartedIsNoTask() {
    SimNetwork net = SimNetwork.builder().seed(1).build();
    SimHost host = net.addHost("h", "10.0.0.1");
    host.threadFactory().newThread(() -> host.sleep(Duration.ofSeconds(1)));
    net.run(); // returns at once: nothing was started
    assertEquals(Duration.ZERO, net.now());
  }

  @Test
  void theExecutorRunsEachCommandAsATaskInTheOrderGiven() {
    SimNetwork net = SimNetwork.builder().seed(1).build();
    SimHost host = net.addHost("h", "10.0.0.1");
    List<String> order = new ArrayList<>();
    host.executor().execute(() -> {
      host.sleep(Duration.ofMillis(20));
      order.add("slow " + host.now().toMillis());
    });
    host.executor().execute(() -> {
      host.sleep(Duration.ofMillis(10));
      order.add("fast " + host.now().toMillis());
    });
    net.run();
    assertEquals(List.of("fast 10", "slow 20"), order);
  }

  @Test
  void aThreadTheSimulationDoesNotKnowIsRefusedWhileATaskRuns() throws Exception {
    SimNetwork net = SimNetwork.builder().seed(5).build();
    SimHost host = net.addHost("h", "10.0.0.1");
    AtomicReference<Throwable> refused = new AtomicReference<>();
    net.spawn(host, "starter", () -> {
      CountDownLatch tried = new CountDownLatch(1);
      Thread plain = new Thread(() -> {
        try {
          host.create(AF_INET, SOCK_STREAM, SOL_TCP);
        } catch (Throwable e) {
          refused.set(e);
        } finally {
          tried.countDown();
        }
      }, "plain-thread");
      plain.start();
      // the task keeps the permit while the plain thread tries: it must be refused, not race
      try {
        tried.await();
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    });
    net.run();
    assertNotNull(refused.get(), "the plain thread got in");
    assertTrue(refused.get() instanceof IllegalStateException, refused.get().toString());
    String message = refused.get().getMessage();
    assertTrue(message.contains("'plain-thread'") && message.contains("not a task of this simulation")
        && message.contains("task 'starter' on h") && message.contains("threadFactory()"), message);
    host.close();
  }

  @Test
  void anotherThreadMayDriveOnceTheFirstHasLetGo() throws Exception {
    SimNetwork net = SimNetwork.builder().seed(5).build();
    SimHost host = net.addHost("h", "10.0.0.1");
    Socket listener = host.createListen(0);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread other = new Thread(() -> {
      try {
        Socket client = host.create(AF_INET, SOCK_STREAM, SOL_TCP);
        client.connect("127.0.0.1", listener.getsockname().port());
        client.close();
        host.sleep(Duration.ofSeconds(1));
      } catch (Throwable e) {
        failure.set(e);
      }
    });
    other.start();
    other.join();
    assertEquals(null, failure.get());
    assertEquals(Duration.ofSeconds(1), net.now());
    listener.accept().close();
    listener.close();
    net.checkNoOpenSockets();
  }

  @Test
  void theHostsClockIsTheEpochPlusItsVirtualTime() {
    SimNetwork net = SimNetwork.builder().seed(1).build();
    SimHost host = net.addHost("h", "10.0.0.1");
    Sockets sockets = host;
    assertEquals(Instant.EPOCH, sockets.clock().instant());
    assertEquals(ZoneOffset.UTC, sockets.clock().getZone());
    sockets.sleep(Duration.ofMillis(1500));
    assertEquals(Instant.EPOCH.plusMillis(1500), sockets.clock().instant());
    assertEquals(1500, sockets.clock().millis());
    host.clockOffset(Duration.ofSeconds(10));
    assertEquals(Instant.EPOCH.plusMillis(11_500), sockets.clock().withZone(ZoneOffset.ofHours(2)).instant());
  }
}
