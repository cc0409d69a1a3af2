package dev.twinsock.sim;

/**
 * The wire between two hosts, in both directions: its latency, jitter and loss, and whether it is
 * cut. Each direction draws from its own random stream, named after the two hosts, so the draws
 * do not depend on what else the network holds. Made by {@link SimNetwork#link}.
 */
public final class SimLink {
  private final SimNetwork network;
  private final SimHost a;
  private final SimHost b;
  private final SeededRandom aToB;
  private final SeededRandom bToA;
  private long latencyNanos;
  private long jitterNanos;
  private double loss;
  private boolean partitioned;

  SimLink(SimNetwork network, SimHost a, SimHost b, long seed) {
    this.network = network;
    this.a = a;
    this.b = b;
    this.aToB = SeededRandom.forName(seed, "link:" + a.name() + "->" + b.name());
    this.bToA = SeededRandom.forName(seed, "link:" + b.name() + "->" + a.name());
  }

  /** The one-way delay of every packet. */
  public SimLink latency(java.time.Duration latency) {
    this.latencyNanos = nonNegative(latency, "latency");
    return this;
  }

  /** An extra delay, drawn uniformly from [0, jitter] per packet; packets may overtake each other. */
  public SimLink jitter(java.time.Duration jitter) {
    this.jitterNanos = nonNegative(jitter, "jitter");
    return this;
  }

  /** The probability, in [0, 1], that a packet is lost. TCP retransmits; UDP does not. */
  public SimLink loss(double probability) {
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException("loss must be within [0, 1]: " + probability);
    }
    this.loss = probability;
    return this;
  }

  /** Cuts the link: every packet is dropped until {@link #repair()}. */
  public SimLink partition() {
    partitioned = true;
    network.trace().record(network.scheduler().now(), "partition " + a.name() + " " + b.name());
    return this;
  }

  /** Mends a {@link #partition()}. */
  public SimLink repair() {
    partitioned = false;
    network.trace().record(network.scheduler().now(), "repair " + a.name() + " " + b.name());
    return this;
  }

  void carry(SimHost from, SimHost to, Packet packet) {
    SimTrace trace = network.trace();
    Scheduler scheduler = network.scheduler();
    String hop = from.name() + ">" + to.name() + " ";
    if (partitioned) {
      trace.record(scheduler.now(), "drop (partition) " + hop + packet.describe());
      return;
    }
    trace.capture(scheduler.now(), packet);
    SeededRandom random = from == a ? aToB : bToA;
    if (loss > 0 && random.nextDouble() < loss) {
      trace.record(scheduler.now(), "drop (loss) " + hop + packet.describe());
      return;
    }
    long delay = latencyNanos + (jitterNanos > 0 ? random.nextLong(jitterNanos + 1) : 0);
    trace.record(scheduler.now(), "send " + hop + packet.describe());
    scheduler.schedule(delay, () -> {
      trace.record(scheduler.now(), "recv " + hop + packet.describe());
      to.stack().receive(packet);
    });
  }

  private static long nonNegative(java.time.Duration d, String what) {
    if (d.isNegative()) {
      throw new IllegalArgumentException(what + " must not be negative: " + d);
    }
    return d.toNanos();
  }
}
