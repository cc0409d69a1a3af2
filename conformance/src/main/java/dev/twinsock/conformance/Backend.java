package dev.twinsock.conformance;

import dev.twinsock.Socket;
import dev.twinsock.Sockets;

/**
 * What the conformance suite needs from a backend under test. A backend module provides one
 * implementation in its test classpath, registered in {@code
 * META-INF/services/dev.twinsock.conformance.Backend}, and scans this module's tests with
 * surefire's {@code dependenciesToScan}: the same suite then runs, unchanged, on every backend.
 */
public interface Backend {
  /** A short name for reports: {@code "os"} or {@code "sim"}. */
  String name();

  /**
   * A fresh process: a new {@link Sockets} whose loopback (127.0.0.1 and ::1) is free of the
   * previous test's sockets except for what the kernel itself keeps (TIME_WAIT).
   */
  Sockets open();

  /** A fresh AF_UNIX path (not yet existing) in a temporary directory, at most 60 bytes long. */
  String unixPath(String name);

  /** Whether sockets of this backend may bind ports below 1024. */
  boolean privileged();

  /**
   * Why this backend does not run a test of the suite, or {@code null} to run it. The key is
   * {@code SimpleClassName#method}. Every reason given here is a deviation documented in {@code
   * docs/semantics.md}; a skipped test shows as skipped, with the reason, in the report.
   */
  default String deviation(String test) {
    return null;
  }

  /**
   * Returns once a call made on another thread is inside {@code socket}, so that a test can close
   * the socket under it. The default suits a backend whose threads take turns (the sim): the
   * closing thread only runs once the caller has blocked. A backend with real threads waits.
   */
  default void awaitCallIn(Socket socket) {}

  /** Ends what {@link #open()} started (the suite closes the {@link Sockets} first). */
  default void close() {}
}
