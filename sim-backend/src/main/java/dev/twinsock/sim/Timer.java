package dev.twinsock.sim;

/**
 * One scheduled event: an action due at a virtual time. Ordered by (time, sequence), so events due
 * at the same instant run in the order they were scheduled. Cancelling leaves it in the queue,
 * where it is skipped.
 */
final class Timer implements Comparable<Timer> {
  final long time;
  final long sequence;
  final Runnable action;
  private boolean cancelled;

  Timer(long time, long sequence, Runnable action) {
    this.time = time;
    this.sequence = sequence;
    this.action = action;
  }

  void cancel() {
    cancelled = true;
  }

  boolean cancelled() {
    return cancelled;
  }

  @Override
  public int compareTo(Timer other) {
    int byTime = Long.compare(time, other.time);
    return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
  }
}
