package dev.twinsock.sim;

import java.util.PriorityQueue;

/** The pending events of a simulation, ordered by (virtual time, sequence number). */
final class EventQueue {
  private final PriorityQueue<Timer> timers = new PriorityQueue<>();
  private long nextSequence;

  Timer schedule(long time, Runnable action) {
    Timer timer = new Timer(time, nextSequence++, action);
    timers.add(timer);
    return timer;
  }

  /** The next event that is not cancelled, removed from the queue, or null if there is none. */
  Timer poll() {
    Timer next;
    while ((next = timers.poll()) != null) {
      if (!next.cancelled()) {
        return next;
      }
    }
    return null;
  }
}
