package dev.twinsock.sim;

/**
 * Unwinds a task whose simulation ended (a deadlock, another task's failure, or closing the
 * network). An {@link Error}, so that simulated code's {@code catch (Exception e)} lets it pass.
 */
final class TaskAbort extends Error {
  private static final long serialVersionUID = 1L;

  TaskAbort() {
    super("the simulation ended", null, false, false);
  }
}
