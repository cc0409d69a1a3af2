package dev.twinsock.faults;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Socket;
import dev.twinsock.Timeval;
import dev.twinsock.sim.Partition;
import dev.twinsock.sim.SimNetwork;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An established connection cut off: the kernel in a namespace (tcp_retries2 = 3 per namespace,
 * or TCP_USER_TIMEOUT per socket) beside the sim with the same cut and sysctl. Times are counted
 * from the write. Both send a tail loss probe two RTTs + 200 ms after the write, then RTOs from
 * 200 ms doubling, and give up by time: tcp_model_timeout(3, 200 ms) = 3 s after the first RTO
 * retransmission (retrans_stamp), so at the RTO after the one that passes it, 6.4 s after the write
 * (the kernel's jiffies make its RTO 204 ms: 6.53 s).
 */
class EstablishedUnderFaultsTest {
  /** The sim's schedule with tcp_retries2 = 3: the loss probe, then RTOs from it. */
  private static final List<Double> RETRIES2_3 = List.of(200.0, 400.0, 800.0, 1600.0, 3200.0);

  /** The kernel's facts named {@code name}, less the time of the write, as the sim counts them. */
  private static List<Double> sinceWrite(Observations kernel, String name) {
    List<Double> out = new ArrayList<>();
    for (double t : kernel.numbers(name)) {
      out.add(t - kernel.number("write.ms"));
    }
    return out;
  }

  private static double sinceWrite(Observations kernel, double t) {
    return t - kernel.number("write.ms");
  }

  @Test
  void aConnectionCutBothWaysTimesOutAfterTcpRetries2() {
    Observations sim;
    try (SimTwin t = new SimTwin(SimNetwork.builder().tcpRetries2(3))) {
      Socket[] c = t.connection();
      t.net.partition(Set.of(t.client), Set.of(t.server));
      t.start();
      t.sim.fact("write", c[1].write(new byte[100]));
      t.call("recv", () -> c[1].read(100));
      t.call("send.after", () -> c[1].write(new byte[1]));
      t.recordRetransmissions(SimTwin.CLIENT, SimTwin.SERVER);
      sim = t.sim;
    }
    assertEquals(110, sim.integer("recv.errno"));
    Tolerance.assertExact(6400, sim.number("recv.ms"), "sim ETIMEDOUT");
    Tolerance.assertExactSchedule(RETRIES2_3, sim.numbers("retransmit"), "sim retransmissions");
    assertEquals(32, sim.integer("send.after.errno"));
    Observations kernel = KernelRuns.of("established-cut");
    assertEquals(110, kernel.integer("recv.errno"));
    assertEquals(32, kernel.integer("send.after.errno"));
    Tolerance.assertSchedule(sim.numbers("retransmit"), sinceWrite(kernel, "retransmit"), "kernel retransmissions vs sim");
    Tolerance.assertNear(sim.number("recv.ms"), sinceWrite(kernel, kernel.number("recv.ms")), "kernel ETIMEDOUT vs sim");
  }

  @Test
  void tcpUserTimeoutEndsTheConnectionThatLongAfterTheFirstRetransmission() {
    Observations sim;
    try (SimTwin t = new SimTwin()) {
      Socket[] c = t.connection();
      c[1].setOption(IPPROTO_TCP, TCP_USER_TIMEOUT, 1500);
      t.net.partition(Set.of(t.client), Set.of(t.server));
      t.start();
      t.sim.fact("write", c[1].write(new byte[100]));
      c[1].setOption(SOL_SOCKET, SO_RCVTIMEO, new Timeval(10, 0));
      t.call("recv", () -> c[1].read(100));
      t.recordRetransmissions(SimTwin.CLIENT, SimTwin.SERVER);
      sim = t.sim;
    }
    assertEquals(110, sim.integer("recv.errno"));
    // the RTO after 1600 ms is cut to what is left of 1500 ms from the first RTO (400 ms)
    Tolerance.assertExact(1900, sim.number("recv.ms"), "sim ETIMEDOUT");
    Tolerance.assertExactSchedule(List.of(200.0, 400.0, 800.0, 1600.0), sim.numbers("retransmit"), "sim retransmissions");
    Observations kernel = KernelRuns.of("user-timeout");
    assertEquals(110, kernel.integer("recv.errno"));
    Tolerance.assertSchedule(sim.numbers("retransmit"), sinceWrite(kernel, "retransmit"), "kernel retransmissions vs sim");
    Tolerance.assertNear(sim.number("recv.ms"), sinceWrite(kernel, kernel.number("recv.ms")), "kernel ETIMEDOUT vs sim");
  }

  @Test
  void aCutThatHealsBeforeTheTimeoutLosesNothing() {
    Observations sim;
    try (SimTwin t = new SimTwin(SimNetwork.builder().tcpRetries2(3))) {
      Socket[] c = t.connection();
      Partition cut = t.net.partition(Set.of(t.client), Set.of(t.server));
      t.start();
      t.sim.fact("write", c[1].write(NetnsScenario.pattern(100)));
      t.after(t.server, Duration.ofMillis(1000), () -> {
        cut.close();
        t.at("healed");
      });
      byte[] got = c[2].read(100);
      t.at("read");
      t.sim.fact("read.bytes", got.length);
      t.sim.fact("read.intact", java.util.Arrays.equals(got, NetnsScenario.pattern(100)));
      t.net.run();
      c[2].write("ok".getBytes());
      t.sim.fact("reply", new String(c[1].read(100)));
      t.recordRetransmissions(SimTwin.CLIENT, SimTwin.SERVER);
      sim = t.sim;
    }
    assertEquals("true", sim.text("read.intact"));
    assertEquals("ok", sim.text("reply"));
    // the RTO at 1600 ms is the first after the heal
    Tolerance.assertExact(1600, sim.number("read"), "sim: the data arrives with the retransmission after the heal");
    Tolerance.assertExactSchedule(List.of(200.0, 400.0, 800.0, 1600.0), sim.numbers("retransmit"), "sim retransmissions");
    Observations kernel = KernelRuns.of("cut-heals");
    assertEquals("true", kernel.text("read.intact"));
    assertEquals(100, kernel.integer("read.bytes"));
    assertEquals("ok", kernel.text("reply"));
    Tolerance.assertSchedule(sim.numbers("retransmit"), sinceWrite(kernel, "retransmit"), "kernel retransmissions vs sim");
    Tolerance.assertNear(sim.number("read"), sinceWrite(kernel, kernel.number("read")), "kernel delivery vs sim");
  }

  @Test
  void aOneWayCutOfTheAcknowledgementsTimesTheSenderOutWhileTheReceiverHasTheData() {
    Observations sim;
    try (SimTwin t = new SimTwin(SimNetwork.builder().tcpRetries2(3))) {
      Socket[] c = t.connection();
      t.net.partitionOneWay(t.server, t.client);
      int fromClient = t.segments(SimTwin.CLIENT, SimTwin.SERVER).size();
      int fromServer = t.segments(SimTwin.SERVER, SimTwin.CLIENT).size();
      t.start();
      t.sim.fact("write", c[1].write(NetnsScenario.pattern(100)));
      byte[] got = c[2].read(100);
      t.at("server.read");
      t.sim.fact("server.read.bytes", got.length);
      t.call("recv", () -> c[1].read(100));
      t.recordRetransmissions(SimTwin.CLIENT, SimTwin.SERVER);
      t.sim.fact("client.packets", t.segments(SimTwin.CLIENT, SimTwin.SERVER).size() - fromClient);
      t.sim.fact("acks.dropped", t.segments(SimTwin.SERVER, SimTwin.CLIENT).size() - fromServer);
      c[2].setOption(SOL_SOCKET, SO_RCVTIMEO, new Timeval(0, 200_000));
      t.call("server.recv.after", () -> c[2].read(100));
      sim = t.sim;
    }
    assertEquals(100, sim.integer("server.read.bytes"));
    Tolerance.assertExact(0, sim.number("server.read"), "sim: the data arrives at once");
    assertEquals(110, sim.integer("recv.errno"));
    Tolerance.assertExact(6400, sim.number("recv.ms"), "sim ETIMEDOUT");
    Tolerance.assertExactSchedule(RETRIES2_3, sim.numbers("retransmit"), "sim retransmissions");
    assertEquals(6, sim.integer("client.packets"));
    assertEquals(6, sim.integer("acks.dropped"));
    assertEquals(11, sim.integer("server.recv.after.errno"), "the receiver never hears of it");
    Observations kernel = KernelRuns.of("ack-cut");
    assertEquals(100, kernel.integer("server.read.bytes"));
    // the first send arrived: the server's read returns long before the sender gives up (when the
    // JVM is woken, which on a busy machine is tens of milliseconds after the kernel delivered)
    assertTrue(kernel.number("server.read") < kernel.number("recv.ms"), "the server read before the client gave up");
    assertEquals(110, kernel.integer("recv.errno"));
    Tolerance.assertSchedule(sim.numbers("retransmit"), sinceWrite(kernel, "retransmit"), "kernel retransmissions vs sim");
    Tolerance.assertNear(sim.number("recv.ms"), sinceWrite(kernel, kernel.number("recv.ms")), "kernel ETIMEDOUT vs sim");
    assertEquals(sim.integer("client.packets"), kernel.integer("client.packets"));
    assertEquals(sim.integer("acks.dropped"), kernel.integer("acks.dropped"));
    assertEquals(11, kernel.integer("server.recv.after.errno"));
  }
}
