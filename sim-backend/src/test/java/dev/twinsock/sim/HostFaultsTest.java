package dev.twinsock.sim;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Host faults: crash, restart with its main, pause and resume, clock offset and drift. */
class HostFaultsTest {

  @Test
  void aCrashedPeerIsSilentSoTheConnectionTimesOut() {
    SimNetwork net = SimNetwork.builder().seed(1).build();
    SimHost a = net.addHost("a", "10.0.0.1");
    SimHost b = net.addHost("b", "10.0.0.2");
    net.link(a, b).latency(Duration.ofMillis(1));
    List<String> serverSaw = new ArrayList<>();
    net.spawn(b, "server", () -> {
      Socket listener = b.createListen(7);
      Socket c = listener.accept();
      serverSaw.add(new String(c.read(100)));
      c.read(100); // blocked here when the host crashes: the task just ends
      serverSaw.add("never");
    });
    Socket client = a.create(AF_INET, SOCK_STREAM, SOL_TCP);
    client.connect("b", 7);
    client.write("hello".getBytes());
    net.runFor(Duration.ofMillis(10));
    b.crash();
    assertTrue(b.isCrashed());
    net.run();
    assertEquals(List.of("hello"), serverSaw, "the server's task ended in its blocking read");
    long crashedAt = net.now().toNanos();
    client.write("anyone?".getBytes());
    SocketError error = assertThrows(SocketError.class, () -> client.read(10));
    assertEquals(SOCKET_ETIMEDOUT, error.code());
    assertTrue(net.now().toNanos() - crashedAt >= RetransmitSchedule.modelTimeout(15, TcpSocket.MIN_RTO));
    assertTrue(net.trace().events().stream().anyMatch(l -> l.contains("drop (crashed host) a>b tcp")));
    assertTrue(net.trace().events().stream().noneMatch(l -> l.contains(" b>a tcp") && l.contains("[R")),
        "a crash sends no RST");
  }

  @Test
  void aRestartedHostRunsItsMainAgainAndAnswersOldConnectionsWithReset() {
    SimNetwork net = SimNetwork.builder().seed(2).build();
    SimHost a = net.addHost("a", "10.0.0.1");
    SimHost b = net.addHost("b", "10.0.0.2");
    net.link(a, b).latency(Duration.ofMillis(1));
    int[] runs = {0};
    b.main(() -> {
      runs[0]++;
      Socket listener = b.createListen(7);
      while (true) {
        Socket c = listener.accept();
        c.write(("run " + runs[0]).getBytes()); // and keeps the connection open
      }
    });
    Socket old = a.create(AF_INET, SOCK_STREAM, SOL_TCP);
    old.connect("b", 7);
    assertEquals("run 1", new String(old.read(100)));
    Socket lingering = a.create(AF_INET, SOCK_STREAM, SOL_TCP);
    lingering.connect("b", 7);
    net.runFor(Duration.ofMillis(5));
    b.restart();
    net.runFor(Duration.ofMillis(5));
    assertEquals(2, runs[0], "main ran again on the fresh kernel");
    lingering.read(100); // what arrived before the crash
    lingering.write("still there?".getBytes());
    SocketError reset = assertThrows(SocketError.class, () -> lingering.read(100));
    assertEquals(SOCKET_ECONNRESET, reset.code(), "the fresh kernel knows no such connection");
    Socket fresh = a.create(AF_INET, SOCK_STREAM, SOL_TCP);
    fresh.connect("b", 7);
    assertEquals("run 2", new String(fresh.read(100)));
    assertTrue(net.trace().events().stream().anyMatch(l -> l.endsWith("restart b")));
    net.close();
  }

  @Test
  void aPausedHostsTasksFreezeWhileItsKernelReceivesUntilTheBufferIsFull() {
    SimNetwork net = SimNetwork.builder().seed(3).build();
    SimHost a = net.addHost("a", "10.0.0.1");
    SimHost b = net.addHost("b", "10.0.0.2");
    net.link(a, b).latency(Duration.ofMillis(1));
    List<Integer> reads = new ArrayList<>();
    Socket listener = b.createListen(7);
    listener.setOption(SOL_SOCKET, SO_RCVBUF, 8192);
    Socket client = a.create(AF_INET, SOCK_STREAM, SOL_TCP);
    client.setOption(SOL_SOCKET, SO_SNDBUF, 4096);
    client.connect("b", 7);
    Socket server = listener.accept();
    net.spawn(b, "reader", () -> {
      byte[] got;
      while ((got = server.read(100_000)).length > 0) {
        reads.add(got.length);
      }
    });
    net.runFor(Duration.ofMillis(1));
    b.pause();
    assertTrue(b.isPaused());
    client.setNonblock();
    int written = 0;
    for (int i = 0; i < 100; i++) {
      try {
        written += client.write(new byte[4096]);
      } catch (SocketError full) {
        assertEquals(SOCKET_EAGAIN, full.code());
      }
      net.runFor(Duration.ofMillis(5));
    }
    assertEquals(List.of(), reads, "the paused reader did not run");
    int queuedAtB = ((TcpSocket) ((SimSocket) server).kernel()).receiveBuffer.queued();
    assertEquals(16384, queuedAtB, "b's kernel took data until its (doubled) buffer was full");
    assertTrue(written < 100 * 4096, "and then the writer was pushed back");
    b.resume();
    client.close();
    net.run();
    assertEquals(written, reads.stream().mapToInt(Integer::intValue).sum(), "after resume the reader got everything");
  }

  @Test
  void clockOffsetAndDriftShowInTheHostsNowAndSleep() {
    SimNetwork net = SimNetwork.builder().seed(4).build();
    SimHost a = net.addHost("a", "10.0.0.1");
    SimHost b = net.addHost("b", "10.0.0.2");
    a.clockOffset(Duration.ofSeconds(5)).clockDrift(100);
    net.runFor(Duration.ofSeconds(10));
    assertEquals(Duration.ofSeconds(10), b.now());
    assertEquals(Duration.ofSeconds(15).plusMillis(1), a.now(), "5 s ahead and 100 ppm fast");
    a.clockOffset(Duration.ofSeconds(-15));
    assertEquals(Duration.ofMillis(1), a.now());
    long[] slept = new long[1];
    net.spawn(a, "sleeper", () -> {
      long before = net.now().toNanos();
      a.sleep(Duration.ofSeconds(1));
      slept[0] = net.now().toNanos() - before;
    });
    net.run();
    assertTrue(slept[0] < 1_000_000_000L && slept[0] > 999_800_000L, "a fast clock's second is shorter: " + slept[0]);
    assertFalse(a.isPaused());
  }
}
