package dev.twinsock.faults;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinsock.Socket;
import dev.twinsock.Timeval;
import dev.twinsock.sim.SimNetwork;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The keepalive timer, on the kernel in a namespace and on the sim, counted from the last packet
 * the connection received: per-socket TCP_KEEPIDLE/TCP_KEEPINTVL/TCP_KEEPCNT against a dead peer,
 * and the namespace's tcp_keepalive_* sysctls ({@code SimNetwork.Builder.tcpKeepalive}) on a live
 * one. The kernel's 1 s keepalive timer is 250 jiffies, which the timer wheel rounds up to 256
 * (1.024 s): within the tolerance.
 */
class KeepaliveUnderFaultsTest {
  private static List<Double> sinceIdle(Observations kernel, String name) {
    return kernel.numbers(name).stream().map(t -> t - kernel.number("idle")).toList();
  }

  @Test
  void keepaliveProbesADeadPeerAndEndsTheConnectionWithEtimedout() {
    Observations sim;
    try (SimTwin t = new SimTwin()) {
      Socket[] c = t.connection();
      t.start();
      Socket client = c[1];
      client.setOption(SOL_SOCKET, SO_KEEPALIVE, 1);
      client.setOption(IPPROTO_TCP, TCP_KEEPIDLE, 1);
      client.setOption(IPPROTO_TCP, TCP_KEEPINTVL, 1);
      client.setOption(IPPROTO_TCP, TCP_KEEPCNT, 2);
      client.setOption(SOL_SOCKET, SO_RCVTIMEO, new Timeval(8, 0));
      t.net.partition(Set.of(t.client), Set.of(t.server));
      int before = t.segments(SimTwin.CLIENT, SimTwin.SERVER).size();
      t.call("recv", () -> client.read(100));
      for (SimPackets.TcpSegment s : t.segments(SimTwin.CLIENT, SimTwin.SERVER).subList(before,
          t.segments(SimTwin.CLIENT, SimTwin.SERVER).size())) {
        if (!s.is(0x04)) {
          t.sim.fact("probe", t.ms(s.nanos()));
        } else {
          t.sim.fact("reset", t.ms(s.nanos()));
        }
      }
      sim = t.sim;
    }
    assertEquals(110, sim.integer("recv.errno"));
    Tolerance.assertExact(3000, sim.number("recv.ms"), "sim ETIMEDOUT after two probes unanswered");
    Tolerance.assertExactSchedule(List.of(1000.0, 2000.0), sim.numbers("probe"), "sim probes");
    Tolerance.assertExact(3000, sim.number("reset"), "sim: a reset as it gives up");
    Observations kernel = KernelRuns.of("keepalive-dead-peer");
    assertEquals(110, kernel.integer("recv.errno"));
    Tolerance.assertSchedule(sim.numbers("probe"), sinceIdle(kernel, "probe"), "kernel probes vs sim");
    Tolerance.assertNear(sim.number("recv.ms"), kernel.number("recv.ms") - kernel.number("idle"), "kernel ETIMEDOUT vs sim");
  }

  @Test
  void keepaliveOnAnIdleLivePeerIsAnsweredAndTheConnectionStays() {
    Observations sim;
    try (SimTwin t = new SimTwin(SimNetwork.builder().tcpKeepalive(1, 1, 2))) {
      Socket[] c = t.connection();
      t.start();
      Socket client = c[1];
      client.setOption(SOL_SOCKET, SO_KEEPALIVE, 1);
      client.setOption(SOL_SOCKET, SO_RCVTIMEO, new Timeval(3, 500_000));
      int before = t.segments(SimTwin.CLIENT, SimTwin.SERVER).size();
      t.call("recv", () -> client.read(100));
      t.sim.fact("client.packets.idle", t.segments(SimTwin.CLIENT, SimTwin.SERVER).size() - before);
      c[2].write("ok".getBytes());
      client.setOption(SOL_SOCKET, SO_RCVTIMEO, new Timeval(1, 0));
      t.sim.fact("read.after", new String(client.read(100)));
      sim = t.sim;
    }
    assertEquals(11, sim.integer("recv.errno"));
    Tolerance.assertExact(3500, sim.number("recv.ms"), "sim receive timeout");
    assertEquals(3, sim.integer("client.packets.idle"), "probes at 1, 2 and 3 s, each answered");
    assertEquals("ok", sim.text("read.after"));
    Observations kernel = KernelRuns.of("keepalive-idle-alive");
    assertEquals(11, kernel.integer("recv.errno"));
    assertEquals(sim.integer("client.packets.idle"), kernel.integer("client.packets.idle"));
    assertEquals(sim.text("read.after"), kernel.text("read.after"));
  }
}
