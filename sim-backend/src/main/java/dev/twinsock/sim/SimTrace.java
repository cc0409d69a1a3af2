package dev.twinsock.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The record of a simulation: every packet sent, delivered, duplicated, held or dropped (with the
 * reason: loss, partition, queue full, crashed host), every task switch and every fault, each with
 * its virtual time.
 *
 * <p>{@link #hash()} condenses <em>every</em> event of the run into one string to compare across
 * runs and machines: equal seeds and programs give equal hashes. The events themselves are kept
 * only in part: by default the newest {@value #DEFAULT_CAPACITY} (a ring, so a long run's heap
 * stays flat), or as many as {@link SimNetwork.Builder#traceCapacity(int)} says — 0 keeps none,
 * {@link Integer#MAX_VALUE} keeps all. {@link #events()} and {@link #toText()} render the kept
 * events as text, which is built only then; {@link #writePcap} writes the packets of the kept
 * events. Each event also goes to the slf4j logger {@code dev.twinsock.sim.SimTrace} at debug
 * level, rendered only when that level is on.
 */
public final class SimTrace {
  /** How many events a network keeps unless its builder says otherwise. */
  public static final int DEFAULT_CAPACITY = 10_000;
  /**
   * The payload bytes the kept events hold for the pcap, unless every event is kept: past it the
   * oldest events keep their lines but their packets leave the pcap.
   */
  static final long PCAP_PAYLOAD_BUDGET = 16L << 20;

  private static final Logger LOG = LoggerFactory.getLogger(SimTrace.class);
  private final TraceDigest digest = new TraceDigest();
  private TraceRing kept = ring(DEFAULT_CAPACITY);
  private long recorded;

  SimTrace() {}

  private static TraceRing ring(int capacity) {
    return new TraceRing(capacity, capacity == Integer.MAX_VALUE ? Long.MAX_VALUE : PCAP_PAYLOAD_BUDGET);
  }

  /** How many events to keep from now on: 0 none, {@link Integer#MAX_VALUE} all. */
  void capacity(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("a trace capacity cannot be negative: " + capacity);
    }
    kept = ring(capacity);
  }

  /** Records an event given as text (for rare events; the frequent ones have their own methods). */
  void record(long nanos, String event) {
    add(TraceEvent.text(nanos, event));
  }

  /** Records a task spawned, run or ended. */
  void task(long nanos, TraceKind kind, String host, String task) {
    add(TraceEvent.task(nanos, kind, host, task));
  }

  /** Records a packet a host sends to itself; the pcap shows it. */
  void loopback(long nanos, String host, Packet packet) {
    add(TraceEvent.loopback(nanos, host, packet));
  }

  /**
   * Records a packet on a link. {@code captured}: this is the packet leaving its sender, which the
   * pcap shows (once per send, whatever the link then does with it).
   */
  void link(long nanos, TraceKind kind, LinkDirection hop, Packet packet, long detail, boolean captured) {
    add(TraceEvent.link(nanos, kind, hop.from.name(), hop.to.name(), packet, detail, captured));
  }

  private void add(TraceEvent event) {
    recorded++;
    event.hashInto(digest);
    kept.add(event);
    if (LOG.isDebugEnabled()) {
      LOG.debug(event.line());
    }
  }

  /** A packet and when it was sent. */
  static final class Capture {
    final long nanos;
    final Packet packet;

    Capture(long nanos, Packet packet) {
      this.nanos = nanos;
      this.packet = packet;
    }
  }

  /**
   * Writes the packets of the kept events (including those sent over loopback, and those a link
   * then lost) as a pcap file of Ethernet frames, timestamped with virtual time, for Wireshark or
   * tcpdump. Unless every event is kept, only the newest 16 MiB of payload is: older packets, and
   * those of events no longer kept, are not in the file.
   */
  public void writePcap(Path file) throws IOException {
    List<Capture> captures = new ArrayList<>();
    kept.forEach(event -> {
      if (event.capture() != null) {
        captures.add(new Capture(event.nanos, event.capture()));
      }
    });
    Files.write(file, Pcap.file(captures));
  }

  /**
   * The kept events, oldest first, one line each: the virtual time in seconds, then what happened.
   * A snapshot, rendered as text by this call.
   */
  public List<String> events() {
    List<String> lines = new ArrayList<>(kept.size());
    kept.forEach(event -> lines.add(event.line()));
    return Collections.unmodifiableList(lines);
  }

  /** How many events the run has recorded so far, kept or not: the number the hash covers. */
  public long recorded() {
    return recorded;
  }

  /**
   * The kept events as a timeline, one per line: virtual time in seconds (right-aligned, to the
   * nanosecond), then what happened — {@code send}, {@code recv}, {@code dup}, {@code hold}, {@code
   * release}, {@code drop (reason)}, {@code fault ...}, {@code crash}, {@code run} and so on.
   */
  public String toText() {
    List<String> lines = events();
    int width = 0;
    for (String line : lines) {
      width = Math.max(width, line.indexOf(' '));
    }
    StringBuilder text = new StringBuilder();
    for (String line : lines) {
      int space = line.indexOf(' ');
      text.append(" ".repeat(width - space)).append(line, 0, space).append(" s  ").append(line, space + 1, line.length())
          .append('\n');
    }
    return text.toString();
  }

  /**
   * A SHA-256 of every event recorded so far (kept or not), in hex, over a binary form of each
   * event's fields: equal for equal (seed, program), on every machine and JVM.
   */
  public String hash() {
    return digest.hex();
  }

  /** Virtual nanoseconds as seconds with nine decimals, the trace's time format. */
  static String time(long nanos) {
    StringBuilder text = new StringBuilder(20);
    appendTime(text, nanos);
    return text.toString();
  }

  /** Appends {@link #time}'s form without a formatter: it runs for every line rendered. */
  static void appendTime(StringBuilder text, long nanos) {
    long seconds = nanos / 1_000_000_000L;
    long fraction = nanos % 1_000_000_000L;
    if (nanos < 0) {
      // never a virtual time; kept as the formatter has always written it
      text.append(String.format(java.util.Locale.ROOT, "%d.%09d", seconds, fraction));
      return;
    }
    text.append(seconds).append('.');
    String digits = Long.toString(fraction);
    for (int i = digits.length(); i < 9; i++) {
      text.append('0');
    }
    text.append(digits);
  }
}
