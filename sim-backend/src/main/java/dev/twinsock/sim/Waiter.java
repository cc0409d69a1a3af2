package dev.twinsock.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * Something that can hold the simulation's single permit and give it up while it waits: a {@link
 * Task}, or the driver (the thread that is no task, such as a test method).
 */
class Waiter {
  final Scheduler scheduler;
  final String name;
  /** Released to hand this waiter the permit. */
  final Semaphore permit = new Semaphore(0);
  /** The call it is blocked in, for deadlock reports; null while it runs. */
  String blockedIn;
  boolean inReadyQueue;
  boolean timedOut;
  Timer deadline;
  final List<WaitQueue> waitingOn = new ArrayList<>(2);
  /**
   * The descriptor of the socket call this waiter is in, or null: a wait that ends finds it closed
   * by someone else and fails with EBADF, as a close ends a blocked call on the os backend.
   */
  SimSocket callingThrough;

  Waiter(Scheduler scheduler, String name) {
    this.scheduler = scheduler;
    this.name = name;
  }

  @Override
  public String toString() {
    return name;
  }
}
