package dev.twinsock;

import java.util.Arrays;

/** What {@code recvfrom} returns: the bytes received and the address they came from. */
public record Datagram(byte[] data, SockAddr from) {
  @Override
  public boolean equals(Object o) {
    return o instanceof Datagram d && Arrays.equals(data, d.data) && java.util.Objects.equals(from, d.from);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(data) + java.util.Objects.hashCode(from);
  }

  @Override
  public String toString() {
    return "Datagram[" + data.length + " bytes from " + from + "]";
  }
}
