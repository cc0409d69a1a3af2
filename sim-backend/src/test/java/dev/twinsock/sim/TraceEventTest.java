package dev.twinsock.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** A compact trace event renders the line the trace has always written, and hashes every field. */
class TraceEventTest {
  private static final IpAddress A = IpAddress.parse("10.0.0.1");
  private static final IpAddress B = IpAddress.parse("fd00::2");

  @Test
  void aPacketEventReadsAsThePacketDescribesItself() {
    Segment syn = new Segment(A, 40000, A, 80, 7, 0, Segment.SYN, 65535, new byte[0]);
    Segment urgent = new Segment(B, 1, B, 2, 1L << 40, 99, Segment.ACK | Segment.FIN | Segment.RST, 3, new byte[5], 2);
    UdpPacket datagram = new UdpPacket(A, 5000, IpAddress.BROADCAST4, 53, new byte[12]);
    IcmpUnreachable icmp = new IcmpUnreachable(A, A, datagram);
    for (Packet packet : new Packet[] {syn, urgent, datagram, icmp}) {
      assertEquals("12.000000345 send a>b " + packet.describe(),
          TraceEvent.link(12_000_000_345L, TraceKind.SEND, "a", "b", packet, 0, true).line());
      assertEquals("0.000000000 lo a " + packet.describe(), TraceEvent.loopback(0, "a", packet).line());
      assertEquals("1.000000000 drop (crashed host) b>a " + packet.describe(),
          TraceEvent.link(1_000_000_000L, TraceKind.DROP_CRASHED_HOST, "b", "a", packet, 0, false).line());
    }
    assertEquals("0.000000001 send a>b " + syn.describe() + " (held back 0.002000001)",
        TraceEvent.link(1, TraceKind.SEND, "a", "b", syn, 2_000_001, true).line());
    assertEquals("0.000000001 drop (loss) a>b " + syn.describe() + " (fragment 2 of 3)",
        TraceEvent.link(1, TraceKind.DROP_LOSS, "a", "b", syn, 2L << 32 | 3, true).line());
    assertEquals("0.000000001 drop (loss) a>b " + syn.describe(),
        TraceEvent.link(1, TraceKind.DROP_LOSS, "a", "b", syn, 1L << 32 | 1, true).line());
  }

  @Test
  void taskAndTextEventsReadAsBefore() {
    assertEquals("3.141592653 run host/task", TraceEvent.task(3_141_592_653L, TraceKind.RUN, "host", "task").line());
    assertEquals("0.000001000 spawn h/t", TraceEvent.task(1000, TraceKind.SPAWN, "h", "t").line());
    assertEquals("0.000000000 end h/t", TraceEvent.task(0, TraceKind.END, "h", "t").line());
    assertEquals("100000.000000000 heal", TraceEvent.text(100_000_000_000_000L, "heal").line());
  }

  @Test
  void theTimeReadsAsTheFormatterWroteIt() {
    for (long nanos : new long[] {0, 1, 999_999_999, 1_000_000_000, 123_456_789_012L, Long.MAX_VALUE, -1, -1_500_000_000L}) {
      assertEquals(String.format(java.util.Locale.ROOT, "%d.%09d", nanos / 1_000_000_000L, nanos % 1_000_000_000L),
          SimTrace.time(nanos));
    }
  }

  @Test
  void everyFieldOfAnEventReachesTheHash() {
    Segment base = new Segment(A, 1, A, 2, 3, 4, Segment.ACK, 5, new byte[6]);
    String hash = hash(TraceEvent.link(7, TraceKind.SEND, "a", "b", base, 0, true));
    Segment[] variants = {
        new Segment(B, 1, A, 2, 3, 4, Segment.ACK, 5, new byte[6]),
        new Segment(A, 9, A, 2, 3, 4, Segment.ACK, 5, new byte[6]),
        new Segment(A, 1, B, 2, 3, 4, Segment.ACK, 5, new byte[6]),
        new Segment(A, 1, A, 9, 3, 4, Segment.ACK, 5, new byte[6]),
        new Segment(A, 1, A, 2, 9, 4, Segment.ACK, 5, new byte[6]),
        new Segment(A, 1, A, 2, 3, 9, Segment.ACK, 5, new byte[6]),
        new Segment(A, 1, A, 2, 3, 4, Segment.ACK | Segment.FIN, 5, new byte[6]),
        new Segment(A, 1, A, 2, 3, 4, Segment.ACK, 9, new byte[6]),
        new Segment(A, 1, A, 2, 3, 4, Segment.ACK, 5, new byte[9]),
        new Segment(A, 1, A, 2, 3, 4, Segment.ACK, 5, new byte[6], 0),
    };
    for (Segment variant : variants) {
      assertNotEquals(hash, hash(TraceEvent.link(7, TraceKind.SEND, "a", "b", variant, 0, true)), variant.describe());
    }
    assertNotEquals(hash, hash(TraceEvent.link(8, TraceKind.SEND, "a", "b", base, 0, true)));
    assertNotEquals(hash, hash(TraceEvent.link(7, TraceKind.RECEIVE, "a", "b", base, 0, false)));
    assertNotEquals(hash, hash(TraceEvent.link(7, TraceKind.SEND, "ab", "", base, 0, true)));
    assertNotEquals(hash, hash(TraceEvent.link(7, TraceKind.SEND, "a", "b", base, 1, true)));
    assertEquals(hash, hash(TraceEvent.link(7, TraceKind.SEND, "a", "b", base, 0, false)), "what the pcap keeps is not the run");
    assertNotEquals(hash(TraceEvent.task(0, TraceKind.RUN, "a", "bc")), hash(TraceEvent.task(0, TraceKind.RUN, "ab", "c")));
  }

  private static String hash(TraceEvent event) {
    TraceDigest digest = new TraceDigest();
    event.hashInto(digest);
    return digest.hex();
  }
}
