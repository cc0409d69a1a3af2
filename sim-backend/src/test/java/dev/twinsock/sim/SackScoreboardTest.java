package dev.twinsock.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SackScoreboardTest {
  private static final long MS = 1_000_000L;

  /** Five segments of 100 bytes from 0, sent at 0 ms. */
  private static SackScoreboard five() {
    SackScoreboard b = new SackScoreboard();
    for (int i = 0; i < 5; i++) {
      b.sent(i * 100, i * 100 + 100, 0);
    }
    return b;
  }

  @Test
  void aSegmentSentBeforeADeliveredOneIsLostOnceTheReorderingWindowHasPassed() {
    SackScoreboard b = five();
    assertEquals(10 * MS, b.acked(100, 10 * MS), "an RTT sample from the segment sent once");
    assertEquals(4, b.pipe());
    // a sixth segment, sent after the other four still out, is SACKed
    b.sent(500, 600, 1 * MS);
    assertTrue(b.sack(500, 600, 11 * MS));
    long next = b.detectLoss(11 * MS);
    // the window is a quarter of the least RTT (10 ms): 2.5 ms after the delivered segment's RTT
    assertFalse(b.hasLost());
    assertTrue(next > 11 * MS, "a reordering timer waits: " + next);
    b.detectLoss(next);
    assertTrue(b.hasLost());
    assertArrayEquals(new long[] {100, 200}, b.firstLost());
    assertEquals(0, b.pipe(), "the four before the SACKed one are lost, the SACKed one is not in flight");
  }

  @Test
  void aRetransmissionIsInFlightAgainAndTheAckOfItGivesNoRttSample() {
    SackScoreboard b = five();
    b.timedOut();
    assertEquals(0, b.pipe());
    assertArrayEquals(new long[] {0, 100}, b.firstLost());
    b.sent(0, 100, 200 * MS);
    assertEquals(1, b.pipe());
    assertArrayEquals(new long[] {100, 200}, b.firstLost());
    assertEquals(-1, b.acked(100, 210 * MS), "Karn: no sample from a retransmitted segment");
  }

  @Test
  void aTimeoutSparesTheSackedSegments() {
    SackScoreboard b = five();
    b.sack(200, 400, 10 * MS);
    b.timedOut();
    b.sent(0, 100, 200 * MS);
    b.sent(100, 200, 200 * MS);
    assertArrayEquals(new long[] {400, 500}, b.firstLost());
  }

  @Test
  void aPartialAcknowledgementKeepsTheRestOfTheSegment() {
    SackScoreboard b = five();
    b.acked(50, 5 * MS);
    assertEquals(5, b.pipe());
    b.timedOut();
    assertArrayEquals(new long[] {50, 100}, b.firstLost());
  }

  @Test
  void everythingAcknowledgedLeavesNothing() {
    SackScoreboard b = five();
    assertEquals(10 * MS, b.acked(500, 10 * MS));
    assertEquals(0, b.pipe());
    assertNull(b.firstLost());
  }
}
