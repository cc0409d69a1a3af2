package dev.twinsock.faults;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinsock.Socket;
import dev.twinsock.sim.Partition;
import dev.twinsock.sim.SimNetwork;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Connection set-up through a cut: the kernel in a namespace (tcp_syn_retries set per namespace,
 * or TCP_SYNCNT per socket) beside the sim with the same cut and the same sysctl
 * ({@code SimNetwork.Builder.tcpSynRetries}). Both resend the SYN at 1 s intervals for the first
 * tcp_syn_linear_timeouts (4) retransmissions and give up by time (tcp_model_timeout from 1 s:
 * 3 s for one retry, 7 s for two).
 */
class ConnectUnderFaultsTest {
  @Test
  void aNonBlockingConnectThroughACutTimesOutAfterTcpSynRetries() {
    Observations sim;
    try (SimTwin t = new SimTwin(SimNetwork.builder().tcpSynRetries(1))) {
      Socket listener = t.listener();
      t.net.partitionOneWay(t.client, t.server);
      Socket client = t.clientSocket();
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
    Tolerance.assertExactSchedule(List.of(1000.0, 2000.0), sim.numbers("retransmit"), "sim SYN retransmissions");
    assertEquals(3, sim.integer("syns.dropped"));
    Observations kernel = KernelRuns.of("syn-cut-nonblocking");
    assertEquals(110, kernel.integer("so_error"));
    Tolerance.assertNear(sim.number("select"), kernel.number("select"), "kernel select vs sim");
    Tolerance.assertSchedule(sim.numbers("retransmit"), kernel.numbers("retransmit"), "kernel SYN retransmissions vs sim");
    assertEquals(sim.integer("syns.dropped"), kernel.integer("syns.dropped"));
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
    assertEquals(3, sim.integer("syns.dropped"));
    assertEquals(sim.integer("syns.dropped"), kernel.integer("syns.dropped"));
  }

  @Test
  void aCutThatHealsBeforeTheSynRetriesRunOutLetsTheConnectionIn() {
    Observations sim;
    try (SimTwin t = new SimTwin(SimNetwork.builder().tcpSynRetries(2))) {
      Socket listener = t.listener();
      Partition cut = t.net.partitionOneWay(t.client, t.server);
      Socket client = t.clientSocket();
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
    Tolerance.assertExact(2000, sim.number("connect.ms"), "sim: the SYN at 2 s gets in");
    Observations kernel = KernelRuns.of("syn-cut-heals");
    assertEquals("hello", kernel.text("read"));
    Tolerance.assertNear(sim.number("connect.ms"), kernel.number("connect.ms"), "kernel: the same SYN gets in");
  }

  @Test
  void aCutOfTheSynAckAloneTimesTheConnectOut() {
    Observations sim;
    try (SimTwin t = new SimTwin(SimNetwork.builder().tcpSynRetries(1))) {
      Socket listener = t.listener();
      t.net.partitionOneWay(t.server, t.client);
      Socket client = t.clientSocket();
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
    assertEquals(3, sim.integer("syns"));
    assertEquals(sim.integer("syns"), kernel.integer("syns"));
    // the first, one for the request's timer at 1 s and one for each resent SYN (1 and 2 s), each
    // of which restarts the timer (2 s backed off), so that it is not due before the give-up
    assertEquals(4, sim.integer("synacks.dropped"));
    assertEquals(sim.integer("synacks.dropped"), kernel.integer("synacks.dropped"));
  }
}
