package dev.twinsock.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * Something that can hold the simulation's single permit and give it up while it waits: a {@link
 * Task}, or the driver (the thread that is no task, such as a test method).
 */
class Waiter {
  /**
   * Spin before parking only where a hand-off is an OS thread wake-up (platform threads) and the
   * permit can come back while this thread spins (more than one core).
   */
  private static final boolean SPIN = !TaskThreads.virtual() && Runtime.getRuntime().availableProcessors() > 1;
  /** At most this many polls of the permit (some tens of microseconds) before parking. */
  private static final int MAX_SPINS = 4096;
  /** Never fewer than this, so a waiter whose waits grow short again finds out. */
  private static final int MIN_SPINS = 64;
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
  /**
   * How long this waiter spins for the permit before it parks: doubled when the permit came while
   * it spun, halved when it had to park. Two parties that hand the permit back and forth (a writer
   * and a reader, a ping and a pong) then pass it without waking a parked thread, while one of a
   * thousand tasks in a ring, whose turn comes back only after every other's, soon stops spinning.
   */
  private int spins = MAX_SPINS;

  Waiter(Scheduler scheduler, String name) {
    this.scheduler = scheduler;
    this.name = name;
  }

  /**
   * Spins for the permit a while (see {@link #spins}); true if it came, false if the caller must
   * block for it. Only when and how long this thread waits depends on it, never who runs next.
   */
  final boolean spinForPermit() {
    if (!SPIN) {
      return false;
    }
    int limit = spins;
    for (int i = 0; i < limit; i++) {
      if (permit.tryAcquire()) {
        spins = Math.min(MAX_SPINS, limit * 2);
        return true;
      }
      Thread.onSpinWait();
    }
    spins = Math.max(MIN_SPINS, limit / 2);
    return false;
  }

  /** Waits for the permit: spins a while, then parks. */
  final void acquirePermit() {
    if (!spinForPermit()) {
      permit.acquireUninterruptibly();
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
