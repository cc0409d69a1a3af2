package dev.twinsock.sim;

/**
 * The simulation's only clock: nanoseconds since the network was built. It moves only when the
 * scheduler pops an event, and never backwards.
 */
final class VirtualClock {
  private long nanos;

  long nanos() {
    return nanos;
  }

  void advanceTo(long time) {
    if (time < nanos) {
      throw new IllegalStateException("time cannot go back from " + nanos + " to " + time);
    }
    nanos = time;
  }
}
