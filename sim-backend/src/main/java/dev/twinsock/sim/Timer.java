package dev.twinsock.sim;

/**
 * One scheduled event: an action due at a virtual time. Ordered by (time, sequence), so events due
 * at the same instant run in the order they were scheduled. Cancelling leaves it in the queue,
 * where it is skipped, until the queue sweeps its cancelled events out.
 */
final class Timer implements Comparable<Timer> {
  final long time;
  final long sequence;
  final Runnable action;
  private boolean cancelled;
  /** The queue that holds it, told of its cancellation; null once it has left the queue. */
  private EventQueue queue;

  Timer(long time, long sequence, Runnable action, EventQueue queue) {
    this.time = time;
    this.sequence = sequence;
    this.action = action;
    this.queue = queue;
  }

  void cancel() {
    if (cancelled) {
      return;
    }
    cancelled = true;
    if (queue != null) {
      queue.cancelledOne();
    }
  }

  /** It leaves its queue (polled); true if it was cancelled. */
  boolean leaveQueue() {
    queue = null;
    return cancelled;
  }

  /** It leaves its queue if it was cancelled (a sweep); true if so. */
  boolean leaveQueueIfCancelled() {
    if (cancelled) {
      queue = null;
    }
    return cancelled;
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
