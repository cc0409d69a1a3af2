package dev.twinsock.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The arithmetic of Linux's retransmission give-up, as net/ipv4/tcp_timer.c does it. */
class RetransmitScheduleTest {
  private static final long MS = 1_000_000L;
  private static final long S = 1_000 * MS;

  @Test
  void theModelledTimeIsThatManyBackoffsCappedAtTheMaximumRto() {
    assertEquals(3 * S, RetransmitSchedule.modelTimeout(3, 200 * MS)); // (2^4 - 1) * 200 ms
    assertEquals(924_600 * MS, RetransmitSchedule.modelTimeout(15, 200 * MS)); // 1023 * 200 ms + 6 * 120 s
    assertEquals(127 * S, RetransmitSchedule.modelTimeout(6, S));
    assertEquals(7 * S, RetransmitSchedule.modelTimeout(2, S));
    assertEquals(3 * S, RetransmitSchedule.modelTimeout(1, S));
    assertEquals(200 * MS, RetransmitSchedule.modelTimeout(0, 200 * MS));
  }

  @Test
  void aConnectGivesUpByTriesOrByTimeWhicheverComesFirst() {
    assertFalse(RetransmitSchedule.synTimedOut(0, 1, 4, 10 * S, 0), "never before a first resend");
    assertFalse(RetransmitSchedule.synTimedOut(1, 1, 4, 2 * S, 0));
    assertTrue(RetransmitSchedule.synTimedOut(2, 1, 4, 3 * S, 0), "3 s for one retry");
    assertTrue(RetransmitSchedule.synTimedOut(10, 6, 4, 67 * S, 0), "six retries and four linear ones");
    assertFalse(RetransmitSchedule.synTimedOut(9, 6, 4, 67 * S, 0));
    assertTrue(RetransmitSchedule.synTimedOut(1, 6, 4, 1500 * MS, 1500 * MS), "TCP_USER_TIMEOUT replaces the time");
  }

  @Test
  void anEstablishedConnectionGivesUpByTimeSinceItsFirstRetransmission() {
    assertFalse(RetransmitSchedule.establishedTimedOut(0, 3, 10 * S, 0));
    assertFalse(RetransmitSchedule.establishedTimedOut(4, 3, 2800 * MS, 0));
    assertTrue(RetransmitSchedule.establishedTimedOut(5, 3, 6 * S, 0));
    assertTrue(RetransmitSchedule.establishedTimedOut(1, 15, 1500 * MS, 1500 * MS));
  }

  @Test
  void theSynRtoDoublesOnlyAfterTheLinearTimeouts() {
    assertFalse(RetransmitSchedule.synBacksOff(4, 4));
    assertTrue(RetransmitSchedule.synBacksOff(5, 4));
    assertTrue(RetransmitSchedule.synBacksOff(1, 0));
  }

  @Test
  void theUserTimeoutCutsTheLastRto() {
    assertEquals(1600 * MS, RetransmitSchedule.clampToUserTimeout(1600 * MS, 0, 1200 * MS));
    assertEquals(300 * MS, RetransmitSchedule.clampToUserTimeout(1600 * MS, 1500 * MS, 1200 * MS));
    assertEquals(4 * MS, RetransmitSchedule.clampToUserTimeout(1600 * MS, 1500 * MS, 1600 * MS), "a jiffy when none is left");
  }

  @Test
  void aLossProbeWaitsTwoRttsAndTheDelayedAckAllowanceButNoLaterThanTheRto() {
    assertEquals(200 * MS, RetransmitSchedule.lossProbeTimeout(0, true, 200 * MS));
    assertEquals(28 * MS, RetransmitSchedule.lossProbeTimeout(10 * MS, false, 220 * MS));
    assertEquals(250 * MS, RetransmitSchedule.lossProbeTimeout(50 * MS, true, 250 * MS));
  }
}
