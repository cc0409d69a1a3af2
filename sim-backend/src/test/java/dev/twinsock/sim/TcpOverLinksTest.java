package dev.twinsock.sim;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TCP between hosts: reliability over loss, SYN retransmission, the accept queue, TIME_WAIT. */
class TcpOverLinksTest {

  private static byte[] pattern(int length) {
    byte[] data = new byte[length];
    for (int i = 0; i < length; i++) {
      data[i] = (byte) (i * 31 + i / 251);
    }
    return data;
  }

  @Test
  void everyByteArrivesInOrderOverALossyJitteryLink() {
    SimNetwork net = SimNetwork.builder().seed(2024).build();
    SimHost server = net.addHost("server", "10.0.0.1");
    SimHost client = net.addHost("client", "10.0.0.2");
    net.link(server, client).latency(Duration.ofMillis(20)).jitter(Duration.ofMillis(15)).loss(0.2);
    byte[] sent = pattern(300_000);
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    net.spawn(server, "sink", () -> {
      Socket listener = server.createListen(9000);
      Socket connection = listener.accept();
      byte[] chunk;
      while ((chunk = connection.read(8192)).length > 0) {
        received.write(chunk, 0, chunk.length);
      }
      connection.close();
      listener.close();
    });
    net.spawn(client, "source", () -> {
      Socket socket = client.create(AF_INET, SOCK_STREAM, SOL_TCP);
      socket.connect("server", 9000);
      int written = 0;
      while (written < sent.length) {
        byte[] rest = java.util.Arrays.copyOfRange(sent, written, Math.min(sent.length, written + 50_000));
        written += socket.write(rest);
      }
      socket.close();
    });
    net.run();
    assertArrayEquals(sent, received.toByteArray());
    long drops = net.trace().events().stream().filter(line -> line.contains("drop (loss)")).count();
    assertTrue(drops > 20, "the link really lost packets: " + drops);
    net.checkNoOpenSockets();
  }

  @Test
  void readsAreShortAtTheSegmentSize() {
    SimNetwork net = SimNetwork.builder().seed(5).build();
    SimHost a = net.addHost("a", "10.0.0.1");
    SimHost b = net.addHost("b", "10.0.0.2");
    net.link(a, b).latency(Duration.ofMillis(1));
    Socket listener = a.createListen(80);
    Socket client = b.create(AF_INET, SOCK_STREAM, SOL_TCP);
    client.connect("10.0.0.1", 80);
    Socket server = listener.accept();
    client.write(pattern(10_000));
    assertEquals(NetworkStack.ETHERNET_MSS, server.read(65536).length, "the first segment alone has arrived");
  }

  @Test
  void synRetransmissionsAt1_2_3_4_5_7_11_19_35_67SecondsThenTimedOutAt131() {
    // Linux 6.5+: tcp_syn_linear_timeouts (4) keeps the RTO at 1 s for the first retransmissions,
    // and tcp_write_timeout gives up after tcp_syn_retries + 4 tries (or 127 s, whichever is first)
    SimNetwork net = SimNetwork.builder().seed(11).build();
    SimHost a = net.addHost("a", "10.0.0.1");
    SimHost b = net.addHost("b", "10.0.0.2");
    net.link(a, b).partition();
    Socket socket = a.create(AF_INET, SOCK_STREAM, SOL_TCP);
    SocketError error = assertThrows(SocketError.class, () -> socket.connect("10.0.0.2", 80));
    assertEquals(SOCKET_ETIMEDOUT, error.code());
    assertEquals(Duration.ofSeconds(131), net.now());
    List<String> synTimes = new ArrayList<>();
    for (String line : net.trace().events()) {
      if (line.contains("drop (partition)") && line.contains("[S]")) {
        synTimes.add(line.substring(0, line.indexOf(' ')));
      }
    }
    assertEquals(List.of("0.000000000", "1.000000000", "2.000000000", "3.000000000", "4.000000000",
        "5.000000000", "7.000000000", "11.000000000", "19.000000000", "35.000000000", "67.000000000"), synTimes);
  }

  @Test
  void tcpSyncntShortensTheConnectTimeout() {
    SimNetwork net = SimNetwork.builder().build();
    SimHost a = net.addHost("a", "10.0.0.1");
    SimHost b = net.addHost("b", "10.0.0.2");
    net.link(a, b).loss(1.0);
    Socket socket = a.create(AF_INET, SOCK_STREAM, SOL_TCP);
    socket.setOption(SOL_TCP, TCP_SYNCNT, 2);
    SocketError error = assertThrows(SocketError.class, () -> socket.connect("b", 80));
    assertEquals(SOCKET_ETIMEDOUT, error.code());
    assertEquals(Duration.ofSeconds(7), net.now());
  }

  @Test
  void anUnreachablePeerTimesOutAnEstablishedConnection() {
    SimNetwork net = SimNetwork.builder().build();
    SimHost a = net.addHost("a", "10.0.0.1");
    SimHost b = net.addHost("b", "10.0.0.2");
    SimLink link = net.link(a, b).latency(Duration.ofMillis(10));
    Socket listener = b.createListen(7);
    Socket client = a.create(AF_INET, SOCK_STREAM, SOL_TCP);
    client.connect("b", 7);
    link.partition();
    assertEquals(5, client.write("hello".getBytes()));
    SocketError error = assertThrows(SocketError.class, () -> client.read(10));
    assertEquals(SOCKET_ETIMEDOUT, error.code());
    long seconds = net.now().toSeconds();
    assertTrue(seconds > 600 && seconds < 1000, "about 15 backed-off retransmissions: " + net.now());
    listener.close();
  }

  @Test
  void aFullAcceptQueueDropsSynsUntilAnAcceptMakesRoom() {
    SimNetwork net = SimNetwork.builder().seed(8).build();
    SimHost server = net.addHost("server", "10.0.0.1");
    SimHost client = net.addHost("client", "10.0.0.2");
    net.link(server, client).latency(Duration.ofMillis(5));
    Socket listener = server.create(AF_INET, SOCK_STREAM, SOL_TCP);
    listener.bind("0.0.0.0", 7000);
    listener.listen(1);
    List<Socket> clients = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Socket socket = client.create(AF_INET, SOCK_STREAM, SOL_TCP);
      socket.setNonblock();
      assertEquals(SOCKET_EINPROGRESS, assertThrows(SocketError.class, () -> socket.connect("server", 7000)).code());
      clients.add(socket);
      net.runFor(Duration.ofMillis(50));
    }
    List<Socket> writable = new ArrayList<>(clients);
    assertEquals(2, client.select(null, writable, null, 0L, 0), "backlog 1 holds two connections");
    assertEquals(clients.subList(0, 2), writable);
    long dropped = net.trace().events().stream().filter(line -> line.contains("drop (accept queue full)")).count();
    assertEquals(3, dropped);
    // accepting makes room: the retransmitted SYN (at 1 s) of the next one gets through
    listener.accept().close();
    listener.accept().close();
    writable = new ArrayList<>(clients);
    net.runFor(Duration.ofMillis(1100));
    assertEquals(4, client.select(null, writable, null, 0L, 0));
    assertEquals(clients.subList(0, 4), writable);
  }

  @Test
  void timeWaitHoldsThePortForSixtySecondsUnlessBothSidesReuse() {
    SimNetwork net = SimNetwork.builder().build();
    SimHost host = net.addHost("h", "10.0.0.1");
    Socket listener = host.create(AF_INET, SOCK_STREAM, SOL_TCP);
    listener.bind("127.0.0.1", 5000);
    listener.listen(4);
    Socket client = host.create(AF_INET, SOCK_STREAM, SOL_TCP);
    client.connect("127.0.0.1", 5000);
    Socket server = listener.accept();
    listener.close();
    // the server closes first, so its end of the connection keeps 127.0.0.1:5000 in TIME_WAIT
    server.close();
    assertEquals(0, client.read(10).length);
    client.close();
    net.runFor(Duration.ofSeconds(1));
    Socket again = host.create(AF_INET, SOCK_STREAM, SOL_TCP);
    assertEquals(SOCKET_EADDRINUSE, assertThrows(SocketError.class, () -> again.bind("127.0.0.1", 5000)).code());
    again.setOption(SOL_SOCKET, SO_REUSEADDR, 1);
    assertEquals(SOCKET_EADDRINUSE, assertThrows(SocketError.class, () -> again.bind("127.0.0.1", 5000)).code(),
        "the old socket did not set SO_REUSEADDR");
    net.runFor(Duration.ofSeconds(59));
    again.bind("127.0.0.1", 5000);
    host.close();
  }

  @Test
  void timeWaitYieldsWhenOldAndNewSocketsBothSetReuseAddr() {
    SimNetwork net = SimNetwork.builder().build();
    SimHost host = net.addHost("h", "10.0.0.1");
    Socket listener = host.create(AF_INET, SOCK_STREAM, SOL_TCP);
    listener.setOption(SOL_SOCKET, SO_REUSEADDR, 1);
    listener.bind("127.0.0.1", 5001);
    listener.listen(4);
    Socket client = host.create(AF_INET, SOCK_STREAM, SOL_TCP);
    client.connect("127.0.0.1", 5001);
    Socket server = listener.accept();
    listener.close();
    server.close();
    assertEquals(0, client.read(10).length);
    client.close();
    Socket again = host.create(AF_INET, SOCK_STREAM, SOL_TCP);
    again.setOption(SOL_SOCKET, SO_REUSEADDR, 1);
    again.bind("127.0.0.1", 5001);
    again.listen(1);
    assertTrue(net.trace().events().stream().noneMatch(line -> line.contains("time-wait over")),
        "the old connection is still in TIME_WAIT");
    host.close();
  }

  @Test
  void tenThousandSocketsInOneNetwork() {
    SimNetwork net = SimNetwork.builder().seed(10_000).keepTraceEvents(false).build();
    SimHost server = net.addHost("server", "10.0.0.1");
    SimHost client = net.addHost("client", "10.0.0.2");
    Socket listener = server.createListen(443, SOMAXCONN);
    List<Socket> sockets = new ArrayList<>();
    for (int i = 0; i < 4_999; i++) {
      Socket socket = client.create(AF_INET, SOCK_STREAM, SOL_TCP);
      socket.connect("server", 443);
      sockets.add(socket);
      sockets.add(listener.accept());
    }
    sockets.add(client.create(AF_INET, SOCK_DGRAM, SOL_UDP));
    assertEquals(9_999, sockets.size());
    sockets.get(0).write(new byte[] {42});
    assertArrayEquals(new byte[] {42}, sockets.get(1).read(1));
    Socket last = sockets.get(sockets.size() - 3);
    last.write(new byte[] {7});
    assertArrayEquals(new byte[] {7}, sockets.get(sockets.size() - 2).read(1));
    assertEquals(10_000, server.openSockets().size() + client.openSockets().size());
    server.close();
    client.close();
    net.checkNoOpenSockets();
  }

  @Test
  void soLingerMakesCloseWaitForTheAcknowledgementUpToItsTimeout() {
    SimNetwork net = SimNetwork.builder().build();
    SimHost a = net.addHost("a", "10.0.0.1");
    SimHost b = net.addHost("b", "10.0.0.2");
    SimLink link = net.link(a, b).latency(Duration.ofMillis(100));
    Socket listener = b.createListen(80);
    Socket client = a.create(AF_INET, SOCK_STREAM, SOL_TCP);
    client.connect("b", 80);
    Socket server = listener.accept();
    client.setOption(SOL_SOCKET, SO_LINGER, new dev.twinsock.Linger(1, 5));
    client.write(new byte[100]);
    Duration before = net.now();
    client.close();
    // the peer acknowledges a FIN that ends its ESTABLISHED state after the delayed-ACK timeout
    // (40 ms: tcp_fin makes the connection interactive), as Linux on loopback, where this close takes 41 ms
    assertEquals(Duration.ofMillis(240), net.now().minus(before), "a round trip and the delayed ACK of the FIN");

    Socket second = a.create(AF_INET, SOCK_STREAM, SOL_TCP);
    second.connect("b", 80);
    listener.accept().close();
    second.setOption(SOL_SOCKET, SO_LINGER, new dev.twinsock.Linger(1, 3));
    link.partition();
    before = net.now();
    second.close();
    assertEquals(Duration.ofSeconds(3), net.now().minus(before), "the linger timeout bounds the wait");
    server.close();
  }
}
