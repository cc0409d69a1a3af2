package dev.twinsock.junit5;

import dev.twinsock.Sockets;
import dev.twinsock.os.OsSockets;

/**
 * The one class of the extension that names {@link OsSockets}. twinsock-os is an optional
 * dependency (it brings jnr and its native jars): this class is loaded only when a test asks for
 * the real kernel, so a test that uses the sim alone runs without twinsock-os on its classpath.
 */
final class OsBackend {
  static final String SOCKETS_CLASS = "dev.twinsock.os.OsSockets";

  private OsBackend() {}

  /** A new {@link OsSockets}. */
  static Sockets open() {
    return new OsSockets();
  }

  /** {@link OsSockets#checkNoOpenSockets()} of an instance {@link #open()} made. */
  static void checkNoOpenSockets(Sockets sockets) {
    ((OsSockets) sockets).checkNoOpenSockets();
  }
}
