package dev.twinsock.sim;

/**
 * Thrown when a simulation can make no progress: someone waits, no task is ready and no event is
 * scheduled. The message names the seed and, for each waiting task (and the driver), the call it
 * is blocked in, so that a deadlocked test fails at once with what it needs to be replayed.
 */
public final class SimDeadlockException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  SimDeadlockException(String message) {
    super(message);
  }
}
