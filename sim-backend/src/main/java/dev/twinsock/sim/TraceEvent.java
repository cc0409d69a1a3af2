package dev.twinsock.sim;

/**
 * One event of the trace in compact form: its kind, its virtual time and the fields its text line
 * is made of, copied from the packet (never the payload). The text is built only when someone
 * asks ({@link #line()}); the hash is fed the same fields in binary ({@link #hashInto}). An event
 * the pcap shows also holds its packet, until the trace lets the payload go.
 */
final class TraceEvent {
  private static final int TCP = 6;
  private static final int UDP = 17;
  private static final int ICMP = 1;

  final long nanos;
  final TraceKind kind;
  /** TEXT: the line; task kinds and LOOPBACK: the host; link kinds: the sending host. */
  private final String first;
  /** Task kinds: the task; link kinds: the receiving host; otherwise null. */
  private final String second;
  private final int protocol;
  private final IpAddress source;
  private final IpAddress destination;
  private final int sourcePort;
  private final int destinationPort;
  private final long seq;
  private final long ack;
  private final int flags;
  private final int window;
  private final int length;
  private final boolean urgent;
  /** An ICMP message's text, built at once: they are rare and quote a whole datagram. */
  private final String icmpText;
  /** SEND: how long reordering held the packet back (0: not); DROP_LOSS: fragment number << 32 | fragments. */
  private final long detail;
  /** The packet, for the pcap, while the trace keeps its payload; null for events the pcap leaves out. */
  private Packet capture;

  private TraceEvent(long nanos, TraceKind kind, String first, String second, Packet packet, long detail,
      boolean captured) {
    this.nanos = nanos;
    this.kind = kind;
    this.first = first;
    this.second = second;
    this.detail = detail;
    this.capture = captured ? packet : null;
    if (packet instanceof Segment) {
      Segment segment = (Segment) packet;
      protocol = TCP;
      source = segment.source;
      destination = segment.destination;
      sourcePort = segment.sourcePort;
      destinationPort = segment.destinationPort;
      seq = segment.seq;
      ack = segment.ack;
      flags = segment.flags;
      window = segment.window;
      length = segment.data.length;
      urgent = segment.urgentOffset >= 0;
      icmpText = null;
    } else if (packet instanceof UdpPacket) {
      UdpPacket datagram = (UdpPacket) packet;
      protocol = UDP;
      source = datagram.source;
      destination = datagram.destination;
      sourcePort = datagram.sourcePort;
      destinationPort = datagram.destinationPort;
      seq = 0;
      ack = 0;
      flags = 0;
      window = 0;
      length = datagram.data.length;
      urgent = false;
      icmpText = null;
    } else {
      protocol = packet == null ? 0 : ICMP;
      source = null;
      destination = null;
      sourcePort = 0;
      destinationPort = 0;
      seq = 0;
      ack = 0;
      flags = 0;
      window = 0;
      length = 0;
      urgent = false;
      icmpText = packet == null ? null : packet.describe();
    }
  }

  static TraceEvent text(long nanos, String line) {
    return new TraceEvent(nanos, TraceKind.TEXT, line, null, null, 0, false);
  }

  static TraceEvent task(long nanos, TraceKind kind, String host, String task) {
    return new TraceEvent(nanos, kind, host, task, null, 0, false);
  }

  static TraceEvent loopback(long nanos, String host, Packet packet) {
    return new TraceEvent(nanos, TraceKind.LOOPBACK, host, null, packet, 0, true);
  }

  static TraceEvent link(long nanos, TraceKind kind, String from, String to, Packet packet, long detail,
      boolean captured) {
    return new TraceEvent(nanos, kind, from, to, packet, detail, captured);
  }

  /** The packet the pcap shows for this event, or null. */
  Packet capture() {
    return capture;
  }

  /** The payload bytes this event keeps alive for the pcap. */
  int heldPayload() {
    Packet packet = capture;
    if (packet instanceof Segment) {
      return ((Segment) packet).data.length;
    }
    if (packet instanceof UdpPacket) {
      return ((UdpPacket) packet).data.length;
    }
    return packet instanceof IcmpUnreachable ? ((IcmpUnreachable) packet).original.data.length : 0;
  }

  /** Drops the packet: the event keeps its line, and the pcap leaves it out. */
  void letGoOfPayload() {
    capture = null;
  }

  void hashInto(TraceDigest digest) {
    digest.putByte(kind.code);
    digest.putLong(nanos);
    digest.putString(first);
    if (kind == TraceKind.TEXT) {
      return;
    }
    if (second != null) {
      digest.putString(second);
    }
    if (!kind.isPacket()) {
      return;
    }
    digest.putByte(protocol);
    if (protocol == ICMP) {
      digest.putString(icmpText);
    } else {
      digest.putAddress(source);
      digest.putInt(sourcePort);
      digest.putAddress(destination);
      digest.putInt(destinationPort);
      if (protocol == TCP) {
        digest.putLong(seq);
        digest.putLong(ack);
        digest.putInt(flags);
        digest.putInt(window);
        digest.putByte(urgent ? 1 : 0);
      }
      digest.putInt(length);
    }
    digest.putLong(detail);
  }

  /** The event's line: the virtual time in seconds, then what happened. */
  String line() {
    StringBuilder line = new StringBuilder(96);
    SimTrace.appendTime(line, nanos);
    line.append(' ');
    appendWhat(line);
    return line.toString();
  }

  private void appendWhat(StringBuilder line) {
    if (kind == TraceKind.TEXT) {
      line.append(first);
      return;
    }
    line.append(kind.prefix).append(first);
    if (kind.isTask()) {
      line.append('/').append(second);
      return;
    }
    if (second != null) {
      line.append('>').append(second);
    }
    line.append(' ');
    appendPacket(line);
    if (kind == TraceKind.SEND && detail > 0) {
      line.append(" (held back ");
      SimTrace.appendTime(line, detail);
      line.append(')');
    } else if (kind == TraceKind.DROP_LOSS && (int) detail > 1) {
      line.append(" (fragment ").append(detail >>> 32).append(" of ").append((int) detail).append(')');
    }
  }

  /** As {@link Packet#describe()} says it. */
  private void appendPacket(StringBuilder line) {
    if (protocol == ICMP) {
      line.append(icmpText);
      return;
    }
    line.append(protocol == TCP ? "tcp " : "udp ").append(source).append(':').append(sourcePort).append(" > ")
        .append(destination).append(':').append(destinationPort);
    if (protocol == TCP) {
      line.append(" [");
      if ((flags & Segment.SYN) != 0) line.append('S');
      if ((flags & Segment.FIN) != 0) line.append('F');
      if ((flags & Segment.RST) != 0) line.append('R');
      if ((flags & Segment.ACK) != 0) line.append('.');
      if (urgent) line.append('U');
      line.append("] seq ").append(seq).append(" ack ").append(ack).append(" win ").append(window);
    }
    line.append(" len ").append(length);
  }
}
