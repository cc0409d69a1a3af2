package dev.twinsock.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.twinsock.Errno;
import dev.twinsock.SocketError;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.function.Executable;

/**
 * Assertions on what a socket call returns or throws: exact errno codes and exact bytes, with
 * failure messages that name the errno, so a red test says what the kernel answered.
 */
final class SocketAssertions {
  private SocketAssertions() {}

  /** Asserts that {@code call} throws {@link SocketError} with exactly {@code errno}; returns it. */
  static SocketError assertSocketError(int errno, Executable call) {
    SocketError error = assertThrows(SocketError.class, call,
        () -> "expected errno " + errno + " (" + Errno.text(errno) + ")");
    assertEquals(errno, error.code(), () -> "expected errno " + errno + " (" + Errno.text(errno)
        + ") but got " + error.getMessage());
    return error;
  }

  /** Asserts that {@code call} throws {@link IllegalArgumentException} with exactly {@code message}. */
  static IllegalArgumentException assertRejected(String message, Executable call) {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, call);
    assertEquals(message, error.getMessage());
    return error;
  }

  /** Asserts exact bytes, shown as Latin-1 text so a mismatch is readable. */
  static void assertBytes(String expected, byte[] actual) {
    assertEquals(expected, text(actual));
  }

  /** The bytes of a Latin-1 string: test data is ASCII. */
  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** A Latin-1 string of bytes. */
  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }
}
