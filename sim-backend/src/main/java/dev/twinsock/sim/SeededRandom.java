package dev.twinsock.sim;

import java.nio.charset.StandardCharsets;

/**
 * A SplitMix64 stream, the same on every JVM. Each host and each link draws from its own stream,
 * derived from the network's seed and the stream's name, so that adding a host does not change
 * what another link draws.
 */
final class SeededRandom {
  private long state;

  private SeededRandom(long state) {
    this.state = state;
  }

  static SeededRandom forName(long seed, String name) {
    // FNV-1a over the name's bytes: stable, unlike identity hashes.
    long hash = 0xcbf29ce484222325L;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return new SeededRandom(mix(seed ^ mix(hash)));
  }

  long nextLong() {
    state += 0x9e3779b97f4a7c15L;
    return mix(state);
  }

  /** Uniform in [0, 1). */
  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [0, bound). */
  long nextLong(long bound) {
    if (bound <= 0) {
      return 0;
    }
    return Long.remainderUnsigned(nextLong(), bound);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
