package dev.twinsock.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The receiver's ACK decisions, fed directly: segments, sends, reads and timer firings. */
class DelayedAckTest {
  private static final long MS = 1_000_000L;
  private static final long RTO = 200 * MS;
  private static final int WINDOW = 65535;
  private static final int MSS = 1448;

  @Test
  void theFirstSixteenSmallSegmentsAreAcknowledgedAtOnceThenTheTimerWaits() {
    DelayedAck ack = new DelayedAck();
    long rcvNxt = 0;
    for (int i = 0; i < 16; i++) {
      rcvNxt += 10;
      ack.dataReceived(10, i * MS, WINDOW, MSS, RTO);
      assertTrue(ack.sendNow(rcvNxt), "quick ACK " + (i + 1));
      ack.ackSent(rcvNxt);
    }
    rcvNxt += 10;
    ack.dataReceived(10, 16 * MS, WINDOW, MSS, RTO);
    assertFalse(ack.sendNow(rcvNxt), "the seventeenth waits");
    assertEquals(16 * MS + DelayedAck.ATO_MIN, ack.delay(16 * MS, -1));
    assertTrue(ack.timerFired(RTO));
  }

  @Test
  void aConnectionThatAnswersAtOnceIsInteractiveAndWaitsEvenInQuickAckMode() {
    DelayedAck ack = new DelayedAck();
    ack.dataReceived(1, 0, WINDOW, MSS, RTO);
    ack.ackSent(1);
    ack.dataSent(MS); // a reply within ato of the request
    assertEquals(0, ack.quickAckReading());
    ack.dataReceived(1, 2 * MS, WINDOW, MSS, RTO);
    assertFalse(ack.sendNow(2));
    assertEquals(2 * MS + DelayedAck.ATO_MIN, ack.delay(2 * MS, -1));
    assertTrue(ack.timerFired(RTO));
    assertEquals(1, ack.quickAckReading(), "a missed delayed ACK ends interactive mode");
  }

  @Test
  void everySecondFullSegmentIsAcknowledgedAtOnce() {
    DelayedAck ack = new DelayedAck();
    ack.dataSent(0);
    ack.quickAckOption(0); // interactive: no quick ACKs
    ack.dataReceived(MSS, 0, WINDOW, MSS, RTO);
    assertFalse(ack.sendNow(MSS));
    ack.dataReceived(MSS, 0, WINDOW, MSS, RTO);
    assertTrue(ack.sendNow(2 * MSS));
  }

  @Test
  void readingASmallSegmentAwayAcknowledgesItOutsideInteractiveMode() {
    DelayedAck interactive = new DelayedAck();
    interactive.quickAckOption(0);
    interactive.dataReceived(5, 0, WINDOW, MSS, RTO);
    assertFalse(interactive.afterRead(5, 5, true));
    DelayedAck bulk = new DelayedAck();
    for (int i = 1; i <= 16; i++) {
      bulk.dataReceived(5, 0, WINDOW, MSS, RTO);
      bulk.ackSent(5L * i);
    }
    bulk.dataReceived(5, 0, WINDOW, MSS, RTO);
    assertFalse(bulk.sendNow(85));
    assertFalse(bulk.afterRead(85, 5, false), "bytes left unread");
    assertTrue(bulk.afterRead(85, 5, true));
  }

  @Test
  void aMissedTimerOutsideInteractiveModeDoublesTheTimeoutUpToTheRto() {
    DelayedAck ack = new DelayedAck();
    long rcvNxt = 0;
    for (int i = 0; i < 16; i++) {
      ack.dataReceived(1, 0, WINDOW, MSS, RTO);
      ack.ackSent(++rcvNxt);
    }
    long now = 0;
    long[] waits = new long[4];
    for (int i = 0; i < 4; i++) {
      ack.dataReceived(1, now, WINDOW, MSS, RTO); // each segment when the last timer fired
      assertFalse(ack.sendNow(++rcvNxt));
      waits[i] = ack.delay(now, -1) - now;
      now += waits[i];
      assertTrue(ack.timerFired(RTO));
      ack.ackSent(rcvNxt);
    }
    assertArrayEquals(new long[] {40 * MS, 80 * MS, 160 * MS, 200 * MS}, waits);
  }

  @Test
  void aFinInEstablishedWaitsAndOneInFinWait2GoesAtOnce() {
    DelayedAck established = new DelayedAck();
    established.finReceived(true);
    assertFalse(established.sendNow(1));
    DelayedAck closing = new DelayedAck();
    closing.finReceived(false);
    assertTrue(closing.sendNow(1));
  }
}
