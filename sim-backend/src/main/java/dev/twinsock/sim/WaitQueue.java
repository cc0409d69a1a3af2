package dev.twinsock.sim;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The waiters interested in one kernel object, as a Linux wait queue: a state change wakes them
 * all, in the order they started waiting, and each re-checks its condition. Nobody polls.
 */
final class WaitQueue {
  private final Set<Waiter> waiters = new LinkedHashSet<>();

  void add(Waiter waiter) {
    waiters.add(waiter);
  }

  void remove(Waiter waiter) {
    waiters.remove(waiter);
  }

  void wakeAll() {
    if (waiters.isEmpty()) {
      return;
    }
    for (Waiter waiter : new ArrayList<>(waiters)) {
      waiter.scheduler.makeReady(waiter);
    }
  }
}
