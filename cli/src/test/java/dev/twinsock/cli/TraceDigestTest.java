package dev.twinsock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What the demo reads from trace lines: retransmissions told from first sends, drops by reason, the faults. */
class TraceDigestTest {
  private static final String DATA = "a>b tcp 10.0.0.1:40000 > 10.0.0.2:7 [.] seq 100 ack 5 win 65535 len 18";
  private static final String ACK = "b>a tcp 10.0.0.2:7 > 10.0.0.1:40000 [.] seq 5 ack 118 win 65535 len 0";
  private static final String SYN = "a>b tcp 10.0.0.1:40001 > 10.0.0.2:7 [S] seq 900 ack 0 win 65535 len 0";
  private static final String SYN_ACK = "b>a tcp 10.0.0.2:7 > 10.0.0.1:40001 [S.] seq 300 ack 901 win 65535 len 0";
  private static final String FIN = "b>a tcp 10.0.0.2:7 > 10.0.0.1:40000 [F.] seq 5 ack 118 win 65535 len 0";

  private static List<String> texts(TraceDigest digest) {
    return digest.moments().stream().map(m -> m.nanos() + " " + m.host() + " " + m.text()).collect(Collectors.toList());
  }

  @Test
  void aSegmentSentAgainIsARetransmissionWhateverBecameOfTheFirstTry() {
    TraceDigest digest = TraceDigest.of(List.of(
        "0.000000000 drop (partition) " + DATA,
        "0.200000000 drop (loss) " + DATA,
        "0.600000000 send " + DATA,
        "0.600000000 dup " + DATA,          // the link's copy: not sent again by the host
        "0.700000000 recv " + DATA,
        "0.700000000 send " + ACK,
        "0.800000000 send " + ACK,          // a bare ACK again is no retransmission
        "1.000000000 send " + SYN,
        "2.000000000 hold " + SYN,
        "2.100000000 send " + SYN_ACK,
        "2.300000000 send " + SYN_ACK,
        "3.000000000 send " + FIN,
        "3.200000000 send " + FIN));
    assertEquals(List.of(
        "200000000 a retransmits 18 bytes to b, try 2",
        "600000000 a retransmits 18 bytes to b, try 3",
        "2000000000 a retransmits its SYN to b, try 2",
        "2300000000 b retransmits its SYN-ACK to a, try 2",
        "3200000000 b retransmits its FIN to a, try 2"), texts(digest));
    assertEquals(5, digest.retransmissions());
    assertEquals(11, digest.packetsSent());
    assertEquals(Map.of("loss", 1, "partition", 1), digest.drops());
  }

  @Test
  void faultsBecomeMomentsAndEveryDropCountsByItsReason() {
    TraceDigest digest = TraceDigest.of(List.of(
        "0.000000000 host a 10.0.0.1",
        "1.500000000 partition a | b",
        "2.000000000 drop (partition) " + ACK,
        "3.500000000 heal partition a | b",
        "3.500000000 heal",
        "4.000000000 crash b",
        "4.100000000 drop (crashed host) " + DATA,
        "5.000000000 restart b",
        "6.000000000 drop (accept queue full) " + SYN,
        "7.000000000 connect timed out 10.0.0.1:40001 > 10.0.0.2:7",
        "not a trace line"));
    assertEquals(List.of(
        "1500000000 network partition a | b: packets between the two sides are dropped",
        "3500000000 network healed: partition a | b",
        "4000000000 b CRASH: its tasks stop, its sockets vanish without FIN or RST, packets to it are dropped",
        "5000000000 b restarted with a fresh kernel; its main task runs again",
        "7000000000 network connect timed out 10.0.0.1:40001 > 10.0.0.2:7"), texts(digest));
    assertEquals(Map.of("partition", 1, "crashed host", 1, "accept queue full", 1), digest.drops());
    assertEquals(1, digest.packetsSent(), "only the drop at the cut is a packet leaving its host");
    assertEquals(0, digest.retransmissions());
  }
}
