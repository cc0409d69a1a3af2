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
 * TCP's timers as Linux runs them, with the network's sysctls: SYNs resent linearly then doubling
 * and the connect's give-up, the established connection's give-up after tcp_retries2's time from
 * the first retransmission (after a tail loss probe), TCP_USER_TIMEOUT, and the keepalive timer.
 * The kernel-faults module compares the same schedules with a real kernel.
 */
class TcpTimersTest {
  private SimNetwork net;
  private SimHost server;
  private SimHost client;

  private void network(SimNetwork.Builder builder) {
    net = builder.seed(7).build();
    server = net.addHost("server", "10.0.0.1");
    client = net.addHost("client", "10.0.0.2");
  }

  /** The virtual times, in ms, of the trace lines that {@code match}. */
  private List<Double> times(Predicate<String> match) {
    List<Double> out = new ArrayList<>();
    for (String line : net.trace().events()) {
      if (match.test(line)) {
        out.add(Double.parseDouble(line.substring(0, line.indexOf(' '))) * 1000);
      }
    }
    return out;
  }

  private List<Double> dropped(String flags) {
    return times(l -> l.contains("drop (partition) client>server") && l.contains(flags));
  }

  /** [listener, client, accepted], one byte each way, every packet arrived. */
  private Socket[] connection() {
    Socket listener = server.createListen(7);
    Socket socket = client.create(AF_INET, SOCK_STREAM, SOL_TCP);
    socket.connect("10.0.0.1", 7);
    Socket accepted = listener.accept();
    socket.write(new byte[] {1});
    accepted.read(1);
    accepted.write(new byte[] {2});
    socket.read(1);
    net.runUntil(() -> net.inFlight().isEmpty());
    return new Socket[] {listener, socket, accepted};
  }

  @Test
  void synsAreResentOneSecondApartForTheLinearTimeoutsThenDoubling() {
    network(SimNetwork.builder().tcpSynRetries(2));
    net.partition(Set.of(client), Set.of(server));
    Socket socket = client.create(AF_INET, SOCK_STREAM, SOL_TCP);
    assertEquals(2, socket.getOption(IPPROTO_TCP, TCP_SYNCNT), "TCP_SYNCNT reads the sysctl");
    assertEquals(SOCKET_ETIMEDOUT, assertThrows(SocketError.class, () -> socket.connect("10.0.0.1", 7)).code());
    // tcp_model_timeout(2, 1 s) = 7 s from the first SYN; the fifth resend (at 5 s) doubles the RTO
    assertEquals(List.of(0.0, 1000.0, 2000.0, 3000.0, 4000.0, 5000.0), dropped("[S]"));
    assertEquals(Duration.ofSeconds(7), net.now());
  }

  @Test
  void withoutLinearTimeoutsSynsDoubleFromTheFirst() {
    network(SimNetwork.builder().tcpSynRetries(2).tcpSynLinearTimeouts(0));
    net.partition(Set.of(client), Set.of(server));
    Socket socket = client.create(AF_INET, SOCK_STREAM, SOL_TCP);
    assertEquals(SOCKET_ETIMEDOUT, assertThrows(SocketError.class, () -> socket.connect("10.0.0.1", 7)).code());
    assertEquals(List.of(0.0, 1000.0, 3000.0), dropped("[S]"));
    assertEquals(Duration.ofSeconds(7), net.now());
  }

  @Test
  void tcpSyncntOverridesTheSysctl() {
    network(SimNetwork.builder().tcpSynRetries(5));
    net.partition(Set.of(client), Set.of(server));
    Socket socket = client.create(AF_INET, SOCK_STREAM, SOL_TCP);
    socket.setOption(IPPROTO_TCP, TCP_SYNCNT, 1);
    assertEquals(SOCKET_ETIMEDOUT, assertThrows(SocketError.class, () -> socket.connect("10.0.0.1", 7)).code());
    assertEquals(List.of(0.0, 1000.0, 2000.0), dropped("[S]"));
    assertEquals(Duration.ofSeconds(3), net.now());
  }

  @Test
  void aResentSynRestartsTheSynAckTimer() {
    network(SimNetwork.builder().tcpSynRetries(1));
    server.createListen(7);
    net.partitionOneWay(server, client);
    Socket socket = client.create(AF_INET, SOCK_STREAM, SOL_TCP);
    assertEquals(SOCKET_ETIMEDOUT, assertThrows(SocketError.class, () -> socket.connect("10.0.0.1", 7)).code());
    // the first; the timer's at 1 s (the RTO doubles to 2 s) and the answer to the SYN resent at
    // 1 s, which restarts the timer for 3 s; the answer to the SYN at 2 s restarts it for 4 s
    assertEquals(List.of(0.0, 1000.0, 1000.0, 2000.0),
        times(l -> l.contains("drop (partition) server>client") && l.contains("[S.]")));
    assertEquals(Duration.ofSeconds(3), net.now());
  }

  @Test
  void anEstablishedConnectionGivesUpAfterTcpRetries2sTimeFromTheFirstRetransmission() {
    network(SimNetwork.builder().tcpRetries2(3));
    Socket[] c = connection();
    long start = net.now().toNanos();
    net.partition(Set.of(client), Set.of(server));
    c[1].write(new byte[100]);
    assertEquals(SOCKET_ETIMEDOUT, assertThrows(SocketError.class, () -> c[1].read(100)).code());
    // sent at 0, a tail loss probe at 200 ms, RTOs from it at 400, 800, 1600, 3200 ms;
    // tcp_model_timeout(3, 200 ms) = 3 s from the first RTO is past at the expiry at 6400 ms
    assertEquals(List.of(0.0, 200.0, 400.0, 800.0, 1600.0, 3200.0), dropped("[.]"));
    assertEquals(6400, (net.now().toNanos() - start) / 1_000_000);
    assertEquals(SOCKET_EPIPE, assertThrows(SocketError.class, () -> c[1].write(new byte[1])).code());
  }

  @Test
  void tcpUserTimeoutEndsTheRetransmissionsThatLongAfterTheFirst() {
    network(SimNetwork.builder());
    Socket[] c = connection();
    c[1].setOption(IPPROTO_TCP, TCP_USER_TIMEOUT, 1500);
    net.partition(Set.of(client), Set.of(server));
    c[1].write(new byte[100]);
    assertEquals(SOCKET_ETIMEDOUT, assertThrows(SocketError.class, () -> c[1].read(100)).code());
    // the last RTO (1600 ms after 1600 ms) is cut to what is left: 400 + 1500 = 1900 ms
    assertEquals(List.of(0.0, 200.0, 400.0, 800.0, 1600.0), dropped("[.]"));
    assertEquals(Duration.ofMillis(1900), net.now());
  }

  @Test
  void keepaliveProbesADeadPeerAndEndsTheConnectionWithEtimedout() {
    network(SimNetwork.builder());
    Socket[] c = connection();
    Socket socket = c[1];
    socket.setOption(SOL_SOCKET, SO_KEEPALIVE, 1);
    socket.setOption(IPPROTO_TCP, TCP_KEEPIDLE, 1);
    socket.setOption(IPPROTO_TCP, TCP_KEEPINTVL, 1);
    socket.setOption(IPPROTO_TCP, TCP_KEEPCNT, 2);
    net.partition(Set.of(client), Set.of(server));
    assertEquals(SOCKET_ETIMEDOUT, assertThrows(SocketError.class, () -> socket.read(100)).code());
    assertEquals(List.of(1000.0, 2000.0), dropped("[.]"), "two probes, a second apart");
    assertEquals(List.of(3000.0), dropped("[R.]"), "a reset as it gives up");
    assertEquals(Duration.ofSeconds(3), net.now());
  }

  @Test
  void keepaliveOnALivePeerIsAnsweredAndKeepsTheConnection() {
    network(SimNetwork.builder().tcpKeepalive(1, 1, 2));
    Socket[] c = connection();
    Socket socket = c[1];
    assertEquals(1, socket.getOption(IPPROTO_TCP, TCP_KEEPIDLE));
    socket.setOption(SOL_SOCKET, SO_KEEPALIVE, 1);
    socket.setOption(SOL_SOCKET, SO_RCVTIMEO, new Timeval(3, 500_000));
    assertEquals(SOCKET_EAGAIN, assertThrows(SocketError.class, () -> socket.read(100)).code());
    // the handshake's and the first bytes' ACKs are at 0 ms; the probes come after
    List<Double> probes = times(l -> l.contains("recv client>server") && l.contains("len 0"));
    assertEquals(List.of(1000.0, 2000.0, 3000.0), probes.stream().filter(t -> t > 0).toList());
    List<Double> answers = times(l -> l.contains("recv server>client") && l.contains("len 0"));
    assertEquals(List.of(1000.0, 2000.0, 3000.0), answers.stream().filter(t -> t > 0).toList(), "each answered");
    c[2].write("ok".getBytes());
    assertArrayEquals("ok".getBytes(), socket.read(100));
  }

  @Test
  void aPartitionDropsThePacketsAlreadyOnTheCutLinkAndAHoldKeepsThem() {
    network(SimNetwork.builder());
    net.link(client, server).latency(Duration.ofMillis(10));
    Socket receiver = server.create(AF_INET, SOCK_DGRAM, SOL_UDP);
    receiver.bind("10.0.0.1", 9);
    receiver.setNonblock();
    Socket sender = client.create(AF_INET, SOCK_DGRAM, SOL_UDP);
    sender.sendto("lost".getBytes(), 4, 0, "10.0.0.1", 9);
    net.runFor(Duration.ofMillis(5));
    try (Partition cut = net.partition(Set.of(client), Set.of(server))) {
      assertTrue(net.inFlight().isEmpty(), "the datagram on the wire went with the cut");
      net.runFor(Duration.ofMillis(20));
    }
    assertEquals(SOCKET_EAGAIN, assertThrows(SocketError.class, () -> receiver.recv(100, 0)).code());
    sender.sendto("kept".getBytes(), 4, 0, "10.0.0.1", 9);
    net.runFor(Duration.ofMillis(5));
    net.hold(client, server);
    assertEquals(1, net.inFlight().size(), "a hold leaves the packet under way");
    net.runFor(Duration.ofMillis(20));
    net.release(client, server);
    assertArrayEquals("kept".getBytes(), receiver.recv(100, 0));
  }

  @Test
  void theSysctlsAreBoundedAsLinuxBoundsThem() {
    assertThrows(IllegalArgumentException.class, () -> SimNetwork.builder().tcpSynRetries(0));
    assertThrows(IllegalArgumentException.class, () -> SimNetwork.builder().tcpSynRetries(128));
    assertThrows(IllegalArgumentException.class, () -> SimNetwork.builder().tcpSynLinearTimeouts(17));
    assertThrows(IllegalArgumentException.class, () -> SimNetwork.builder().tcpRetries2(-1));
    assertThrows(IllegalArgumentException.class, () -> SimNetwork.builder().tcpKeepalive(0, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> SimNetwork.builder().tcpKeepalive(1, 1, 128));
  }
}
