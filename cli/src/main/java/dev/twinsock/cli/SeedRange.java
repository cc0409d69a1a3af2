package dev.twinsock.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** An inclusive range of seeds, written {@code A..B} (or one seed, {@code A}). */
record SeedRange(long from, long to) {
  SeedRange {
    if (from > to) {
      throw new IllegalArgumentException("the range " + from + ".." + to + " is empty: the first seed must not exceed the last");
    }
  }

  /** How many seeds of the range shard {@code shard} takes. */
  long count(Shard shard) {
    long span = to - from;
    if (span < 0 || span == Long.MAX_VALUE) {
      throw new UsageError("the range " + this + " holds too many seeds to count");
    }
    long all = span + 1;
    long first = shard.k() - 1;
    return first >= all ? 0 : (all - first - 1) / shard.n() + 1;
  }

  /** The {@code i}-th seed shard {@code shard} takes: every n-th seed, starting from the k-th. */
  long seed(Shard shard, long i) {
    return from + (shard.k() - 1) + i * shard.n();
  }

  @Override
  public String toString() {
    return from + ".." + to;
  }

  /** Reads {@code A..B} or {@code A}. */
  static SeedRange parse(String text) {
    String trimmed = text.trim();
    int dots = trimmed.indexOf("..");
    try {
      if (dots < 0) {
        long seed = Long.parseLong(trimmed);
        return new SeedRange(seed, seed);
      }
      return new SeedRange(Long.parseLong(trimmed.substring(0, dots).trim()), Long.parseLong(trimmed.substring(dots + 2).trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a seed range: write A..B, e.g. 1..1000");
    }
  }

  /** picocli's converter for {@code --seeds}. */
  static final class Converter implements ITypeConverter<SeedRange> {
    @Override
    public SeedRange convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
