package dev.twinsock.sim;

/** What travels between hosts: a TCP {@link Segment}, a {@link UdpPacket} or an {@link IcmpUnreachable}. */
interface Packet {
  IpAddress source();

  IpAddress destination();

  /** One line for the trace. */
  String describe();
}
