package dev.twinsock.sim;

/**
 * A run that passed its limit of virtual time with tasks still running ({@link
 * SimNetwork#run(java.time.Duration)}): the message names the seed and each task with what it waits
 * in, as a deadlock report does.
 */
public final class SimTimeLimitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  SimTimeLimitException(String message) {
    super(message);
  }
}
