package dev.twinsock.faults;

import dev.twinsock.sim.SimNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The TCP segments a simulation sent, read back from its pcap (the sim's public record of every
 * packet, those a partition or loss then dropped included): the sim's equivalent of what
 * tcp_info and nft counters tell of the kernel.
 */
final class SimPackets {
  static final int SYN = 0x02;
  static final int ACK = 0x10;

  /** One segment as it left its host. */
  record TcpSegment(long nanos, String source, int sourcePort, String destination, int destinationPort, int flags,
      long seq, int length) {
    boolean is(int flag) {
      return (flags & flag) != 0;
    }
  }

  private final List<TcpSegment> segments;

  private SimPackets(List<TcpSegment> segments) {
    this.segments = segments;
  }

  static SimPackets of(SimNetwork net) {
    try {
      Path file = Files.createTempFile("kernel-faults", ".pcap");
      try {
        net.trace().writePcap(file);
        return new SimPackets(parse(Files.readAllBytes(file)));
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Segments from {@code source} to {@code destination} (IPv4 addresses). */
  List<TcpSegment> from(String source, String destination) {
    List<TcpSegment> out = new ArrayList<>();
    for (TcpSegment s : segments) {
      if (s.source.equals(source) && s.destination.equals(destination)) {
        out.add(s);
      }
    }
    return out;
  }

  /**
   * When {@code source} sent a segment again (a SYN after its first, or data or a FIN that starts
   * below the highest sequence number sent before), in virtual nanoseconds.
   */
  List<Long> retransmissions(String source, String destination) {
    List<Long> times = new ArrayList<>();
    Map<Integer, Long> highest = new HashMap<>();
    boolean synSeen = false;
    for (TcpSegment s : from(source, destination)) {
      if (s.is(SYN) && !s.is(ACK)) {
        if (synSeen) {
          times.add(s.nanos);
        }
        synSeen = true;
        continue;
      }
      boolean fin = (s.flags & 0x01) != 0;
      int span = s.length + (fin ? 1 : 0);
      if (span == 0) {
        continue;
      }
      Long high = highest.get(s.sourcePort);
      if (high != null && seqLess(s.seq, high)) {
        times.add(s.nanos);
      }
      long end = (s.seq + span) & 0xffffffffL;
      if (high == null || seqLess(high, end)) {
        highest.put(s.sourcePort, end);
      }
    }
    return times;
  }

  private static boolean seqLess(long a, long b) {
    return (int) (a - b) < 0;
  }

  private static List<TcpSegment> parse(byte[] file) {
    ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    int magic = in.getInt(0);
    boolean nanos = magic == 0xa1b23c4d;
    if (!nanos && magic != 0xa1b2c3d4) {
      throw new IllegalStateException("not a little-endian pcap: magic " + Integer.toHexString(magic));
    }
    int linkType = in.getInt(20);
    int linkHeader = linkType == 1 ? 14 : 0;
    List<TcpSegment> out = new ArrayList<>();
    int at = 24;
    while (at + 16 <= file.length) {
      long seconds = in.getInt(at) & 0xffffffffL;
      long fraction = in.getInt(at + 4) & 0xffffffffL;
      int captured = in.getInt(at + 8);
      int ip = at + 16 + linkHeader;
      at += 16 + captured;
      if ((file[ip] >> 4) != 4 || file[ip + 9] != 6) {
        continue; // IPv4 TCP only: the scenarios use nothing else
      }
      ByteBuffer be = ByteBuffer.wrap(file).order(ByteOrder.BIG_ENDIAN);
      int ihl = (file[ip] & 0x0f) * 4;
      int total = be.getShort(ip + 2) & 0xffff;
      int tcp = ip + ihl;
      int dataOffset = ((file[tcp + 12] >> 4) & 0x0f) * 4;
      out.add(new TcpSegment(seconds * 1_000_000_000L + (nanos ? fraction : fraction * 1000),
          address(file, ip + 12), be.getShort(tcp) & 0xffff, address(file, ip + 16), be.getShort(tcp + 2) & 0xffff,
          file[tcp + 13] & 0xff, be.getInt(tcp + 4) & 0xffffffffL, total - ihl - dataOffset));
    }
    return out;
  }

  private static String address(byte[] b, int at) {
    return (b[at] & 0xff) + "." + (b[at + 1] & 0xff) + "." + (b[at + 2] & 0xff) + "." + (b[at + 3] & 0xff);
  }
}
