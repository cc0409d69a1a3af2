package dev.twinsock.parity;

/**
 * A symbolic address for bind, connect, sendto and sendmsg: a {@link Host} (relative to the
 * socket's family), a slot that picks one of a few AF_UNIX names, and a {@link PortSpec}.
 * Concrete strings and ports are resolved per backend run, so the same program means the same
 * thing on both.
 */
record Endpoint(Host host, int slot, PortSpec port) {
  @Override
  public String toString() {
    return host + "#" + slot + " " + port;
  }
}
