package dev.twinsock.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Shard {@code k} of {@code n} (1-based): the k-th, (k+n)-th, (k+2n)-th ... seed of a range, so n
 * machines with k = 1..n together run every seed once.
 */
record Shard(int k, int n) {
  static final Shard ALL = new Shard(1, 1);

  Shard {
    if (n < 1) {
      throw new IllegalArgumentException("shard " + k + "/" + n + ": the number of shards must be at least 1");
    }
    if (k < 1 || k > n) {
      throw new IllegalArgumentException("shard " + k + "/" + n + ": k must be within 1.." + n);
    }
  }

  @Override
  public String toString() {
    return k + "/" + n;
  }

  static Shard parse(String text) {
    String[] parts = text.trim().split("/", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException("'" + text + "' is not a shard: write k/n, e.g. 2/8");
    }
    try {
      return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a shard: write k/n, e.g. 2/8");
    }
  }

  /** picocli's converter for {@code --shard}. */
  static final class Converter implements ITypeConverter<Shard> {
    @Override
    public Shard convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
