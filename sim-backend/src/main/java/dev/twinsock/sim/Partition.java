package dev.twinsock.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A cut in the network between two groups of hosts, made by {@link SimNetwork#partition} or
 * {@link SimNetwork#partitionOneWay}; {@link #close()} heals it. By default a packet that meets the
 * cut is dropped (and the trace says so); after {@link #holdPackets()} it is held instead and
 * crosses, in the order it was sent, when the partition heals. Use it with try-with-resources:
 *
 * <pre>{@code
 * try (Partition split = net.partition(Set.of(a), Set.of(b, c))) {
 *   net.runFor(Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class Partition implements AutoCloseable {
  private final SimNetwork network;
  private final Set<SimHost> side;
  private final Set<SimHost> other;
  private final boolean oneWay;
  final String name;
  boolean holding;
  private boolean healed;
  final List<InFlightPacket> held = new ArrayList<>();

  Partition(SimNetwork network, Set<SimHost> side, Set<SimHost> other, boolean oneWay, boolean holding, String name) {
    this.network = network;
    this.side = Collections.unmodifiableSet(new LinkedHashSet<>(side));
    this.other = Collections.unmodifiableSet(new LinkedHashSet<>(other));
    this.oneWay = oneWay;
    this.holding = holding;
    this.name = name;
  }

  /** Whether a packet from {@code from} to {@code to} meets this cut. */
  boolean blocks(SimHost from, SimHost to) {
    if (healed) {
      return false;
    }
    return (side.contains(from) && other.contains(to)) || (!oneWay && other.contains(from) && side.contains(to));
  }

  /** From now on, packets that meet the cut are held, not dropped, until it heals. */
  public Partition holdPackets() {
    holding = true;
    network.trace().record(network.scheduler().now(), name + " holds packets");
    return this;
  }

  /** Whether {@link #close()} (or {@link SimNetwork#heal()}) has mended it. */
  public boolean healed() {
    return healed;
  }

  /** Heals the cut; held packets cross now, with the link's delay. Healing twice does nothing. */
  @Override
  public void close() {
    if (healed) {
      return;
    }
    healed = true;
    network.healed(this);
  }

  @Override
  public String toString() {
    return "Partition[" + name + (healed ? ", healed" : "") + "]";
  }
}
