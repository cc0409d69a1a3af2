package dev.twinsock.cli;

/** Input the command cannot work with (an unknown class, an unreadable file): one line, exit 2. */
final class UsageError extends RuntimeException {
  UsageError(String message) {
    super(message, null, false, false);
  }
}
