package dev.twinsock.os;

/**
 * A system call inside a helper failed with {@link #errno}. Internal only: {@link OsSocket} turns it
 * into the seed's {@link dev.twinsock.SocketError} with the name of the function the user called.
 * It carries no stack trace; it is control flow, not a bug report.
 */
final class SyscallFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int errno;

  SyscallFailure(int errno) {
    super("errno " + errno, null, false, false);
    this.errno = errno;
  }

  /** The failure of the call the calling thread just made. */
  static SyscallFailure last() {
    return new SyscallFailure(Native.errno());
  }
}
