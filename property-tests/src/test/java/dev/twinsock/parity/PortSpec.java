package dev.twinsock.parity;

/**
 * The port of an {@link Endpoint}. Programs never name a fixed non-zero port, since other
 * processes on the machine own ports too: a port is 0, out of range, or the local port of a
 * socket the program made ({@link Kind#OF_SOCKET}, resolved on each backend separately; a
 * negative {@code socket} picks a listening socket, see {@link HandleModel#resolve}).
 */
record PortSpec(Kind kind, int socket) {
  enum Kind {
    /** The overload without a port. */
    NONE,
    ZERO,
    /** The current local port of socket handle {@code socket} (0 if there is no socket). */
    OF_SOCKET,
    NEGATIVE,
    TOO_LARGE
  }

  static PortSpec none() {
    return new PortSpec(Kind.NONE, 0);
  }

  static PortSpec zero() {
    return new PortSpec(Kind.ZERO, 0);
  }

  static PortSpec of(int socket) {
    return new PortSpec(Kind.OF_SOCKET, socket);
  }

  @Override
  public String toString() {
    switch (kind) {
      case NONE: return "-";
      case ZERO: return "0";
      case OF_SOCKET: return "port(h" + socket + ")";
      case NEGATIVE: return "-1";
      default: return "65536";
    }
  }
}
