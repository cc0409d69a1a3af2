package dev.twinsock.sim;

import java.time.Duration;
import java.util.Locale;

/**
 * A set of fault rates for a whole network: the default link's loss, duplication, reordering and
 * latency, and the probability of each socket-level fault the kernel can inject ("buggify"). Every
 * fault is off in {@link #none()}; each {@code with} method returns a new plan. Applied with
 * {@link SimNetwork#faults(FaultPlan)}, at any moment of a run.
 *
 * <p>{@link #swarm(long)} draws every rate from a seed (swarm testing: each run tries a different
 * mix, some faults off altogether), and {@link #toString()} prints the seed with every rate, so
 * the message of a failing run is enough to reproduce it.
 *
 * <pre>{@code
 * FaultPlan plan = FaultPlan.swarm(seed);
 * net.faults(plan);          // a task failure then reports "seed 7, FaultPlan[swarm 7: loss 0.1000, ...]"
 * }</pre>
 */
public final class FaultPlan {
  private static final FaultPlan NONE = new FaultPlan(null, 0, 0, 0, null, new double[Buggify.Site.values().length]);

  private final Long swarmSeed;
  private final double loss;
  private final double duplication;
  private final double reorder;
  private final Latency latency;
  private final double[] sites;

  private FaultPlan(Long swarmSeed, double loss, double duplication, double reorder, Latency latency, double[] sites) {
    this.swarmSeed = swarmSeed;
    this.loss = loss;
    this.duplication = duplication;
    this.reorder = reorder;
    this.latency = latency;
    this.sites = sites;
  }

  /** No faults at all: what a network starts with. */
  public static FaultPlan none() {
    return NONE;
  }

  /**
   * Every rate drawn from {@code seed}: each fault is off with probability one half, otherwise its
   * rate is uniform up to a bound that keeps programs able to make progress (loss up to 0.3,
   * connection resets up to 0.01, latency up to 20 ms).
   */
  public static FaultPlan swarm(long seed) {
    SeededRandom random = SeededRandom.forName(seed, "swarm");
    double loss = draw(random, 0.3);
    double duplication = draw(random, 0.2);
    double reorder = draw(random, 0.3);
    double latencyMillis = draw(random, 20);
    double[] sites = new double[Buggify.Site.values().length];
    double[] bounds = {0.5, 0.5, 0.1, 0.01, 0.3, 0.2, 0.05, 0.1, 0.05};
    for (Buggify.Site site : Buggify.Site.values()) {
      sites[site.ordinal()] = draw(random, bounds[site.ordinal()]);
    }
    Latency latency = Latency.uniform(Duration.ZERO, Duration.ofNanos((long) (latencyMillis * 1_000_000)));
    return new FaultPlan(seed, loss, duplication, reorder, latency, sites);
  }

  /** Off or uniform in [0, bound): always two draws, so each rate's draws stay where they are. */
  private static double draw(SeededRandom random, double bound) {
    boolean on = random.nextDouble() < 0.5;
    double rate = random.nextDouble() * bound;
    return on ? rate : 0;
  }

  /** Probability that a packet between hosts is lost, where a link sets no loss of its own. */
  public FaultPlan withLoss(double p) {
    return new FaultPlan(swarmSeed, check(p), duplication, reorder, latency, sites);
  }

  /** Probability that a packet between hosts arrives twice. */
  public FaultPlan withDuplication(double p) {
    return new FaultPlan(swarmSeed, loss, check(p), reorder, latency, sites);
  }

  /** Probability that a packet between hosts is held back so that later ones overtake it. */
  public FaultPlan withReorder(double p) {
    return new FaultPlan(swarmSeed, loss, duplication, check(p), latency, sites);
  }

  /** The latency of links that set none of their own; null leaves the default link's latency alone. */
  public FaultPlan withLatency(Latency latency) {
    return new FaultPlan(swarmSeed, loss, duplication, reorder, latency, sites);
  }

  /** Probability that a TCP read returns fewer bytes than were there (at least one). */
  public FaultPlan withShortReads(double p) {
    return with(Buggify.Site.SHORT_READ, p);
  }

  /** Probability that a TCP write or send takes fewer bytes than offered (at least one). */
  public FaultPlan withShortWrites(double p) {
    return with(Buggify.Site.SHORT_WRITE, p);
  }

  /** Probability that closing an established TCP socket sends RST instead of FIN. */
  public FaultPlan withResetOnClose(double p) {
    return with(Buggify.Site.RESET_ON_CLOSE, p);
  }

  /** Probability, per data segment received, that the connection is reset there (ECONNRESET on both ends). */
  public FaultPlan withConnectionResets(double p) {
    return with(Buggify.Site.CONNECTION_RESET, p);
  }

  /** Probability that a listener answers a SYN only after 0.2 to 3 s. */
  public FaultPlan withDelayedSynAcks(double p) {
    return with(Buggify.Site.DELAYED_SYN_ACK, p);
  }

  /** Probability that a SYN finds the accept queue full (dropped silently; the client retransmits). */
  public FaultPlan withAcceptOverflows(double p) {
    return with(Buggify.Site.ACCEPT_OVERFLOW, p);
  }

  /** Probability that no ephemeral port is free: bind(0) EADDRINUSE, connect EADDRNOTAVAIL. */
  public FaultPlan withPortExhaustion(double p) {
    return with(Buggify.Site.PORT_EXHAUSTION, p);
  }

  /** Probability that a name lookup fails temporarily (EAI_AGAIN; -10002 from connect by name). */
  public FaultPlan withDnsTryAgain(double p) {
    return with(Buggify.Site.DNS_TRY_AGAIN, p);
  }

  /** Probability that a name lookup says the name does not exist (EAI_NONAME; -10001 from connect). */
  public FaultPlan withDnsNoName(double p) {
    return with(Buggify.Site.DNS_NO_NAME, p);
  }

  private FaultPlan with(Buggify.Site site, double p) {
    double[] copy = sites.clone();
    copy[site.ordinal()] = check(p);
    return new FaultPlan(swarmSeed, loss, duplication, reorder, latency, copy);
  }

  private static double check(double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("a probability must be within [0, 1]: " + p);
    }
    return p;
  }

  /** The default link's loss probability. */
  public double loss() {
    return loss;
  }

  /** The default link's duplication probability. */
  public double duplication() {
    return duplication;
  }

  /** The default link's reordering probability. */
  public double reorder() {
    return reorder;
  }

  /** The default link's latency, or null to leave it as it is. */
  public Latency latency() {
    return latency;
  }

  double rate(Buggify.Site site) {
    return sites[site.ordinal()];
  }

  /** Every rate, and the swarm seed if the plan was drawn from one. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("FaultPlan[");
    if (swarmSeed != null) {
      text.append("swarm ").append(swarmSeed).append(": ");
    }
    text.append("loss ").append(format(loss)).append(", duplication ").append(format(duplication))
        .append(", reorder ").append(format(reorder));
    if (latency != null) {
      text.append(", latency ").append(latency);
    }
    for (Buggify.Site site : Buggify.Site.values()) {
      text.append(", ").append(site.traceName).append(' ').append(format(sites[site.ordinal()]));
    }
    return text.append(']').toString();
  }

  private static String format(double p) {
    return String.format(Locale.ROOT, "%.4f", p);
  }
}
