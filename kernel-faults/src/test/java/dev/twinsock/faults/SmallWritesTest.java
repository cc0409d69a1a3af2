package dev.twinsock.faults;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Linger;
import dev.twinsock.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Small writes on a fault-free link, on the kernel ({@link SmallWritesScenario}) and on the sim:
 * Nagle's algorithm behind a delayed ACK, TCP_NODELAY, TCP_QUICKACK, a reply in two writes,
 * TCP_CORK, MSG_MORE, and the delayed ACK of a FIN. The sim's times are virtual and pinned exactly
 * (the delayed-ACK timeout 40 ms, the cork's ceiling 200 ms, the RTO); the kernel's may be up to
 * {@link #LATE_MS} late and {@link #EARLY_MS} early: its timers count jiffies (4 ms at HZ=250), so
 * one set between two ticks fires up to a tick early or late in real time (the delayed ACK measured
 * 43.6–44.6 ms here, a cork 205–210 ms), and a woken thread of a busy 2-core machine runs a few
 * milliseconds later. Of the 20 rounds
 * of a request-reply loop, {@link #OUTLIERS} may fall outside (a JIT compilation or a GC pause in
 * the child JVM); more is a difference of the model.
 */
class SmallWritesTest {
  static final double LATE_MS = 20;
  static final double EARLY_MS = 4;
  static final int OUTLIERS = 2;

  /** Runs the request-reply loop of {@link SmallWritesScenario} on the sim; returns the sim's facts. */
  private static Observations requestReply(boolean noDelay, boolean quickAck, boolean twoReplyWrites) {
    try (SimTwin t = new SimTwin()) {
      Socket[] c = t.connection();
      if (noDelay) {
        c[1].setOption(IPPROTO_TCP, TCP_NODELAY, 1);
      }
      int requestBytes = twoReplyWrites ? 1 : 2;
      int replyBytes = twoReplyWrites ? 2 : 1;
      int[] quickAckAfter = new int[1];
      t.net.spawn(t.server, "server", () -> {
        for (int i = 0; i < SmallWritesScenario.ROUNDS; i++) {
          int got = 0;
          while (got < requestBytes) {
            got += c[2].read(requestBytes - got).length;
            if (quickAck) {
              c[2].setOption(IPPROTO_TCP, TCP_QUICKACK, 1);
            }
          }
          c[2].write(new byte[] {'r'});
          if (twoReplyWrites) {
            c[2].write(new byte[] {'s'});
          }
        }
        quickAckAfter[0] = (Integer) c[2].getOption(IPPROTO_TCP, TCP_QUICKACK);
      });
      t.start();
      for (int i = 0; i < SmallWritesScenario.ROUNDS; i++) {
        double start = t.ms();
        c[1].write(new byte[] {'h'});
        if (!twoReplyWrites) {
          c[1].write(new byte[] {'b'});
        }
        int got = 0;
        while (got < replyBytes) {
          got += c[1].read(replyBytes - got).length;
        }
        t.sim.fact("round", t.ms() - start);
      }
      t.net.run();
      t.sim.fact("server.quickack", quickAckAfter[0]);
      return t.sim;
    }
  }

  /** The kernel's time near the sim's: at most {@link #EARLY_MS} early, {@link #LATE_MS} late. */
  private static boolean near(double simMs, double kernelMs) {
    return kernelMs >= simMs - EARLY_MS && kernelMs <= simMs + LATE_MS;
  }

  private static void assertNear(double simMs, double kernelMs, String what) {
    assertTrue(near(simMs, kernelMs), () -> what + ": the sim's " + simMs + " ms, the kernel's " + kernelMs
        + " ms (allowed: " + EARLY_MS + " ms early to " + LATE_MS + " ms late)");
  }

  /** Every round the same on the sim, and the kernel's rounds near it but for {@link #OUTLIERS}. */
  private static void assertRounds(double expectedSimMs, Observations sim, Observations kernel) {
    List<Double> simRounds = sim.numbers("round");
    assertEquals(Collections.nCopies(SmallWritesScenario.ROUNDS, expectedSimMs), simRounds, "the sim's rounds");
    List<Double> off = new ArrayList<>();
    for (double round : kernel.numbers("round")) {
      if (!near(expectedSimMs, round)) {
        off.add(round);
      }
    }
    assertEquals(SmallWritesScenario.ROUNDS, kernel.numbers("round").size());
    assertTrue(off.size() <= OUTLIERS, () -> "kernel rounds not near the sim's " + expectedSimMs + " ms: " + off
        + " of " + kernel.numbers("round"));
  }

  @Test
  void nagleHoldsTheSecondSmallWriteUntilTheDelayedAckOfTheFirst() {
    Observations sim = requestReply(false, false, false);
    assertEquals(0, sim.integer("server.quickack"), "the server answers at once: interactive");
    Observations kernel = KernelRuns.of("nagle-request-reply");
    assertRounds(40, sim, kernel);
    assertEquals(sim.integer("server.quickack"), kernel.integer("server.quickack"));
  }

  @Test
  void tcpNodelaySendsTheSecondWriteAtOnce() {
    Observations sim = requestReply(true, false, false);
    Observations kernel = KernelRuns.of("nodelay-request-reply");
    assertRounds(0, sim, kernel);
  }

  @Test
  void tcpQuickackAfterEachReadSendsTheAckAtOnceAndSoReleasesTheHeldWrite() {
    Observations sim = requestReply(false, true, false);
    Observations kernel = KernelRuns.of("quickack-request-reply");
    assertRounds(0, sim, kernel);
    assertEquals(sim.integer("server.quickack"), kernel.integer("server.quickack"),
        "TCP_QUICKACK reads the mode after the last reply made the connection interactive again");
  }

  @Test
  void aReplyInTwoSmallWritesWaitsForTheClientsDelayedAck() {
    Observations sim = requestReply(false, false, true);
    Observations kernel = KernelRuns.of("reply-in-two-writes");
    assertRounds(40, sim, kernel);
  }

  @Test
  void tcpCorkHoldsASmallWriteUntilItsCeilingOrUntilUncorked() {
    Observations sim;
    try (SimTwin t = new SimTwin()) {
      Socket[] c = t.connection();
      c[1].setOption(IPPROTO_TCP, TCP_CORK, 1);
      t.start();
      c[1].write(new byte[] {'x'});
      c[2].read(10);
      t.sim.fact("held.ms", t.ms());
      c[1].write(new byte[] {'y'});
      double uncork = t.ms();
      c[1].setOption(IPPROTO_TCP, TCP_CORK, 0);
      c[2].read(10);
      t.sim.fact("uncorked.ms", t.ms() - uncork);
      t.sim.fact("cork.read", c[1].getOption(IPPROTO_TCP, TCP_CORK));
      sim = t.sim;
    }
    Tolerance.assertExact(200, sim.number("held.ms"), "the sim's probe timer: the RTO, at least 200 ms");
    Tolerance.assertExact(0, sim.number("uncorked.ms"), "uncorking sends at once");
    Observations kernel = KernelRuns.of("cork");
    assertNear(sim.number("held.ms"), kernel.number("held.ms"), "a corked byte");
    assertNear(sim.number("uncorked.ms"), kernel.number("uncorked.ms"), "uncorked");
    assertEquals(sim.integer("cork.read"), kernel.integer("cork.read"));
  }

  @Test
  void msgMoreCorksOneSendAndTheNextSendWithoutItPushesBoth() {
    Observations sim;
    try (SimTwin t = new SimTwin()) {
      Socket[] c = t.connection();
      t.start();
      c[1].send(new byte[] {'x'}, 1, MSG_MORE);
      c[2].read(10);
      t.sim.fact("held.ms", t.ms());
      double start = t.ms();
      c[1].send(new byte[] {'y'}, 1, MSG_MORE);
      c[1].send(new byte[] {'z'}, 1, 0);
      t.sim.fact("pushed.bytes", c[2].read(10).length);
      t.sim.fact("pushed.ms", t.ms() - start);
      sim = t.sim;
    }
    Tolerance.assertExact(200, sim.number("held.ms"), "the sim: held as a cork");
    assertEquals(2, sim.integer("pushed.bytes"));
    Observations kernel = KernelRuns.of("msg-more");
    assertNear(sim.number("held.ms"), kernel.number("held.ms"), "a byte sent with MSG_MORE");
    assertNear(sim.number("pushed.ms"), kernel.number("pushed.ms"), "MSG_MORE then a send without it");
    assertEquals(sim.integer("pushed.bytes"), kernel.integer("pushed.bytes"));
  }

  @Test
  void aPeerMovingToCloseWaitDelaysTheAckOfTheFinSoALingeringCloseWaitsForIt() {
    Observations sim;
    try (SimTwin t = new SimTwin()) {
      Socket listener = t.listener();
      Socket client = t.clientSocket();
      client.connect(SimTwin.SERVER, SimTwin.PORT);
      Socket accepted = listener.accept();
      client.write(new byte[100]);
      accepted.read(100);
      client.setOption(SOL_SOCKET, SO_LINGER, new Linger(1, 5));
      t.start();
      client.close();
      t.sim.fact("close.ms", t.ms());
      accepted.close();
      listener.close();
      sim = t.sim;
    }
    Tolerance.assertExact(40, sim.number("close.ms"), "the sim: the delayed-ACK timeout");
    Observations kernel = KernelRuns.of("fin-ack-delay");
    assertNear(sim.number("close.ms"), kernel.number("close.ms"), "a lingering close");
  }
}
