package dev.twinsock.sim;

import java.time.Duration;

/**
 * A packet under way between two hosts — scheduled to arrive, or held by {@link SimNetwork#hold} or
 * a holding {@link Partition} — as {@link SimNetwork#inFlight()} lists it. A test may take over
 * the network's choice: {@link #deliver()} it now, or {@link #drop()} it.
 */
public final class InFlightPacket {
  private final SimNetwork network;
  final LinkDirection direction;
  final Packet packet;
  private final long sentAt;
  /** The arrival event; null while held. */
  Timer arrival;
  /** The partition holding it, or null. */
  Partition heldBy;
  boolean done;

  InFlightPacket(SimNetwork network, LinkDirection direction, Packet packet, long sentAt) {
    this.network = network;
    this.direction = direction;
    this.packet = packet;
    this.sentAt = sentAt;
  }

  /** The host that sent it. */
  public SimHost from() {
    return direction.from;
  }

  /** The host it is addressed to. */
  public SimHost to() {
    return direction.to;
  }

  /** When it was sent, in virtual time since the network was built. */
  public Duration sentAt() {
    return Duration.ofNanos(sentAt);
  }

  /** When it will arrive, or null while it is held. */
  public Duration arrivesAt() {
    return arrival == null ? null : Duration.ofNanos(arrival.time);
  }

  /** Whether a hold or a holding partition keeps it until released. */
  public boolean held() {
    return heldBy != null;
  }

  /** The packet as the trace shows it, e.g. {@code tcp 10.0.0.2:40000 > 10.0.0.1:80 [.] seq 1 ack 1 win 512 len 5}. */
  public String describe() {
    return packet.describe();
  }

  /** Hands it to the receiving host's kernel now, whatever its schedule or hold. */
  public void deliver() {
    take("deliver");
    network.arrive(this);
  }

  /** Loses it: it never arrives. */
  public void drop() {
    take("drop");
    network.trace().record(network.scheduler().now(), "drop (by test) " + direction.hop() + " " + packet.describe());
  }

  private void take(String verb) {
    if (done) {
      throw new IllegalStateException("cannot " + verb + " a packet that has already arrived or been dropped: " + describe());
    }
    if (arrival != null) {
      arrival.cancel();
      arrival = null;
    }
    if (heldBy != null) {
      heldBy.held.remove(this);
      heldBy = null;
    }
    network.forget(this);
  }

  @Override
  public String toString() {
    return "InFlightPacket[" + direction.hop() + " " + describe() + (held() ? " held" : "") + "]";
  }
}
