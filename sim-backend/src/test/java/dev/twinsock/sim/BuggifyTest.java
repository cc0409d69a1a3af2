package dev.twinsock.sim;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Socket-level faults from the kernel's buggify sites, and fault plans drawn from a seed. */
class BuggifyTest {
  private SimNetwork net;
  private SimHost a;
  private SimHost b;

  private void network(FaultPlan plan) {
    net = SimNetwork.builder().seed(5).build();
    a = net.addHost("a", "10.0.0.1");
    b = net.addHost("b", "10.0.0.2");
    net.link(a, b).latency(Duration.ofMillis(1));
    net.faults(plan);
  }

  private Socket[] connected() {
    Socket listener = b.createListen(7);
    Socket client = a.create(AF_INET, SOCK_STREAM, SOL_TCP);
    client.connect("b", 7);
    Socket server = listener.accept();
    listener.close();
    return new Socket[] {client, server};
  }

  @Test
  void shortReadsAndWritesMoveFewerBytesButTheStreamStaysWhole() {
    network(FaultPlan.none().withShortReads(1).withShortWrites(1));
    Socket[] pair = connected();
    byte[] data = LinkFaultsTest.TcpTransfer.pattern(5000);
    int first = pair[0].write(data);
    assertTrue(first >= 1 && first < 5000, "a short write: " + first);
    int written = first;
    while (written < data.length) {
      written += pair[0].write(java.util.Arrays.copyOfRange(data, written, data.length));
    }
    net.runFor(Duration.ofMillis(10));
    java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
    int available = ((TcpSocket) ((SimSocket) pair[1]).kernel()).receiveBuffer.queued();
    byte[] chunk = pair[1].read(5000);
    assertTrue(available > 1 && chunk.length < available, "a short read: " + chunk.length + " of " + available);
    got.writeBytes(chunk);
    while (got.size() < data.length) {
      got.writeBytes(pair[1].read(5000));
    }
    assertArrayEquals(data, got.toByteArray());
    assertTrue(net.trace().events().stream().anyMatch(l -> l.contains("fault short-read b ")));
  }

  @Test
  void resetOnCloseGivesThePeerEconnresetInsteadOfEof() {
    network(FaultPlan.none().withResetOnClose(1));
    Socket[] pair = connected();
    pair[0].close();
    assertEquals(SOCKET_ECONNRESET, assertThrows(SocketError.class, () -> pair[1].read(10)).code());
  }

  @Test
  void aConnectionResetMidStreamReachesBothEnds() {
    network(FaultPlan.none().withConnectionResets(1));
    Socket[] pair = connected();
    pair[0].write("data".getBytes());
    assertEquals(SOCKET_ECONNRESET, assertThrows(SocketError.class, () -> pair[1].read(10)).code());
    assertEquals(SOCKET_ECONNRESET, assertThrows(SocketError.class, () -> pair[0].read(10)).code());
  }

  @Test
  void aDelayedSynAckSlowsTheHandshake() {
    network(FaultPlan.none().withDelayedSynAcks(1));
    connected();
    assertTrue(net.now().toMillis() > 200, "connected only after the delay: " + net.now());
    assertTrue(net.trace().events().stream().anyMatch(l -> l.contains("fault delayed-syn-ack b answers")));
  }

  @Test
  void anAcceptQueueThatAlwaysOverflowsTimesTheConnectOut() {
    network(FaultPlan.none().withAcceptOverflows(1));
    b.createListen(7);
    Socket client = a.create(AF_INET, SOCK_STREAM, SOL_TCP);
    assertEquals(SOCKET_ETIMEDOUT, assertThrows(SocketError.class, () -> client.connect("b", 7)).code());
    assertEquals(131, net.now().toSeconds()); // ten SYNs resent: 1, 2, 3, 4, 5, 7, 11, 19, 35, 67 s
  }

  @Test
  void exhaustedEphemeralPortsFailConnectAndBind() {
    network(FaultPlan.none().withPortExhaustion(1));
    b.createListen(7);
    Socket client = a.create(AF_INET, SOCK_STREAM, SOL_TCP);
    assertEquals(SOCKET_EADDRNOTAVAIL, assertThrows(SocketError.class, () -> client.connect("b", 7)).code());
    Socket udp = a.create(AF_INET, SOCK_DGRAM, SOL_UDP);
    assertEquals(SOCKET_EADDRINUSE, assertThrows(SocketError.class, () -> udp.bind("0.0.0.0", 0)).code());
  }

  @Test
  void lookupsFailTemporarilyOrSayTheNameDoesNotExist() {
    network(FaultPlan.none().withDnsTryAgain(1));
    assertEquals(EAI_AGAIN, assertThrows(SocketError.class, () -> a.addrinfoLookup("b")).code());
    Socket client = a.create(AF_INET, SOCK_STREAM, SOL_TCP);
    assertEquals(-10002, assertThrows(SocketError.class, () -> client.connect("b", 7)).code());
    net.faults(FaultPlan.none().withDnsNoName(1));
    assertEquals(EAI_NONAME, assertThrows(SocketError.class, () -> a.addrinfoLookup("b")).code());
    net.faults(FaultPlan.none());
    assertTrue(!a.addrinfoLookup("b").isEmpty(), "with the plan off, the name resolves again");
  }

  @Test
  void aSwarmPlanDrawsItsRatesFromTheSeedAndPrintsThemWithIt() {
    assertEquals(FaultPlan.swarm(7).toString(), FaultPlan.swarm(7).toString());
    assertNotEquals(FaultPlan.swarm(7).toString(), FaultPlan.swarm(8).toString());
    String text = FaultPlan.swarm(7).toString();
    assertTrue(text.startsWith("FaultPlan[swarm 7: loss "), text);
    for (String name : new String[] {"short-read", "reset-on-close", "dns-no-name", "latency uniform"}) {
      assertTrue(text.contains(name), text);
    }
    int off = 0;
    for (long seed = 0; seed < 50; seed++) {
      FaultPlan plan = FaultPlan.swarm(seed);
      assertTrue(plan.loss() <= 0.3 && plan.duplication() <= 0.2 && plan.reorder() <= 0.3);
      off += plan.loss() == 0 ? 1 : 0;
    }
    assertTrue(off > 10 && off < 40, "each fault is off in about half the plans: " + off);

    network(FaultPlan.swarm(7));
    net.spawn(a, "fails", () -> {
      throw new IllegalStateException("boom");
    });
    Scheduler.TaskFailure failure = assertThrows(Scheduler.TaskFailure.class, net::run);
    assertTrue(failure.getMessage().contains("seed 5, FaultPlan[swarm 7: loss"), failure.getMessage());
  }
}
