package dev.twinsock.sim;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import dev.twinsock.Timeval;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Every timer of a host runs on the host's clock: a clock 10 % fast (100,000 ppm) ends a timeout
 * of d after ceil(d / 1.1) of network time, a slow one later; a paused host's blocked calls
 * return only once it resumes; each host has its own TCP sysctls.
 */
class HostClockTimersTest {
  private static final double FAST = 100_000;

  /** The network time a host delay of {@code nanos} takes on a clock 10 % fast: rounded up. */
  private static long onFastClock(long nanos) {
    return (nanos * 10 + 10) / 11;
  }

  /** The network times, in ns, of the trace lines that {@code match}. */
  private static List<Long> times(SimNetwork net, Predicate<String> match) {
    List<Long> out = new ArrayList<>();
    for (String line : net.trace().events()) {
      if (match.test(line)) {
        String time = line.substring(0, line.indexOf(' '));
        int dot = time.indexOf('.');
        out.add(Long.parseLong(time.substring(0, dot)) * 1_000_000_000L + Long.parseLong(time.substring(dot + 1)));
      }
    }
    return out;
  }

  /** How long, in network time, a read with an SO_RCVTIMEO of 2 s waits on a host drifting by {@code ppm}. */
  private static long receiveTimeout(double ppm) {
    SimNetwork net = SimNetwork.builder().seed(3).build();
    SimHost host = net.addHost("h", "10.0.0.1").clockDrift(ppm);
    Socket socket = host.create(AF_INET, SOCK_DGRAM, SOL_UDP);
    socket.bind("0.0.0.0", 9);
    socket.setOption(SOL_SOCKET, SO_RCVTIMEO, new Timeval(2, 0));
    long before = net.now().toNanos();
    assertEquals(SOCKET_EAGAIN, assertThrows(SocketError.class, () -> socket.recvfrom(10, 0)).code());
    long waited = net.now().toNanos() - before;
    assertTrue(host.now().toNanos() >= 2_000_000_000L, "the host's clock saw the whole timeout: " + host.now());
    socket.close();
    return waited;
  }

  @Test
  void soRcvtimeoEndsEarlyInNetworkTimeOnAFastClockAndLateOnASlowOne() {
    assertEquals(2_000_000_000L, receiveTimeout(0));
    assertEquals(1_818_181_819L, receiveTimeout(FAST), "2 s / 1.1, rounded up");
    assertEquals(2_222_222_223L, receiveTimeout(-FAST), "2 s / 0.9, rounded up");
  }

  @Test
  void aDriftThatWouldStopOrPassTheClockIsRejected() {
    SimHost host = SimNetwork.builder().build().addHost("h", "10.0.0.1");
    assertThrows(IllegalArgumentException.class, () -> host.clockDrift(-999_999.9999), "rounds to -10^9 ppb");
    assertThrows(IllegalArgumentException.class, () -> host.clockDrift(999_999.9999));
    assertThrows(IllegalArgumentException.class, () -> host.clockDrift(Double.NaN));
    host.clockDrift(-999_999.999); // -999999999 ppb: a host nanosecond takes a network second
    assertEquals(1, host.networkDelay(1) / 1_000_000_000L);
  }

  @Test
  void selectsTimeoutRunsOnTheHostsClock() {
    SimNetwork net = SimNetwork.builder().seed(3).build();
    SimHost plain = net.addHost("plain", "10.0.0.1");
    SimHost fast = net.addHost("fast", "10.0.0.2").clockDrift(FAST);
    long[] waited = new long[2];
    SimHost[] hosts = {plain, fast};
    for (int i = 0; i < 2; i++) {
      SimHost host = hosts[i];
      Socket socket = host.create(AF_INET, SOCK_DGRAM, SOL_UDP);
      socket.bind("0.0.0.0", 9);
      long before = net.now().toNanos();
      assertEquals(0, host.select(new ArrayList<>(List.of(socket)), null, null, 1L, 500_000));
      waited[i] = net.now().toNanos() - before;
      socket.close();
    }
    assertArrayEquals(new long[] {1_500_000_000L, onFastClock(1_500_000_000L)}, waited);
  }

  /** The network times of a connect's SYNs from a host drifting by {@code ppm}, and its give-up last. */
  private static List<Long> synSchedule(double ppm) {
    SimNetwork net = SimNetwork.builder().seed(5).tcpSynRetries(2).build();
    SimHost server = net.addHost("server", "10.0.0.1");
    SimHost client = net.addHost("client", "10.0.0.2").clockDrift(ppm);
    net.partition(Set.of(client), Set.of(server));
    Socket socket = client.create(AF_INET, SOCK_STREAM, SOL_TCP);
    assertEquals(SOCKET_ETIMEDOUT, assertThrows(SocketError.class, () -> socket.connect("10.0.0.1", 7)).code());
    List<Long> out = times(net, l -> l.contains("drop (partition) client>server") && l.contains("[S]"));
    out.add(net.now().toNanos());
    return out;
  }

  @Test
  void aFastClockResendsSynsAndGivesUpEarlierInNetworkTime() {
    List<Long> plain = synSchedule(0);
    assertEquals(List.of(0L, 1_000_000_000L, 2_000_000_000L, 3_000_000_000L, 4_000_000_000L, 5_000_000_000L,
        7_000_000_000L), plain);
    assertEquals(expectedOnFastClock(plain), synSchedule(FAST));
  }

  /** {@code plain}'s times as a fast clock runs them: each timer's host delay in network time, one after another. */
  private static List<Long> expectedOnFastClock(List<Long> plain) {
    List<Long> out = new ArrayList<>(List.of(plain.get(0)));
    for (int i = 1; i < plain.size(); i++) {
      out.add(out.get(i - 1) + onFastClock(plain.get(i) - plain.get(i - 1)));
    }
    return out;
  }

  /** The network times, from the first, of an established connection's retransmissions and its give-up. */
  private static List<Long> retransmitSchedule(double ppm) {
    SimNetwork net = SimNetwork.builder().seed(5).tcpRetries2(3).build();
    SimHost server = net.addHost("server", "10.0.0.1");
    SimHost client = net.addHost("client", "10.0.0.2").clockDrift(ppm);
    Socket listener = server.createListen(7);
    Socket socket = client.create(AF_INET, SOCK_STREAM, SOL_TCP);
    socket.connect("10.0.0.1", 7);
    Socket accepted = listener.accept();
    socket.write(new byte[] {1});
    accepted.read(1);
    net.runUntil(() -> net.inFlight().isEmpty());
    net.partition(Set.of(client), Set.of(server));
    socket.write(new byte[100]);
    assertEquals(SOCKET_ETIMEDOUT, assertThrows(SocketError.class, () -> socket.read(100)).code());
    List<Long> out = times(net, l -> l.contains("drop (partition) client>server") && l.contains("[.]"));
    out.add(net.now().toNanos());
    long first = out.get(0);
    out.replaceAll(t -> t - first);
    return out;
  }

  @Test
  void aFastClockRunsTheRetransmissionTimersAndTheGiveUpEarlierInNetworkTime() {
    List<Long> plain = retransmitSchedule(0);
    // sent, a tail loss probe at 200 ms, RTOs at 400, 800, 1600, 3200 ms, ETIMEDOUT at 6400 ms
    assertEquals(List.of(0L, 200_000_000L, 400_000_000L, 800_000_000L, 1_600_000_000L, 3_200_000_000L,
        6_400_000_000L), plain);
    assertEquals(expectedOnFastClock(plain), retransmitSchedule(FAST));
  }

  /** The network times, from the partition, of a keepalive's probes (1 s idle, 1 s apart, 2) and its reset. */
  private static List<Long> keepaliveSchedule(double ppm) {
    SimNetwork net = SimNetwork.builder().seed(5).tcpKeepalive(1, 1, 2).build();
    SimHost server = net.addHost("server", "10.0.0.1");
    SimHost client = net.addHost("client", "10.0.0.2").clockDrift(ppm);
    Socket listener = server.createListen(7);
    Socket socket = client.create(AF_INET, SOCK_STREAM, SOL_TCP);
    socket.connect("10.0.0.1", 7);
    listener.accept();
    net.runUntil(() -> net.inFlight().isEmpty());
    socket.setOption(SOL_SOCKET, SO_KEEPALIVE, 1);
    long start = net.now().toNanos();
    net.partition(Set.of(client), Set.of(server));
    assertEquals(SOCKET_ETIMEDOUT, assertThrows(SocketError.class, () -> socket.read(100)).code());
    List<Long> out = times(net, l -> l.contains("drop (partition) client>server"));
    out.replaceAll(t -> t - start);
    return out;
  }

  @Test
  void aFastClockRunsTheKeepaliveTimerEarlierInNetworkTime() {
    List<Long> plain = keepaliveSchedule(0);
    assertEquals(List.of(1_000_000_000L, 2_000_000_000L, 3_000_000_000L), plain, "two probes and the reset");
    List<Long> fast = keepaliveSchedule(FAST);
    assertEquals(List.of(onFastClock(1_000_000_000L), 2 * onFastClock(1_000_000_000L), 3 * onFastClock(1_000_000_000L)),
        fast);
  }

  @Test
  void soSndtimeoEndsABlockingConnectEarlyOnAFastClock() {
    SimNetwork net = SimNetwork.builder().seed(5).build();
    SimHost server = net.addHost("server", "10.0.0.1");
    SimHost plain = net.addHost("plain", "10.0.0.2");
    SimHost fast = net.addHost("fast", "10.0.0.3").clockDrift(FAST);
    net.partition(Set.of(plain, fast), Set.of(server));
    long[] waited = new long[2];
    SimHost[] hosts = {plain, fast};
    for (int i = 0; i < 2; i++) {
      Socket socket = hosts[i].create(AF_INET, SOCK_STREAM, SOL_TCP);
      socket.setOption(SOL_SOCKET, SO_SNDTIMEO, new Timeval(0, 500_000));
      long before = net.now().toNanos();
      assertEquals(SOCKET_EINPROGRESS, assertThrows(SocketError.class, () -> socket.connect("10.0.0.1", 7)).code());
      waited[i] = net.now().toNanos() - before;
      socket.close();
    }
    assertArrayEquals(new long[] {500_000_000L, onFastClock(500_000_000L)}, waited);
  }

  @Test
  void aPausedHostsBlockedReceiveReturnsOnlyAfterResume() {
    SimNetwork net = SimNetwork.builder().seed(2).build();
    SimHost a = net.addHost("a", "10.0.0.1");
    SimHost b = net.addHost("b", "10.0.0.2");
    Socket sender = a.create(AF_INET, SOCK_DGRAM, SOL_UDP);
    Socket receiver = b.create(AF_INET, SOCK_DGRAM, SOL_UDP);
    receiver.bind("0.0.0.0", 9);
    Socket timed = b.create(AF_INET, SOCK_DGRAM, SOL_UDP);
    timed.bind("0.0.0.0", 10);
    timed.setOption(SOL_SOCKET, SO_RCVTIMEO, new Timeval(1, 0));
    List<String> returned = new ArrayList<>();
    net.spawn(b, "reader", () -> {
      receiver.recvfrom(10, 0);
      returned.add("data at " + net.now().toMillis());
    });
    net.spawn(b, "timed", () -> {
      assertEquals(SOCKET_EAGAIN, assertThrows(SocketError.class, () -> timed.recvfrom(10, 0)).code());
      returned.add("timeout at " + net.now().toMillis());
    });
    net.runFor(Duration.ofMillis(100));
    b.pause();
    sender.sendto(new byte[] {1}, 1, 0, "10.0.0.2", 9);
    net.runFor(Duration.ofSeconds(5));
    assertEquals(List.of(), returned, "the data came and the timeout passed, but neither call returned");
    b.resume();
    net.run();
    assertEquals(List.of("data at 5100", "timeout at 5100"), returned);
    for (Socket s : List.of(sender, receiver, timed)) {
      s.close();
    }
  }

  /** How many SYNs {@code from} sends before its connect times out. */
  private static int syns(SimNetwork net, SimHost from) {
    Socket socket = from.create(AF_INET, SOCK_STREAM, SOL_TCP);
    assertEquals(SOCKET_ETIMEDOUT, assertThrows(SocketError.class, () -> socket.connect("10.0.0.1", 7)).code());
    socket.close();
    return times(net, l -> l.contains("drop (partition) " + from.name() + ">server") && l.contains("[S]")).size();
  }

  @Test
  void aHostsOwnTcpSynRetriesChangesOnlyItsConnects() {
    SimNetwork net = SimNetwork.builder().seed(6).tcpSynRetries(1).build();
    SimHost server = net.addHost("server", "10.0.0.1");
    SimHost tuned = net.addHost("tuned", "10.0.0.2").tcpSynRetries(2);
    SimHost other = net.addHost("other", "10.0.0.3");
    net.partition(Set.of(tuned, other), Set.of(server));
    // tcp_syn_retries 2 gives up at 7 s: the SYN and five resends, 1 s apart; 1 gives up at 3 s
    assertEquals(6, syns(net, tuned), "the host's own tcp_syn_retries 2");
    assertEquals(3, syns(net, other), "the network's tcp_syn_retries 1");
    Socket[] sockets = {tuned.create(AF_INET, SOCK_STREAM, SOL_TCP), other.create(AF_INET, SOCK_STREAM, SOL_TCP)};
    assertEquals(2, sockets[0].getOption(IPPROTO_TCP, TCP_SYNCNT), "TCP_SYNCNT reads the host's sysctl");
    assertEquals(1, sockets[1].getOption(IPPROTO_TCP, TCP_SYNCNT));
    for (Socket socket : sockets) {
      socket.close();
    }
    assertThrows(IllegalArgumentException.class, () -> other.tcpSynRetries(0));
    assertThrows(IllegalArgumentException.class, () -> other.tcpKeepalive(10, 10, 0));
  }
}
