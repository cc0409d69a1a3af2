package dev.twinsock.junit5;

/**
 * Added to a failing test's exception as a suppressed exception, so that the failure carries its
 * seed, how to replay it, the fault plan and where the trace was written, while its own message
 * stays as it was. It has no stack trace: its message is all it says.
 *
 * <p>It is added as soon as the failure leaves the test method, with the seed alone, and completed
 * once the trace is written, after the test's {@code @AfterEach} methods.
 */
final class SeedReport extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private volatile String message;

  SeedReport(String message) {
    super(null, null, true, false);
    this.message = message;
  }

  void complete(String message) {
    this.message = message;
  }

  @Override
  public String getMessage() {
    return message;
  }
}
