package dev.twinsock.sim;

/**
 * A host's monotonic clock (CLOCK_MONOTONIC, jiffies): the one every timer of the host runs on,
 * its kernel's and its blocking calls' alike. It counts network time at a rate of {@code 1 + ppb
 * / 10⁹}, so a fast clock (positive drift) reaches a timeout early in network time. It is never
 * stepped: an offset moves the wall clock only, as settimeofday leaves CLOCK_MONOTONIC alone.
 *
 * <p>All in integer nanoseconds, so a seed gives the same times on every machine. The rounding
 * rule: the host time of a network instant is rounded down, and the network delay a host delay
 * takes is rounded up, so a timer never fires before its host time has fully passed.
 */
final class MonotonicClock {
  private static final long BILLION = 1_000_000_000L;

  /** The clock read {@code base} at network time {@code since}, and has run at {@code BILLION + ppb} since. */
  private long base;
  private long since;
  private long ppb;

  /** The clock's reading at network time {@code virtual} (not before the last drift change). */
  long at(long virtual) {
    return base + scale(virtual - since, BILLION + ppb, BILLION);
  }

  /** The network delay it takes this clock to move {@code hostDelay} from now: rounded up. */
  long networkDelay(long hostDelay) {
    if (ppb == 0 || hostDelay <= 0) {
      return hostDelay;
    }
    long rate = BILLION + ppb;
    long whole = hostDelay / rate;
    long rest = hostDelay % rate;
    // rest < rate < 2·10⁹, so rest·10⁹ fits in a long
    if (whole >= Long.MAX_VALUE / BILLION - 1) {
      return Long.MAX_VALUE; // past the clock's range: a slow enough clock never gets there
    }
    return whole * BILLION + (rest * BILLION + rate - 1) / rate;
  }

  /** From network time {@code virtual} on, the clock runs fast (positive) or slow by {@code ppb} parts per billion. */
  void drift(long virtual, long ppb) {
    base = at(virtual);
    since = virtual;
    this.ppb = ppb;
  }

  /** {@code elapsed · numerator / denominator}, rounded down, without overflow for any elapsed and a rate below 2·10⁹. */
  private static long scale(long elapsed, long numerator, long denominator) {
    if (numerator == denominator) {
      return elapsed;
    }
    long whole = elapsed / denominator;
    long rest = elapsed % denominator;
    return whole * numerator + rest * numerator / denominator;
  }
}
