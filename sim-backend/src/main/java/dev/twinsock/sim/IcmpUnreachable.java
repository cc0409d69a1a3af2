package dev.twinsock.sim;

/**
 * ICMP port unreachable, answering a UDP datagram nobody receives: it names the datagram's
 * addresses so the sender's kernel can find the socket it came from.
 */
final class IcmpUnreachable implements Packet {
  final IpAddress source;
  final IpAddress destination;
  /** The offending datagram. */
  final UdpPacket original;

  IcmpUnreachable(IpAddress source, IpAddress destination, UdpPacket original) {
    this.source = source;
    this.destination = destination;
    this.original = original;
  }

  @Override
  public IpAddress source() {
    return source;
  }

  @Override
  public IpAddress destination() {
    return destination;
  }

  @Override
  public String describe() {
    return "icmp " + source + " > " + destination + " port unreachable for " + original.describe();
  }
}
