package dev.twinsock.sim;

/**
 * A socket's claim on a local port: the address it is bound to (in wire form) and whether it is
 * a dual-stack IPv6 wildcard, which also covers every IPv4 address.
 */
final class Binding {
  final IpAddress address;
  final int port;
  final boolean dualStack;
  final KernelSocket owner;
  /** When it joined its {@link PortTable}'s port, in that table's count: ties break by bind order. */
  long joined;

  Binding(IpAddress address, int port, boolean dualStack, KernelSocket owner) {
    this.address = address;
    this.port = port;
    this.dualStack = dualStack;
    this.owner = owner;
  }

  /** Whether a packet to {@code destination} (wire form) reaches this binding. */
  boolean covers(IpAddress destination) {
    if (destination.isV4() == address.isV4()) {
      return address.isAny() || address.equals(destination);
    }
    return destination.isV4() && dualStack;
  }

  /** Whether some address is covered by both. */
  boolean overlaps(Binding other) {
    if (address.isV4() == other.address.isV4()) {
      return address.isAny() || other.address.isAny() || address.equals(other.address);
    }
    return address.isV4() ? other.dualStack : dualStack;
  }

  /** How specific the match is: an exact address beats a wildcard. */
  int specificity() {
    return address.isAny() ? 0 : 1;
  }
}
