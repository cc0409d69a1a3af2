package dev.twinsock;

/**
 * A socket address as the seed reports it: a numeric IPv4 or IPv6 address and a port, or an
 * AF_UNIX path (port 0). An abstract-namespace AF_UNIX name starts with a NUL character. A null
 * address is an {@link IllegalArgumentException}.
 */
public record SockAddr(String address, int port) {
  public SockAddr {
    if (address == null) {
      throw new IllegalArgumentException("SockAddr(): Argument #1 ($address) must be of type string, null given");
    }
  }

  @Override
  public String toString() {
    if (port == 0 && (address.startsWith("/") || address.startsWith("\0") || address.isEmpty())) {
      return address.replace("\0", "@");
    }
    return address.indexOf(':') >= 0 ? "[" + address + "]:" + port : address + ":" + port;
  }
}
