package dev.twinsock.junit5;

/**
 * Added to a failing test's exception as a suppressed exception, so that the failure carries its
 * seed, how to replay it, the fault plan and where the trace was written, while its own message
 * stays as it was. It has no stack trace: its message is all it says.
 */
final class SeedReport extends RuntimeException {
  private static final long serialVersionUID = 1L;

  SeedReport(String message) {
    super(message, null, true, false);
  }
}
