package dev.twinsock.sim;

import java.util.PriorityQueue;

/**
 * The pending events of a simulation, ordered by (virtual time, sequence number).
 *
 * <p>A cancelled event stays in the heap until it reaches the head or until cancelled events
 * outnumber live ones, when they are swept out at once. Without the sweep a program that re-arms
 * a timer on every call while the clock stands still (a retransmission timer in a zero-latency
 * ping-pong) would grow the heap without bound, and every push and pop with it. The order of
 * the live events is a total order, so a sweep changes nothing about what runs when.
 */
final class EventQueue {
  /** Below this many cancelled events no sweep is worth its pass over the heap. */
  private static final int SWEEP_AT_LEAST = 64;
  private final PriorityQueue<Timer> timers = new PriorityQueue<>();
  private long nextSequence;
  /** Cancelled events still in {@link #timers}. */
  private int cancelled;

  Timer schedule(long time, Runnable action) {
    Timer timer = new Timer(time, nextSequence++, action, this);
    timers.add(timer);
    return timer;
  }

  /** The next event that is not cancelled, removed from the queue, or null if there is none. */
  Timer poll() {
    Timer next;
    while ((next = timers.poll()) != null) {
      if (!next.leaveQueue()) {
        return next;
      }
      cancelled--;
    }
    return null;
  }

  /** A queued event was cancelled (called once per event, while it is in the queue). */
  void cancelledOne() {
    cancelled++;
    if (cancelled >= SWEEP_AT_LEAST && cancelled > timers.size() / 2) {
      timers.removeIf(Timer::leaveQueueIfCancelled);
      cancelled = 0;
    }
  }

  /** Events in the queue, cancelled ones included. */
  int size() {
    return timers.size();
  }
}
