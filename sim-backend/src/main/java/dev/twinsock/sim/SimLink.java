package dev.twinsock.sim;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The faults of the wire between two hosts: latency and jitter, loss, duplication, reordering,
 * bandwidth with a bounded queue, MTU, and whether it is cut. Made by {@link SimNetwork#link}, it
 * sets both directions; {@link #from(SimHost)} narrows it to one direction, and {@link
 * SimNetwork#linkDefaults()} sets what every direction uses where it sets nothing itself. Any
 * setting may change at any moment of a run; packets already under way keep their delay.
 *
 * <p>Each direction draws from its own seeded streams, one per kind of fault and named after the two
 * hosts, so neither the rest of the network nor turning on another fault changes what a direction
 * draws.
 */
public final class SimLink {
  private final SimNetwork network;
  private final String name;
  private final List<LinkSettings> targets;
  private final List<LinkDirection> directions;

  SimLink(SimNetwork network, String name, List<LinkSettings> targets, List<LinkDirection> directions) {
    this.network = network;
    this.name = name;
    this.targets = targets;
    this.directions = directions;
  }

  /** Only the direction that starts at {@code from}. */
  public SimLink from(SimHost from) {
    for (LinkDirection direction : directions) {
      if (direction.from == from) {
        return new SimLink(network, direction.hop(), List.of(direction.settings), List.of(direction));
      }
    }
    throw new IllegalArgumentException(from + " is not an end of the link " + name);
  }

  /** The same one-way delay for every packet. */
  public SimLink latency(Duration latency) {
    return latency(Latency.constant(latency));
  }

  /** The one-way delay, drawn per packet (constant, uniform, exponential or a function). */
  public SimLink latency(Latency latency) {
    if (latency == null) {
      throw new IllegalArgumentException("latency must not be null");
    }
    targets.forEach(t -> t.latency = latency);
    return changed("latency " + latency);
  }

  /** An extra delay drawn uniformly from [0, jitter] per packet; packets may overtake each other. */
  public SimLink jitter(Duration jitter) {
    long nanos = nonNegative(jitter, "jitter");
    targets.forEach(t -> t.jitterNanos = nanos);
    return changed("jitter " + SimTrace.time(nanos));
  }

  /** The probability, in [0, 1], that a packet is lost. TCP retransmits; UDP does not. */
  public SimLink loss(double probability) {
    double p = probability(probability, "loss");
    targets.forEach(t -> t.loss = p);
    return changed("loss " + rate(p));
  }

  /** The probability, in [0, 1], that a packet arrives twice (the copy with its own delay). */
  public SimLink duplication(double probability) {
    double p = probability(probability, "duplication");
    targets.forEach(t -> t.duplication = p);
    return changed("duplication " + rate(p));
  }

  /**
   * The probability, in [0, 1], that a packet is held back by an extra delay of up to 10 ms, so
   * later packets overtake it. TCP puts its segments back in order; UDP datagrams arrive reordered.
   */
  public SimLink reorder(double probability) {
    return reorder(probability, Duration.ofNanos(LinkSettings.DEFAULT_REORDER_WINDOW));
  }

  /** As {@link #reorder(double)}, holding packets back by up to {@code window}. */
  public SimLink reorder(double probability, Duration window) {
    double p = probability(probability, "reorder");
    long nanos = nonNegative(window, "reorder window");
    targets.forEach(t -> {
      t.reorder = p;
      t.reorderWindowNanos = nanos;
    });
    return changed("reorder " + rate(p) + " within " + SimTrace.time(nanos));
  }

  /**
   * A bottleneck of {@code bytesPerSecond} (0 = unlimited) with a queue of {@code queueBytes}: a
   * packet waits for those ahead of it to leave, and is dropped when the queue is full (drop-tail).
   */
  public SimLink bandwidth(long bytesPerSecond, int queueBytes) {
    if (bytesPerSecond < 0 || queueBytes < 0) {
      throw new IllegalArgumentException("bandwidth and queue must not be negative: " + bytesPerSecond + ", " + queueBytes);
    }
    targets.forEach(t -> {
      t.bandwidth = bytesPerSecond;
      t.queueBytes = queueBytes;
    });
    return changed("bandwidth " + bytesPerSecond + " B/s queue " + queueBytes + " B");
  }

  /**
   * The largest IP packet the link carries (default 1500). TCP connections made afterwards use a
   * segment size that fits (the MTU less 52 bytes of IPv4, TCP and timestamp headers); a larger
   * packet crosses as fragments, and is lost if any fragment is.
   */
  public SimLink mtu(int mtu) {
    if (mtu < 576 || mtu > 65535) {
      throw new IllegalArgumentException("mtu must be within [576, 65535]: " + mtu);
    }
    targets.forEach(t -> t.mtu = mtu);
    return changed("mtu " + mtu);
  }

  /** Cuts the link: every packet on it, and every one sent later, is dropped until {@link #repair()}. */
  public SimLink partition() {
    requireDirections("partition");
    directions.forEach(d -> d.cut = true);
    network.trace().record(network.scheduler().now(), "partition " + name);
    network.dropInFlight((from, to) -> directions.stream().anyMatch(d -> d.from == from && d.to == to));
    return this;
  }

  /** Mends a {@link #partition()}. */
  public SimLink repair() {
    requireDirections("repair");
    directions.forEach(d -> d.cut = false);
    network.trace().record(network.scheduler().now(), "repair " + name);
    return this;
  }

  private void requireDirections(String verb) {
    if (directions.isEmpty()) {
      throw new IllegalStateException(verb + " needs a link; the defaults have none (see SimNetwork#partition)");
    }
  }

  private SimLink changed(String what) {
    network.trace().record(network.scheduler().now(), "link " + name + " " + what);
    return this;
  }

  private static String rate(double p) {
    return String.format(Locale.ROOT, "%.4f", p);
  }

  private static double probability(double p, String what) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(what + " must be within [0, 1]: " + p);
    }
    return p;
  }

  private static long nonNegative(Duration d, String what) {
    if (d == null || d.isNegative()) {
      throw new IllegalArgumentException(what + " must not be negative: " + d);
    }
    return d.toNanos();
  }

  @Override
  public String toString() {
    return "SimLink[" + name + "]";
  }
}
