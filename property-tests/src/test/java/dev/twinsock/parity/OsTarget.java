package dev.twinsock.parity;

import dev.twinsock.Sockets;
import dev.twinsock.os.OsSockets;

/** The real kernel: a fresh {@link OsSockets}, on loopback and AF_UNIX only. */
final class OsTarget extends Target {
  private final OsSockets sockets = new OsSockets();

  OsTarget() {
    super("os");
  }

  @Override
  Sockets sockets() {
    return sockets;
  }
}
