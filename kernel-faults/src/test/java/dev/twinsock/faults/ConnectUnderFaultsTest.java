package dev.twinsock.faults;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinsock.Socket;
import dev.twinsock.sim.Partition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Connection set-up through a cut: the kernel in a namespace (tcp_syn_retries set per namespace,
 * or TCP_SYNCNT per socket) beside the sim with the same cut. The sim has no per-network
 * tcp_syn_retries, so its twin sets TCP_SYNCNT on the socket, which Linux treats the same way.
 *
 * <p>Open deviation: this kernel (6.18, net.ipv4.tcp_syn_linear_timeouts = 4) resends a SYN at
 * 1 s intervals for its first four retransmissions, where the sim doubles from 1 s at once
 * (1, 2, 4 … s). The time of ETIMEDOUT agrees (3 s for one retry); the number of SYNs and the
 * moment a cut that heals lets the connection in do not.
 */
class ConnectUnderFaultsTest {
  @Test
  void aNonBlockingConnectThroughACutTimesOutAfterTcpSynRetries() {
    Observations sim;
    try (SimTwin t = new SimTwin()) {
      Socket listener = t.listener();
      t.net.partitionOneWay(t.client, t.server);
      Socket client = t.clientSocket();
      client.setOption(IPPROTO_TCP, TCP_SYNCNT, 1);
      client.setNonblock();
      t.start();
      t.call("connect", () -> client.connect(SimTwin.SERVER, SimTwin.PORT));
      List<Socket> write = new ArrayList<>(List.of(client));
      t.sim.fact("select.ready", t.client.select(null, write, null, 20L, 0));
      t.at("select");
      t.sim.fact("so_error", client.getOption(SOL_SOCKET, SO_ERROR));
      t.recordRetransmissions(SimTwin.CLIENT, SimTwin.SERVER);
      t.sim.fact("syns.dropped", t.segments(SimTwin.CLIENT, SimTwin.SERVER).size());
      client.close();
      listener.close();
      sim = t.sim;
    }
    Tolerance.assertExact(3000, sim.number("select"), "sim: select wakes at ETIMEDOUT");
    assertEquals(110, sim.integer("so_error"));
    Tolerance.assertExactSchedule(List.of(1000.0), sim.numbers("retransmit"), "sim SYN retransmissions");
    Observations kernel = KernelRuns.of("syn-cut-nonblocking");
    assertEquals(110, kernel.integer("so_error"));
    Tolerance.assertNear(sim.number("select"), kernel.number("select"), "kernel select vs sim");
    // open deviation: linear SYN timeouts, one SYN more on the kernel
    Tolerance.assertSchedule(List.of(1000.0, 2000.0), kernel.numbers("retransmit"), "kernel SYN retransmissions");
    assertEquals(3, kernel.integer("syns.dropped"));
    assertEquals(2, sim.integer("syns.dropped"));
  }

  @Test
  void aBlockingConnectWithTcpSyncntTimesOut() {
    Observations sim;
    try (SimTwin t = new SimTwin()) {
      Socket listener = t.listener();
      t.net.partitionOneWay(t.client, t.server);
      Socket client = t.clientSocket();
      client.setOption(IPPROTO_TCP, TCP_SYNCNT, 1);
      t.start();
      t.call("connect", () -> client.connect(SimTwin.SERVER, SimTwin.PORT));
      t.sim.fact("syns.dropped", t.segments(SimTwin.CLIENT, SimTwin.SERVER).size());
      client.close();
      listener.close();
      sim = t.sim;
    }
    assertEquals(110, sim.integer("connect.errno"));
    Tolerance.assertExact(3000, sim.number("connect.ms"), "sim ETIMEDOUT");
    Observations kernel = KernelRuns.of("syn-cut-syncnt");
    assertEquals(110, kernel.integer("connect.errno"));
    Tolerance.assertNear(sim.number("connect.ms"), kernel.number("connect.ms"), "kernel ETIMEDOUT vs sim");
    assertEquals(3, kernel.integer("syns.dropped"));
    assertEquals(2, sim.integer("syns.dropped"));
  }

  @Test
  void aCutThatHealsBeforeTheSynRetriesRunOutLetsTheConnectionIn() {
    Observations sim;
    try (SimTwin t = new SimTwin()) {
      Socket listener = t.listener();
      Partition cut = t.net.partitionOneWay(t.client, t.server);
      Socket client = t.clientSocket();
      client.setOption(IPPROTO_TCP, TCP_SYNCNT, 2);
      t.start();
      t.after(t.server, Duration.ofMillis(1500), () -> {
        cut.close();
        t.at("healed");
      });
      t.call("connect", () -> client.connect(SimTwin.SERVER, SimTwin.PORT));
      Socket accepted = listener.accept();
      client.write("hello".getBytes());
      t.sim.fact("read", new String(accepted.read(100)));
      t.net.run();
      accepted.close();
      client.close();
      listener.close();
      sim = t.sim;
    }
    assertEquals("hello", sim.text("read"));
    Tolerance.assertExact(3000, sim.number("connect.ms"), "sim: the SYN at 3 s gets in");
    Observations kernel = KernelRuns.of("syn-cut-heals");
    assertEquals("hello", kernel.text("read"));
    // open deviation: the kernel's linear SYN at 2 s gets in a second earlier
    Tolerance.assertNear(2000, kernel.number("connect.ms"), "kernel: the SYN at 2 s gets in");
  }

  @Test
  void aCutOfTheSynAckAloneTimesTheConnectOut() {
    Observations sim;
    try (SimTwin t = new SimTwin()) {
      Socket listener = t.listener();
      t.net.partitionOneWay(t.server, t.client);
      Socket client = t.clientSocket();
      client.setOption(IPPROTO_TCP, TCP_SYNCNT, 1);
      t.start();
      t.call("connect", () -> client.connect(SimTwin.SERVER, SimTwin.PORT));
      t.sim.fact("syns", t.segments(SimTwin.CLIENT, SimTwin.SERVER).size());
      t.sim.fact("synacks.dropped", t.segments(SimTwin.SERVER, SimTwin.CLIENT).size());
      listener.setNonblock();
      t.call("accept", () -> listener.accept().close());
      client.close();
      listener.close();
      sim = t.sim;
    }
    assertEquals(110, sim.integer("connect.errno"));
    Tolerance.assertExact(3000, sim.number("connect.ms"), "sim ETIMEDOUT");
    assertEquals(11, sim.integer("accept.errno"));
    Observations kernel = KernelRuns.of("synack-cut");
    assertEquals(110, kernel.integer("connect.errno"));
    assertEquals(11, kernel.integer("accept.errno"));
    Tolerance.assertNear(sim.number("connect.ms"), kernel.number("connect.ms"), "kernel ETIMEDOUT vs sim");
    assertEquals(3, kernel.integer("syns"));
    assertEquals(4, kernel.integer("synacks.dropped"));
    assertEquals(2, sim.integer("syns"));
    assertEquals(3, sim.integer("synacks.dropped"));
  }
}
