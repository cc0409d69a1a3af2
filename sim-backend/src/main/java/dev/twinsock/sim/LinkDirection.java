package dev.twinsock.sim;

import java.util.ArrayDeque;

/**
 * One direction of a link: its settings, its seeded streams (one per kind of fault, so that turning
 * on duplication does not shift which packets are lost), and the state of its bandwidth queue.
 */
final class LinkDirection {
  final SimHost from;
  final SimHost to;
  final LinkSettings settings = new LinkSettings();
  /** Loss and jitter: the stream links have always drawn from. */
  final SeededRandom random;
  final SeededRandom latencyRandom;
  final SeededRandom duplicationRandom;
  final SeededRandom reorderRandom;
  /** Cut by {@link SimLink#partition()}. */
  boolean cut;
  /** When the last queued packet has left the interface. */
  private long busyUntil;
  /** (finish time, bytes) of each packet still in the bandwidth queue. */
  private final ArrayDeque<long[]> queue = new ArrayDeque<>();
  private long queuedBytes;

  LinkDirection(SimHost from, SimHost to, long seed) {
    this.from = from;
    this.to = to;
    String name = "link:" + from.name() + "->" + to.name();
    this.random = SeededRandom.forName(seed, name);
    this.latencyRandom = SeededRandom.forName(seed, name + ":latency");
    this.duplicationRandom = SeededRandom.forName(seed, name + ":duplication");
    this.reorderRandom = SeededRandom.forName(seed, name + ":reorder");
  }

  String hop() {
    return from.name() + ">" + to.name();
  }

  double loss(LinkSettings defaults) {
    return settings.loss != null ? settings.loss : defaults.loss != null ? defaults.loss : 0;
  }

  double duplication(LinkSettings defaults) {
    return settings.duplication != null ? settings.duplication : defaults.duplication != null ? defaults.duplication : 0;
  }

  double reorder(LinkSettings defaults) {
    return settings.reorder != null ? settings.reorder : defaults.reorder != null ? defaults.reorder : 0;
  }

  long reorderWindow(LinkSettings defaults) {
    return settings.reorderWindowNanos != null ? settings.reorderWindowNanos
        : defaults.reorderWindowNanos != null ? defaults.reorderWindowNanos : LinkSettings.DEFAULT_REORDER_WINDOW;
  }

  long bandwidth(LinkSettings defaults) {
    return settings.bandwidth != null ? settings.bandwidth : defaults.bandwidth != null ? defaults.bandwidth : 0;
  }

  int queueBytes(LinkSettings defaults) {
    return settings.queueBytes != null ? settings.queueBytes
        : defaults.queueBytes != null ? defaults.queueBytes : LinkSettings.DEFAULT_QUEUE_BYTES;
  }

  int mtu(LinkSettings defaults) {
    return settings.mtu != null ? settings.mtu : defaults.mtu != null ? defaults.mtu : LinkSettings.ETHERNET_MTU;
  }

  /** The propagation delay of one packet: latency plus jitter. */
  long delay(LinkSettings defaults) {
    Latency latency = settings.latency != null ? settings.latency : defaults.latency;
    long nanos = 0;
    if (latency != null) {
      nanos = Math.max(0, latency.sample(latencyRandom::nextDouble).toNanos());
    }
    long jitter = settings.jitterNanos != null ? settings.jitterNanos : defaults.jitterNanos != null ? defaults.jitterNanos : 0;
    if (jitter > 0) {
      nanos += random.nextLong(jitter + 1);
    }
    return nanos;
  }

  /**
   * Puts {@code bytes} into the bandwidth queue at {@code now}: the nanoseconds until it has left
   * the interface, or -1 if the queue is full (drop-tail). Zero when the link has no bandwidth set.
   */
  long enqueue(long now, int bytes, LinkSettings defaults) {
    long bandwidth = bandwidth(defaults);
    if (bandwidth <= 0) {
      return 0;
    }
    while (!queue.isEmpty() && queue.peekFirst()[0] <= now) {
      queuedBytes -= queue.pollFirst()[1];
    }
    if (queuedBytes + bytes > queueBytes(defaults)) {
      return -1;
    }
    long start = Math.max(now, busyUntil);
    long finish = start + Math.max(1, (long) Math.ceil(bytes * 1e9 / bandwidth));
    busyUntil = finish;
    queue.addLast(new long[] {finish, bytes});
    queuedBytes += bytes;
    return finish - now;
  }
}
