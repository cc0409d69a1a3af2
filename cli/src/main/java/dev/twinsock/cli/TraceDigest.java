package dev.twinsock.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a demo's reader wants from a trace's text lines, and no more: the faults (partitions and
 * their healing, crashes, restarts, timeouts), each retransmitted TCP segment, and counts of
 * packets sent and dropped by reason. A segment counts as retransmitted when the same sender puts
 * the same sequence number and length (with the same SYN/FIN flags) on the wire a second time.
 */
final class TraceDigest {
  /** One line of the story the trace tells, at a virtual time. */
  record Moment(long nanos, String host, String text) {}

  private static final Pattern LINE = Pattern.compile("(\\d+)\\.(\\d{9}) (.*)");
  /** A packet leaving its host: sent, held by a partition, or dropped as it enters the link. */
  private static final Pattern TRANSMISSION = Pattern.compile(
      "(?:send|hold|drop \\((?:partition|loss|queue full)\\)) (\\S+)>(\\S+) (tcp|udp) (.*)");
  private static final Pattern SEGMENT = Pattern.compile(
      "(\\S+) > (\\S+) \\[([SFRU.]*)\\] seq (\\d+) ack \\d+ win \\d+ len (\\d+).*");
  private static final Pattern DROP = Pattern.compile("drop \\(([^)]+)\\) .*");

  private final List<Moment> moments = new ArrayList<>();
  private final TreeMap<String, Integer> drops = new TreeMap<>();
  private final Map<String, Integer> tries = new HashMap<>();
  private int packetsSent;
  private int retransmissions;

  private TraceDigest() {}

  static TraceDigest of(List<String> events) {
    TraceDigest digest = new TraceDigest();
    for (String event : events) {
      Matcher line = LINE.matcher(event);
      if (line.matches()) {
        digest.read(Long.parseLong(line.group(1)) * 1_000_000_000L + Long.parseLong(line.group(2)), line.group(3));
      }
    }
    return digest;
  }

  private void read(long nanos, String event) {
    Matcher drop = DROP.matcher(event);
    if (drop.matches()) {
      drops.merge(drop.group(1), 1, Integer::sum);
    }
    Matcher transmission = TRANSMISSION.matcher(event);
    if (transmission.matches()) {
      packetsSent++;
      if (transmission.group(3).equals("tcp")) {
        segment(nanos, transmission.group(1), transmission.group(2), transmission.group(4));
      }
      return;
    }
    String[] words = event.split(" ");
    switch (words[0]) {
      case "partition" -> moments.add(new Moment(nanos, "network",
          "partition " + event.substring("partition ".length()) + ": packets between the two sides are dropped"));
      case "heal" -> {
        if (words.length > 1) {
          moments.add(new Moment(nanos, "network", "healed: " + event.substring("heal ".length())));
        }
      }
      case "crash" -> moments.add(new Moment(nanos, words[1],
          "CRASH: its tasks stop, its sockets vanish without FIN or RST, packets to it are dropped"));
      case "restart" -> moments.add(new Moment(nanos, words[1],
          "restarted with a fresh kernel; its main task runs again"));
      default -> {
        if (event.startsWith("connect timed out ") || event.startsWith("retransmission timed out ")) {
          moments.add(new Moment(nanos, "network", event));
        }
      }
    }
  }

  private void segment(long nanos, String from, String to, String description) {
    Matcher segment = SEGMENT.matcher(description);
    if (!segment.matches()) {
      return;
    }
    String flags = segment.group(3);
    int length = Integer.parseInt(segment.group(5));
    boolean syn = flags.contains("S");
    boolean fin = flags.contains("F");
    if (length == 0 && !syn && !fin) {
      return; // a bare ACK is never retransmitted, only sent again
    }
    String key = segment.group(1) + ">" + segment.group(2) + " " + flags.replaceAll("[^SF]", "") + " "
        + segment.group(4) + " " + length;
    int attempt = tries.merge(key, 1, Integer::sum);
    if (attempt == 1) {
      return;
    }
    retransmissions++;
    String what = syn ? (flags.contains(".") ? "its SYN-ACK" : "its SYN")
        : length > 0 ? length + " bytes" : "its FIN";
    moments.add(new Moment(nanos, from, "retransmits " + what + " to " + to + ", try " + attempt));
  }

  /** The faults and retransmissions, in the trace's order. */
  List<Moment> moments() {
    return moments;
  }

  /** Packets dropped, by reason, in the reasons' alphabetical order. */
  Map<String, Integer> drops() {
    return drops;
  }

  int packetsSent() {
    return packetsSent;
  }

  int retransmissions() {
    return retransmissions;
  }
}
