package dev.twinsock.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The host clock's integer arithmetic: one rounding rule each way, continuity across a drift change, no overflow. */
class MonotonicClockTest {

  @Test
  void anUndriftedClockIsNetworkTime() {
    MonotonicClock clock = new MonotonicClock();
    assertEquals(123_456_789L, clock.at(123_456_789L));
    assertEquals(5L, clock.networkDelay(5L));
  }

  @Test
  void hostTimeRoundsDownAndANetworkDelayRoundsUpSoATimerNeverFiresEarly() {
    MonotonicClock clock = new MonotonicClock();
    clock.drift(0, 333); // 333 ppb fast
    assertEquals(1_000_000_333L, clock.at(1_000_000_000L));
    assertEquals(1L, clock.at(1L), "1 ns of network time reads 1 ns: 1.000000333 rounded down");
    long delay = clock.networkDelay(1_000_000_000L);
    assertEquals(999_999_668L, delay, "10^18 / 1000000333 = 999999667.0001..., rounded up");
    assertTrue(clock.at(delay) >= 1_000_000_000L && clock.at(delay - 1) < 1_000_000_000L,
        "the first network instant at which the host delay has passed");
  }

  @Test
  void aDriftChangeKeepsTheClockContinuous() {
    MonotonicClock clock = new MonotonicClock();
    clock.drift(0, 100_000_000); // 10 % fast
    assertEquals(11_000_000_000L, clock.at(10_000_000_000L));
    clock.drift(10_000_000_000L, -100_000_000); // then 10 % slow
    assertEquals(11_000_000_000L, clock.at(10_000_000_000L));
    assertEquals(11_900_000_000L, clock.at(11_000_000_000L));
  }

  @Test
  void farTimesNeitherOverflowNorComeBackNegative() {
    MonotonicClock clock = new MonotonicClock();
    clock.drift(0, -999_999_999); // all but stopped: a host nanosecond takes a network second
    assertEquals(Long.MAX_VALUE, clock.networkDelay(Long.MAX_VALUE / 2));
    assertEquals(1_000_000_000L, clock.networkDelay(1));
    clock.drift(0, 999_999_999); // nearly twice as fast
    java.math.BigInteger rate = java.math.BigInteger.valueOf(1_999_999_999L);
    java.math.BigInteger exact = java.math.BigInteger.valueOf(Long.MAX_VALUE).multiply(java.math.BigInteger.valueOf(1_000_000_000L))
        .add(rate.subtract(java.math.BigInteger.ONE)).divide(rate);
    assertEquals(exact.longValueExact(), clock.networkDelay(Long.MAX_VALUE), "as exact arithmetic rounds it up");
    assertTrue(clock.at(Long.MAX_VALUE / 4) > 0);
  }
}
