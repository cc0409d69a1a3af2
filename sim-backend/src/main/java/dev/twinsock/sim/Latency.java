package dev.twinsock.sim;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * How long a packet takes to cross a link, drawn per packet. A latency gets its randomness only
 * from the {@code uniform} source it is handed — the link direction's own seeded stream — so a
 * user function is as reproducible as the built-in distributions:
 *
 * <pre>{@code
 * net.link(a, b).latency(Latency.exponential(Duration.ofMillis(2), Duration.ofMillis(8)));
 * net.link(a, b).latency(uniform -> Duration.ofMillis(uniform.getAsDouble() < 0.9 ? 1 : 200)); // a slow tail
 * }</pre>
 */
@FunctionalInterface
public interface Latency {
  /** The delay of one packet; {@code uniform} yields seeded doubles in [0, 1). Never negative. */
  Duration sample(DoubleSupplier uniform);

  /** The same delay for every packet; draws nothing. */
  static Latency constant(Duration delay) {
    requireNonNegative(delay, "latency");
    return new Latency() {
      @Override
      public Duration sample(DoubleSupplier uniform) {
        return delay;
      }

      @Override
      public String toString() {
        return "constant " + delay.toMillis() + " ms";
      }
    };
  }

  /** A delay drawn uniformly from [min, max]. */
  static Latency uniform(Duration min, Duration max) {
    requireNonNegative(min, "min");
    if (max.compareTo(min) < 0) {
      throw new IllegalArgumentException("max must not be below min: " + min + " > " + max);
    }
    long low = min.toNanos();
    long span = max.toNanos() - low;
    return new Latency() {
      @Override
      public Duration sample(DoubleSupplier uniform) {
        return Duration.ofNanos(low + (long) (uniform.getAsDouble() * (span + 1)));
      }

      @Override
      public String toString() {
        return "uniform " + min.toMillis() + ".." + max.toMillis() + " ms";
      }
    };
  }

  /**
   * {@code min} plus an exponentially distributed extra delay with mean {@code meanExtra}: most
   * packets are quick, a few are very late (and so overtake nothing but arrive out of order).
   */
  static Latency exponential(Duration min, Duration meanExtra) {
    requireNonNegative(min, "min");
    requireNonNegative(meanExtra, "meanExtra");
    long low = min.toNanos();
    double mean = meanExtra.toNanos();
    return new Latency() {
      @Override
      public Duration sample(DoubleSupplier uniform) {
        // inverse CDF; 1 - u is in (0, 1], so the logarithm is finite
        double extra = -mean * Math.log(1 - uniform.getAsDouble());
        return Duration.ofNanos(low + (long) Math.min(extra, 3_600e9));
      }

      @Override
      public String toString() {
        return "exponential " + min.toMillis() + " ms + mean " + meanExtra.toMillis() + " ms";
      }
    };
  }

  private static void requireNonNegative(Duration d, String what) {
    if (d == null || d.isNegative()) {
      throw new IllegalArgumentException(what + " must not be negative: " + d);
    }
  }
}
