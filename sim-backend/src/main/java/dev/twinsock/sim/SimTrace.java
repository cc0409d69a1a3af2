package dev.twinsock.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The record of a simulation: every packet sent, delivered, duplicated, held or dropped (with the
 * reason: loss, partition, queue full, crashed host), every task switch and every fault, each with
 * its virtual time. Equal seeds and programs give equal traces, which {@link #hash()} condenses
 * into one string to compare across runs and machines. {@link #toText()} renders the timeline,
 * {@link #writePcap} the packets; each event also goes to the slf4j logger {@code
 * dev.twinsock.sim.SimTrace} at debug level.
 */
public final class SimTrace {
  private static final Logger LOG = LoggerFactory.getLogger(SimTrace.class);
  private final List<String> events = new ArrayList<>();
  private final List<Capture> packets = new ArrayList<>();
  private final MessageDigest digest;
  private boolean keepEvents = true;

  SimTrace() {
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  void keepEvents(boolean keep) {
    this.keepEvents = keep;
  }

  void record(long nanos, String event) {
    String line = time(nanos) + " " + event;
    digest.update(line.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) '\n');
    if (keepEvents) {
      events.add(line);
    }
    LOG.debug(line);
  }

  /** Records a packet as it leaves its host, for {@link #writePcap}. */
  void capture(long nanos, Packet packet) {
    if (keepEvents) {
      packets.add(new Capture(nanos, packet));
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
   * Writes every packet sent so far (including over loopback, and those a link then lost) as a
   * pcap file of raw IP packets, timestamped with virtual time, for Wireshark or tcpdump.
   */
  public void writePcap(Path file) throws IOException {
    Files.write(file, Pcap.file(packets));
  }

  /** The events so far, one line each: the virtual time in seconds, then what happened. */
  public List<String> events() {
    return Collections.unmodifiableList(events);
  }

  /**
   * The events so far as a timeline, one per line: virtual time in seconds (right-aligned, to the
   * nanosecond), then what happened — {@code send}, {@code recv}, {@code dup}, {@code hold}, {@code
   * release}, {@code drop (reason)}, {@code fault ...}, {@code crash}, {@code run} and so on.
   */
  public String toText() {
    int width = 0;
    for (String line : events) {
      width = Math.max(width, line.indexOf(' '));
    }
    StringBuilder text = new StringBuilder();
    for (String line : events) {
      int space = line.indexOf(' ');
      text.append(" ".repeat(width - space)).append(line, 0, space).append(" s  ").append(line, space + 1, line.length())
          .append('\n');
    }
    return text.toString();
  }

  /** A SHA-256 of every event so far, in hex: equal for equal (seed, program). */
  public String hash() {
    try {
      byte[] sum = ((MessageDigest) digest.clone()).digest();
      StringBuilder hex = new StringBuilder();
      for (byte b : sum) {
        hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
      }
      return hex.toString();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("SHA-256 digests are cloneable", e);
    }
  }

  /** Virtual nanoseconds as seconds with nine decimals, the trace's time format. */
  static String time(long nanos) {
    return String.format(java.util.Locale.ROOT, "%d.%09d", nanos / 1_000_000_000L, nanos % 1_000_000_000L);
  }
}
