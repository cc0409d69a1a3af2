package dev.twinsock.sim;

/**
 * An errno from the kernel model. The socket layer turns it into the api's {@code SocketError}
 * with the failing function's name. Carries no stack trace: it is ordinary control flow.
 */
final class KernelError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int errno;
  /** A hint for the user the errno alone does not give, or null. */
  final String detail;

  KernelError(int errno) {
    this(errno, null);
  }

  KernelError(int errno, String detail) {
    super("errno " + errno, null, false, false);
    this.errno = errno;
    this.detail = detail;
  }
}
