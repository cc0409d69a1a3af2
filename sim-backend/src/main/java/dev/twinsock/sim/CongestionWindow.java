package dev.twinsock.sim;

/**
 * A connection's congestion window, in segments, as Linux's default CUBIC keeps it: ten segments
 * at first (TCP_INIT_CWND), slow start (one more per segment acknowledged) left by loss or by
 * HyStart's delay rule (the round's minimum RTT 4–16 ms above the connection's), then CUBIC's
 * growth W(t) = C·(t − K)³ + W_max with C = 0.4 and β = 0.7 (fast convergence on). A loss
 * detected by SACK enters fast recovery: ssthresh = β·cwnd, and cwnd drops to it at once (Linux's
 * PRR reaches the same window gradually over one round trip); recovery ends when everything sent
 * before it is acknowledged. A retransmission timeout sets ssthresh the same way and cwnd to one
 * segment. CUBIC's TCP-friendly region keeps the growth at least Reno's. Linux's undo of
 * spurious reductions is not modelled. Times are virtual nanoseconds passed in; the type reads no clock.
 */
final class CongestionWindow {
  static final int INITIAL_WINDOW = 10;
  private static final double BETA = 717 / 1024.0;
  private static final double C = 0.4;
  private static final int HYSTART_LOW_WINDOW = 16;
  private static final int HYSTART_MIN_SAMPLES = 8;
  private static final long HYSTART_DELAY_MIN = 4_000_000L;
  private static final long HYSTART_DELAY_MAX = 16_000_000L;

  private int cwnd = INITIAL_WINDOW;
  private int ssthresh = Integer.MAX_VALUE;
  /** Segments acknowledged towards the next increase in congestion avoidance. */
  private int count;
  private boolean recovering;
  /** The recovery began with a retransmission timeout (Linux's Loss state): the window slow-starts in it. */
  private boolean afterTimeout;
  /** What must be acknowledged to leave recovery or loss (Linux's high_seq). */
  private long recoveryPoint;
  // CUBIC
  private long epochStart = -1;
  private double lastMax;
  private double originPoint;
  private double k;
  /** CUBIC's estimate of what Reno's window would be (its TCP-friendly region), and acks towards it. */
  private int renoEstimate;
  private int renoAcks;
  /** (8 · (1 + β) / 3 / (1 − β)): segments acknowledged, in eighths of a window, per Reno increase. */
  private static final int BETA_SCALE = 8 * (1024 + 717) / 3 / (1024 - 717);
  /** The connection's least RTT sample (CUBIC's delay_min), or -1. */
  private long delayMin = -1;
  // HyStart
  private long roundEnd = -1;
  private long roundMinRtt = Long.MAX_VALUE;
  private int roundSamples;

  /** The window, in segments. */
  int segments() {
    return cwnd;
  }

  int ssthresh() {
    return ssthresh;
  }

  boolean inRecovery() {
    return recovering;
  }

  /**
   * {@code acked} segments were newly acknowledged up to {@code ack} at {@code now}, with an RTT
   * sample of {@code rttNanos} (or -1); {@code sndMax} is the highest sequence sent, and
   * {@code cwndLimited} whether the window, not the application or the peer, held the sender back.
   */
  void onAck(int acked, long ack, long sndMax, long rttNanos, long now, boolean cwndLimited) {
    if (rttNanos > 0 && (delayMin < 0 || rttNanos < delayMin)) {
      delayMin = rttNanos;
    }
    if (recovering) {
      if (ack >= recoveryPoint) {
        recovering = false;
        if (!afterTimeout) {
          return;
        }
      } else if (!afterTimeout) {
        return;
      }
    }
    if (acked <= 0 || !cwndLimited) {
      return;
    }
    if (cwnd < ssthresh) {
      hystart(ack, sndMax, rttNanos);
      if (cwnd < ssthresh) {
        int grow = Math.min(acked, ssthresh - cwnd);
        cwnd += grow;
        acked -= grow;
        if (acked == 0) {
          return;
        }
      }
    }
    int needed = cubicCount(now, acked);
    count += acked;
    while (count >= needed) {
      count -= needed;
      cwnd++;
    }
  }

  /** The delay rule of HyStart: leave slow start when this round's RTT has grown past the least one. */
  private void hystart(long ack, long sndMax, long rttNanos) {
    if (ack > roundEnd) {
      roundEnd = sndMax;
      roundMinRtt = Long.MAX_VALUE;
      roundSamples = 0;
    }
    if (cwnd < HYSTART_LOW_WINDOW || rttNanos <= 0 || delayMin <= 0) {
      return;
    }
    if (roundSamples < HYSTART_MIN_SAMPLES) {
      roundMinRtt = Math.min(roundMinRtt, rttNanos);
      roundSamples++;
    }
    long threshold = Math.max(HYSTART_DELAY_MIN, Math.min(HYSTART_DELAY_MAX, delayMin / 8));
    if (roundSamples >= HYSTART_MIN_SAMPLES && roundMinRtt >= delayMin + threshold) {
      ssthresh = cwnd;
    }
  }

  /** How many segments must be acknowledged for the window to grow by one (CUBIC's cnt). */
  private int cubicCount(long now, int acked) {
    if (epochStart < 0) {
      epochStart = now;
      renoAcks = 0;
      renoEstimate = cwnd;
      if (lastMax <= cwnd) {
        k = 0;
        originPoint = cwnd;
      } else {
        k = Math.cbrt((lastMax - cwnd) / C);
        originPoint = lastMax;
      }
    }
    double t = (now - epochStart + Math.max(0, delayMin)) / 1e9;
    double target = originPoint + C * Math.pow(t - k, 3);
    double needed = target > cwnd ? cwnd / (target - cwnd) : 100.0 * cwnd;
    if (lastMax == 0 && needed > 20) {
      needed = 20;
    }
    // never slower than Reno would grow (tcp_friendliness): where the RTT is short, CUBIC's
    // curve, a function of time, hardly moves
    renoAcks += acked;
    int perIncrease = Math.max(1, cwnd * BETA_SCALE >> 3);
    while (renoAcks > perIncrease) {
      renoAcks -= perIncrease;
      renoEstimate++;
    }
    if (renoEstimate > cwnd) {
      needed = Math.min(needed, cwnd / (double) (renoEstimate - cwnd));
    }
    return (int) Math.max(2, Math.min(Math.floor(needed), 100.0 * cwnd));
  }

  /** SACK showed a loss: fast recovery until {@code sndMax} is acknowledged. */
  void enterRecovery(long sndMax) {
    reduce();
    cwnd = ssthresh;
    recovering = true;
    afterTimeout = false;
    recoveryPoint = sndMax;
  }

  /** The retransmission timer fired: one segment, then slow start up to the reduced ssthresh. */
  void onTimeout(long sndMax) {
    if (!recovering) {
      reduce();
    }
    cwnd = 1;
    count = 0;
    recovering = true;
    afterTimeout = true;
    recoveryPoint = sndMax;
  }

  private void reduce() {
    epochStart = -1;
    lastMax = cwnd < lastMax ? cwnd * (1 + BETA) / 2 : cwnd;
    ssthresh = Math.max(2, (int) (cwnd * BETA));
    count = 0;
  }
}
