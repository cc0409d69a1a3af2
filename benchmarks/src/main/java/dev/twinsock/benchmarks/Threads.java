package dev.twinsock.benchmarks;

import java.util.ArrayList;
import java.util.List;

/** Platform threads started together and joined together; the first failure is rethrown. */
final class Threads {
  private final List<Thread> pending = new ArrayList<>();
  private final List<Throwable> failures = new ArrayList<>();

  /** Adds a body to run on its own thread at the next {@link #runAll()}. */
  void add(String name, Runnable body) {
    Thread thread = new Thread(() -> {
      try {
        body.run();
      } catch (Throwable t) {
        synchronized (failures) {
          failures.add(t);
        }
      }
    }, name);
    thread.setDaemon(true);
    pending.add(thread);
  }

  /** Starts every added body and waits for all of them. */
  void runAll() {
    List<Thread> started = new ArrayList<>(pending);
    pending.clear();
    for (Thread thread : started) {
      thread.start();
    }
    boolean interrupted = false;
    for (Thread thread : started) {
      while (thread.isAlive()) {
        try {
          thread.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    synchronized (failures) {
      if (!failures.isEmpty()) {
        Throwable first = failures.get(0);
        failures.clear();
        throw new IllegalStateException("a benchmark thread failed: " + first, first);
      }
    }
  }

  /** Runs the bodies on threads of their own and waits for all of them. */
  static void runAll(Runnable... bodies) {
    Threads threads = new Threads();
    for (int i = 0; i < bodies.length; i++) {
      threads.add("bench-" + i, bodies[i]);
    }
    threads.runAll();
  }
}
