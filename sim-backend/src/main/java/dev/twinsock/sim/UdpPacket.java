package dev.twinsock.sim;

/** A UDP datagram on the wire. */
final class UdpPacket implements Packet {
  final IpAddress source;
  final int sourcePort;
  final IpAddress destination;
  final int destinationPort;
  final byte[] data;

  UdpPacket(IpAddress source, int sourcePort, IpAddress destination, int destinationPort, byte[] data) {
    this.source = source;
    this.sourcePort = sourcePort;
    this.destination = destination;
    this.destinationPort = destinationPort;
    this.data = data;
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
    return "udp " + source + ":" + sourcePort + " > " + destination + ":" + destinationPort + " len " + data.length;
  }
}
