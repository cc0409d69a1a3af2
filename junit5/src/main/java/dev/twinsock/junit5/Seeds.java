package dev.twinsock.junit5;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Where a test's seed comes from, strongest first: the configuration parameter (or system property)
 * {@code twinsock.seed}, then {@link Seed}, then the invocation of a {@link SimSeeds} sweep, then a
 * fresh random seed under {@code twinsock.seeds=random}, and otherwise one derived from the test's
 * unique id, so that a plain run is the same on every machine.
 *
 * <p>Derived seeds lie in 0..2^31-1, so that they read as plain int literals; a sweep maps
 * consecutive numbers through a bijection of that range, so its seeds are always distinct.
 */
final class Seeds {
  static final String SEED = "twinsock.seed";
  static final String MODE = "twinsock.seeds";
  private static final long RANGE = 1L << 31;
  private static final SecureRandom FRESH = new SecureRandom();

  private Seeds() {}

  /** The seed forced on this test by {@code twinsock.seed} or {@link Seed}, if any. */
  static OptionalLong fixed(ExtensionContext context) {
    Optional<String> property = context.getConfigurationParameter(SEED);
    if (property.isPresent()) {
      try {
        return OptionalLong.of(Long.parseLong(property.get().trim()));
      } catch (NumberFormatException e) {
        throw new ExtensionConfigurationException(
            SEED + " must be a whole number (a long), not '" + property.get() + "'", e);
      }
    }
    Optional<Seed> seed = context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, Seed.class));
    return seed.isPresent() ? OptionalLong.of(seed.get().value()) : OptionalLong.empty();
  }

  /** The seed of a test that no sweep chose: fixed, fresh, or derived from its unique id. */
  static long forTest(ExtensionContext context) {
    OptionalLong fixed = fixed(context);
    if (fixed.isPresent()) {
      return fixed.getAsLong();
    }
    return random(context) ? fresh() : mix(digest(context.getUniqueId()));
  }

  /** The seeds of a {@link SimSeeds} template: {@code count} distinct ones, or the one fixed. */
  static long[] sweep(ExtensionContext template, int count) {
    OptionalLong fixed = fixed(template);
    if (fixed.isPresent()) {
      return new long[] {fixed.getAsLong()};
    }
    if (count < 1) {
      throw new ExtensionConfigurationException("@SimSeeds needs at least one seed, not " + count);
    }
    long base = random(template) ? fresh() : digest(template.getUniqueId());
    long[] seeds = new long[count];
    for (int i = 0; i < count; i++) {
      seeds[i] = mix(base + i);
    }
    return seeds;
  }

  /** The seed as a Java literal for {@code @Seed(...)}: an {@code L} where an int cannot hold it. */
  static String literal(long seed) {
    return seed == (int) seed ? Long.toString(seed) : seed + "L";
  }

  private static boolean random(ExtensionContext context) {
    String mode = context.getConfigurationParameter(MODE).map(String::trim).orElse("stable");
    switch (mode) {
      case "stable":
        return false;
      case "random":
        return true;
      default:
        throw new ExtensionConfigurationException(MODE + " must be 'stable' or 'random', not '" + mode + "'");
    }
  }

  private static long fresh() {
    synchronized (FRESH) {
      return FRESH.nextLong() & (RANGE - 1);
    }
  }

  /** The first eight bytes of the SHA-256 of {@code text}: the same on every JVM, unlike hashCode's spread. */
  private static long digest(String text) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      long value = 0;
      for (int i = 0; i < 8; i++) {
        value = value << 8 | (hash[i] & 0xff);
      }
      return value;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /**
   * A bijection of 0..2^31-1 (applied to {@code value} mod 2^31) that scatters neighbours: each
   * xor-shift and each multiplication by an odd number is invertible modulo 2^31.
   */
  static long mix(long value) {
    long x = value & (RANGE - 1);
    x ^= x >>> 16;
    x = x * 0x45d9f3bL & (RANGE - 1);
    x ^= x >>> 15;
    x = x * 0x2c1b3c6dL + 0x297a2d39L & (RANGE - 1);
    x ^= x >>> 16;
    return x;
  }
}
