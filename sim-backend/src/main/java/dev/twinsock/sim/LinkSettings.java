package dev.twinsock.sim;

/**
 * The fault settings of one link direction, or the network's defaults. A null field means "as the
 * network's default" (on a direction) or "none" (on the defaults).
 */
final class LinkSettings {
  Latency latency;
  Long jitterNanos;
  Double loss;
  Double duplication;
  Double reorder;
  Long reorderWindowNanos;
  Long bandwidth;
  Integer queueBytes;
  Integer mtu;

  static final long DEFAULT_REORDER_WINDOW = 10_000_000L;
  static final int DEFAULT_QUEUE_BYTES = 64 * 1024;
  static final int ETHERNET_MTU = 1500;
}
