package dev.twinsock;

/**
 * The value of the multicast options {@code MCAST_JOIN_GROUP}, {@code MCAST_LEAVE_GROUP} and their
 * source-specific forms: the group address, the interface (a name such as {@code "lo"}, a numeric
 * index as a string, or {@code null} for any) and, for the source forms, the source address.
 */
public record GroupRequest(String group, String iface, String source) {
  /** A group on an interface, with no source. */
  public GroupRequest(String group, String iface) {
    this(group, iface, null);
  }
}
