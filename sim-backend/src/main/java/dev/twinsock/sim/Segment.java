package dev.twinsock.sim;

/** A TCP segment. Sequence numbers are 64-bit here, so they never wrap within a simulation. */
final class Segment implements Packet {
  static final int FIN = 1;
  static final int SYN = 2;
  static final int RST = 4;
  static final int ACK = 16;

  final IpAddress source;
  final int sourcePort;
  final IpAddress destination;
  final int destinationPort;
  final long seq;
  final long ack;
  final int flags;
  final int window;
  final byte[] data;
  /** The MSS a SYN announces (set by the sender), for the pcap's TCP options. */
  int mss = 536;
  /**
   * The SACK option's blocks, as start/end pairs (the block of the newest out-of-order segment
   * first), or an empty array.
   */
  long[] sack = NO_SACK;
  static final long[] NO_SACK = new long[0];
  /** The IPv4 TTL or IPv6 hop limit it was sent with. */
  int ttl = 64;
  /** The index in {@link #data} of the urgent byte (MSG_OOB), or -1. */
  final int urgentOffset;

  Segment(IpAddress source, int sourcePort, IpAddress destination, int destinationPort,
      long seq, long ack, int flags, int window, byte[] data) {
    this(source, sourcePort, destination, destinationPort, seq, ack, flags, window, data, -1);
  }

  Segment(IpAddress source, int sourcePort, IpAddress destination, int destinationPort,
      long seq, long ack, int flags, int window, byte[] data, int urgentOffset) {
    this.urgentOffset = urgentOffset;
    this.source = source;
    this.sourcePort = sourcePort;
    this.destination = destination;
    this.destinationPort = destinationPort;
    this.seq = seq;
    this.ack = ack;
    this.flags = flags;
    this.window = window;
    this.data = data;
  }

  boolean has(int flag) {
    return (flags & flag) != 0;
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
    StringBuilder f = new StringBuilder();
    if (has(SYN)) f.append('S');
    if (has(FIN)) f.append('F');
    if (has(RST)) f.append('R');
    if (has(ACK)) f.append('.');
    if (urgentOffset >= 0) f.append('U');
    return "tcp " + source + ":" + sourcePort + " > " + destination + ":" + destinationPort
        + " [" + f + "] seq " + seq + " ack " + ack + " win " + window + " len " + data.length + sackText();
  }

  private String sackText() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i + 1 < sack.length; i += 2) {
      text.append(i == 0 ? " sack " : ",").append(sack[i]).append('-').append(sack[i + 1]);
    }
    return text.toString();
  }
}
