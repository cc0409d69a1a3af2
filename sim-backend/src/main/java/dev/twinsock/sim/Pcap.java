package dev.twinsock.sim;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Encodes captured packets as a classic pcap file of Ethernet frames (LINKTYPE_ETHERNET) with
 * nanosecond virtual timestamps: synthesized MAC addresses (02:00 and the IP address's last four
 * bytes; zeros on loopback, as Linux's lo), real IPv4/IPv6, TCP, UDP and ICMP headers and
 * checksums. TCP headers carry the connection's sequence and acknowledgement numbers (modulo
 * 2^32), flags and window; SYNs carry the MSS, SACK-permitted and a window scale of 7, ACKs with
 * out-of-order data held carry SACK blocks, and later windows are
 * scaled by it, as Linux does, so Wireshark's sequence analysis reads the streams.
 */
final class Pcap {
  private static final int LINKTYPE_ETHERNET = 1;
  static final int WINDOW_SCALE = 7;

  private Pcap() {}

  static byte[] file(List<SimTrace.Capture> captures) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    header.putInt(0xa1b23c4d); // nanosecond timestamps
    header.putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144).putInt(LINKTYPE_ETHERNET);
    out.writeBytes(header.array());
    for (SimTrace.Capture capture : captures) {
      byte[] packet = ethernet(capture.packet);
      ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
      record.putInt((int) (capture.nanos / 1_000_000_000L)).putInt((int) (capture.nanos % 1_000_000_000L));
      record.putInt(packet.length).putInt(packet.length);
      out.writeBytes(record.array());
      out.writeBytes(packet);
    }
    return out.toByteArray();
  }

  static byte[] ethernet(Packet packet) {
    byte[] ip = ip(packet);
    ByteBuffer frame = ByteBuffer.allocate(14 + ip.length);
    frame.put(mac(packet.destination())).put(mac(packet.source()))
        .putShort((short) (packet.source().isV4() ? 0x0800 : 0x86dd)).put(ip);
    return frame.array();
  }

  private static byte[] mac(IpAddress address) {
    if (address.isLoopback()) {
      return new byte[6];
    }
    if (address.isBroadcast()) {
      return new byte[] {-1, -1, -1, -1, -1, -1};
    }
    byte[] ip = address.bytes();
    return new byte[] {2, 0, ip[ip.length - 4], ip[ip.length - 3], ip[ip.length - 2], ip[ip.length - 1]};
  }

  /** The length of the packet on the wire, IP header included. */
  static int ipLength(Packet packet) {
    int header = packet.source().isV4() ? 20 : 40;
    if (packet instanceof Segment) {
      return header + tcpHeaderLength((Segment) packet) + ((Segment) packet).data.length;
    }
    if (packet instanceof UdpPacket) {
      return header + 8 + ((UdpPacket) packet).data.length;
    }
    return ip(packet).length;
  }

  static byte[] ip(Packet packet) {
    int protocol;
    byte[] payload;
    if (packet instanceof Segment) {
      protocol = 6;
      payload = tcp((Segment) packet);
    } else if (packet instanceof UdpPacket) {
      protocol = 17;
      payload = udp((UdpPacket) packet);
    } else {
      IcmpUnreachable icmp = (IcmpUnreachable) packet;
      boolean v4 = icmp.source.isV4();
      protocol = v4 ? 1 : 58;
      payload = icmp(icmp, v4);
    }
    return wrap(packet.source(), packet.destination(), protocol, payload);
  }

  private static byte[] wrap(IpAddress source, IpAddress destination, int protocol, byte[] payload) {
    if (source.isV4()) {
      ByteBuffer ip = ByteBuffer.allocate(20 + payload.length);
      ip.put((byte) 0x45).put((byte) 0).putShort((short) (20 + payload.length)).putShort((short) 0)
          .putShort((short) 0x4000).put((byte) 64).put((byte) protocol).putShort((short) 0)
          .put(source.bytes()).put(destination.bytes());
      byte[] bytes = ip.array();
      int sum = checksum(bytes, 0, 20, 0);
      bytes[10] = (byte) (sum >> 8);
      bytes[11] = (byte) sum;
      System.arraycopy(payload, 0, bytes, 20, payload.length);
      fillTransportChecksum(bytes, 20, source, destination, protocol, payload.length);
      return bytes;
    }
    ByteBuffer ip = ByteBuffer.allocate(40 + payload.length);
    ip.putInt(0x60000000).putShort((short) payload.length).put((byte) protocol).put((byte) 64)
        .put(source.bytes()).put(destination.bytes()).put(payload);
    byte[] bytes = ip.array();
    fillTransportChecksum(bytes, 40, source, destination, protocol, payload.length);
    return bytes;
  }

  private static void fillTransportChecksum(byte[] bytes, int at, IpAddress source, IpAddress destination,
      int protocol, int length) {
    int offset;
    boolean pseudo = true;
    switch (protocol) {
      case 6: offset = 16; break;
      case 17: offset = 6; break;
      case 1: offset = 2; pseudo = false; break;
      default: offset = 2; break;
    }
    int initial = 0;
    if (pseudo) {
      byte[] s = source.bytes();
      byte[] d = destination.bytes();
      initial = sum(s, 0, s.length, 0);
      initial = sum(d, 0, d.length, initial);
      initial += protocol + length;
    }
    int checksum = checksum(bytes, at, length, initial);
    if (protocol == 17 && checksum == 0) {
      checksum = 0xffff;
    }
    bytes[at + offset] = (byte) (checksum >> 8);
    bytes[at + offset + 1] = (byte) checksum;
  }

  private static int sum(byte[] data, int at, int length, int initial) {
    long sum = initial;
    for (int i = 0; i < length; i += 2) {
      int high = data[at + i] & 0xff;
      int low = i + 1 < length ? data[at + i + 1] & 0xff : 0;
      sum += (high << 8) | low;
    }
    while ((sum >> 16) != 0) {
      sum = (sum & 0xffff) + (sum >> 16);
    }
    return (int) sum;
  }

  private static int checksum(byte[] data, int at, int length, int initial) {
    return ~sum(data, at, length, initial) & 0xffff;
  }

  private static int tcpHeaderLength(Segment segment) {
    return segment.has(Segment.SYN) ? 32 : segment.sack.length > 0 ? 24 + 4 * segment.sack.length : 20;
  }

  private static byte[] tcp(Segment segment) {
    int headerLength = tcpHeaderLength(segment);
    ByteBuffer tcp = ByteBuffer.allocate(headerLength + segment.data.length);
    int flags = segment.flags & 0x3f;
    if (segment.urgentOffset >= 0) {
      flags |= 0x20;
    }
    boolean syn = segment.has(Segment.SYN);
    // a SYN's window is never scaled; later ones are, by the shift both SYNs announce
    int window = syn ? Math.min(segment.window, 65535) : Math.min(segment.window >> WINDOW_SCALE, 65535);
    tcp.putShort((short) segment.sourcePort).putShort((short) segment.destinationPort)
        .putInt((int) segment.seq).putInt((int) segment.ack)
        .put((byte) ((headerLength / 4) << 4)).put((byte) flags).putShort((short) window)
        .putShort((short) 0).putShort((short) (segment.urgentOffset >= 0 ? segment.urgentOffset + 1 : 0));
    if (syn) {
      // MSS, NOP, NOP, SACK permitted, NOP, window scale (Linux's order without timestamps)
      tcp.put((byte) 2).put((byte) 4).putShort((short) Math.min(segment.mss, 65535))
          .put((byte) 1).put((byte) 1).put((byte) 4).put((byte) 2)
          .put((byte) 1).put((byte) 3).put((byte) 3).put((byte) WINDOW_SCALE);
    } else if (segment.sack.length > 0) {
      // NOP, NOP, SACK with its blocks' edges (modulo 2^32, as the sequence numbers)
      tcp.put((byte) 1).put((byte) 1).put((byte) 5).put((byte) (2 + 4 * segment.sack.length));
      for (long edge : segment.sack) {
        tcp.putInt((int) edge);
      }
    }
    tcp.put(segment.data);
    return tcp.array();
  }

  private static byte[] udp(UdpPacket packet) {
    ByteBuffer udp = ByteBuffer.allocate(8 + packet.data.length);
    udp.putShort((short) packet.sourcePort).putShort((short) packet.destinationPort)
        .putShort((short) (8 + packet.data.length)).putShort((short) 0).put(packet.data);
    return udp.array();
  }

  private static byte[] icmp(IcmpUnreachable icmp, boolean v4) {
    byte[] original = wrap(icmp.original.source, icmp.original.destination, 17, udp(icmp.original));
    int quoted = Math.min(original.length, v4 ? 28 : 1232);
    ByteBuffer message = ByteBuffer.allocate(8 + quoted);
    message.put((byte) (v4 ? 3 : 1)).put((byte) (v4 ? 3 : 4)).putShort((short) 0).putInt(0)
        .put(original, 0, quoted);
    return message.array();
  }
}
