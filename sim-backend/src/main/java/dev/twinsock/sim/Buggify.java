package dev.twinsock.sim;

/**
 * The kernel's fault sites ("buggify", after FoundationDB): places where a host's kernel may,
 * with the probability the network's {@link FaultPlan} gives, do something legal but unkind — a
 * short read, a reset instead of a FIN, a lookup that fails. Each site of each host draws from its
 * own seeded stream, and only when its rate is above zero, so turning one site on shifts no other
 * draw. Every firing goes to the trace as {@code fault <site> <host> ...}.
 */
final class Buggify {
  /** The sites, each with the name the trace uses. */
  enum Site {
    SHORT_READ("short-read"),
    SHORT_WRITE("short-write"),
    RESET_ON_CLOSE("reset-on-close"),
    CONNECTION_RESET("connection-reset"),
    DELAYED_SYN_ACK("delayed-syn-ack"),
    ACCEPT_OVERFLOW("accept-overflow"),
    PORT_EXHAUSTION("port-exhaustion"),
    DNS_TRY_AGAIN("dns-try-again"),
    DNS_NO_NAME("dns-no-name");

    final String traceName;

    Site(String traceName) {
      this.traceName = traceName;
    }
  }

  private final SimNetwork network;
  private final String host;
  private final SeededRandom[] streams = new SeededRandom[Site.values().length];

  Buggify(SimNetwork network, String host, long seed) {
    this.network = network;
    this.host = host;
    for (Site site : Site.values()) {
      streams[site.ordinal()] = SeededRandom.forName(seed, "buggify:" + host + ":" + site.traceName);
    }
  }

  /** Whether {@code site} fires now; traced with {@code detail} when it does. */
  boolean fires(Site site, String detail) {
    return fires(site, () -> detail);
  }

  /**
   * Whether {@code site} fires now; traced with the text {@code detail} gives, built only when it
   * fires (the sites sit on the paths every read, write and segment takes).
   */
  boolean fires(Site site, java.util.function.Supplier<String> detail) {
    double rate = network.faults().rate(site);
    if (rate <= 0 || streams[site.ordinal()].nextDouble() >= rate) {
      return false;
    }
    network.trace().record(network.scheduler().now(), "fault " + site.traceName + " " + host + " " + detail.get());
    return true;
  }

  /** As {@link #fires(Site, java.util.function.Supplier)}, traced as {@code "<what> of <amount>"}. */
  boolean fires(Site site, java.util.function.Supplier<String> what, long amount) {
    return fires(site, () -> what.get() + " of " + amount);
  }

  /** A further draw for a site that fired (how short, how late): uniform in [0, bound). */
  long below(Site site, long bound) {
    return streams[site.ordinal()].nextLong(bound);
  }
}
