package dev.twinsock.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CongestionWindowTest {
  private static final long MS = 1_000_000L;

  @Test
  void startsAtTenSegmentsAndSlowStartsOnePerSegmentAcknowledged() {
    CongestionWindow w = new CongestionWindow();
    assertEquals(10, w.segments());
    w.onAck(10, 10, 20, 50 * MS, 50 * MS, true);
    assertEquals(20, w.segments());
  }

  @Test
  void anApplicationLimitedSenderDoesNotGrowTheWindow() {
    CongestionWindow w = new CongestionWindow();
    w.onAck(5, 5, 10, 50 * MS, 50 * MS, false);
    assertEquals(10, w.segments());
  }

  @Test
  void fastRecoveryCutsToSeventyPercentAndHoldsUntilTheRecoveryPointIsAcknowledged() {
    CongestionWindow w = new CongestionWindow();
    w.onAck(30, 30, 100, 50 * MS, 50 * MS, true);
    assertEquals(40, w.segments());
    w.enterRecovery(1000);
    assertTrue(w.inRecovery());
    assertEquals(28, w.segments());
    assertEquals(28, w.ssthresh());
    w.onAck(5, 500, 1000, 50 * MS, 100 * MS, true);
    assertEquals(28, w.segments(), "no growth in recovery");
    w.onAck(5, 1000, 1000, 50 * MS, 150 * MS, true);
    assertFalse(w.inRecovery());
  }

  @Test
  void aTimeoutRestartsAtOneSegmentAndSlowStartsBackToSsthresh() {
    CongestionWindow w = new CongestionWindow();
    w.onAck(10, 10, 20, 50 * MS, 50 * MS, true);
    w.onTimeout(100);
    assertEquals(1, w.segments());
    assertEquals(14, w.ssthresh());
    w.onAck(1, 20, 100, -1, 300 * MS, true);
    w.onAck(2, 30, 100, -1, 310 * MS, true);
    assertEquals(4, w.segments(), "slow start in the loss state");
    w.onAck(40, 100, 100, -1, 320 * MS, true);
    assertTrue(w.segments() >= 14 && w.segments() < 20, "congestion avoidance past ssthresh: " + w.segments());
  }

  @Test
  void congestionAvoidanceGrowsAtLeastAsRenoWouldEvenWithoutTimePassing() {
    CongestionWindow w = new CongestionWindow();
    w.enterRecovery(0);
    w.onAck(1, 1, 1, -1, 0, true);
    int start = w.segments();
    for (int i = 0; i < 200; i++) {
      w.onAck(1, 2 + i, 1000, -1, 0, true);
    }
    assertTrue(w.segments() > start + 5, "grew from " + start + " to " + w.segments());
  }

  @Test
  void hystartLeavesSlowStartWhenTheRoundTripGrowsPastTheLeastOne() {
    CongestionWindow w = new CongestionWindow();
    w.onAck(10, 10, 20, 10 * MS, 10 * MS, true);
    assertEquals(20, w.segments());
    // a new round: eight samples 20 ms above the least RTT (10 ms) say the queue is filling
    for (int i = 0; i < 8; i++) {
      w.onAck(1, 21 + i, 60, 30 * MS, 40 * MS, true);
    }
    int ssthresh = w.ssthresh();
    assertTrue(ssthresh < Integer.MAX_VALUE && ssthresh <= w.segments(), "ssthresh " + ssthresh);
  }
}
