package dev.twinsock.sim;

/**
 * When Linux's TCP retransmits and when it gives up, as pure arithmetic (net/ipv4/tcp_timer.c):
 * the give-up is a length of time, not a count of tries (tcp_model_timeout), a connect's SYNs
 * are resent at the initial RTO for the first tcp_syn_linear_timeouts tries before doubling, and
 * TCP_USER_TIMEOUT replaces the modelled time and shortens the timer that would overshoot it.
 */
final class RetransmitSchedule {
  static final long MILLI = 1_000_000L;

  private RetransmitSchedule() {}

  /**
   * tcp_model_timeout: how long {@code boundary} exponentially backed-off retransmissions take
   * from a first RTO of {@code rtoBase}, the backoff capped at TCP_RTO_MAX.
   */
  static long modelTimeout(int boundary, long rtoBase) {
    int linearBackoffThreshold = 63 - Long.numberOfLeadingZeros(TcpSocket.MAX_RTO / rtoBase); // ilog2
    if (boundary <= linearBackoffThreshold) {
      return ((2L << boundary) - 1) * rtoBase;
    }
    return ((2L << linearBackoffThreshold) - 1) * rtoBase + (boundary - linearBackoffThreshold) * TcpSocket.MAX_RTO;
  }

  /**
   * Whether a connect in SYN_SENT has timed out when its retransmission timer fires (tcp_write_timeout):
   * after {@code retryUntil} + the linear tries, or once the modelled time from the first SYN (or
   * the user timeout, when set) has passed since the first SYN, once one SYN has been resent.
   */
  static boolean synTimedOut(int retransmissions, int retryUntil, int linearTimeouts, long sinceFirstSyn,
      long userTimeout) {
    if (retransmissions >= retryUntil + linearTimeouts) {
      return true;
    }
    return timedOut(retransmissions, sinceFirstSyn, userTimeout > 0 ? userTimeout
        : modelTimeout(retryUntil, TcpSocket.INITIAL_RTO));
  }

  /**
   * Whether an established connection has timed out when its retransmission timer fires: once it
   * has retransmitted, and tcp_retries2's modelled time (or the user timeout) has passed since the
   * first retransmission.
   */
  static boolean establishedTimedOut(int retransmissions, int retries2, long sinceFirstRetransmission,
      long userTimeout) {
    return timedOut(retransmissions, sinceFirstRetransmission, userTimeout > 0 ? userTimeout
        : modelTimeout(retries2, TcpSocket.MIN_RTO));
  }

  private static boolean timedOut(int retransmissions, long elapsed, long limit) {
    return retransmissions > 0 && elapsed >= limit;
  }

  /** Whether a SYN's RTO doubles after its {@code retransmission}-th resend (Linux's total_rto). */
  static boolean synBacksOff(int retransmission, int linearTimeouts) {
    return retransmission > linearTimeouts;
  }

  /**
   * tcp_clamp_rto_to_user_timeout: the timer after a retransmission is the RTO, or what is left of
   * the user timeout since the first retransmission if that is less (a jiffy if none is left).
   */
  static long clampToUserTimeout(long rto, long userTimeout, long sinceFirstRetransmission) {
    if (userTimeout <= 0) {
      return rto;
    }
    long remaining = userTimeout - sinceFirstRetransmission;
    return remaining <= 0 ? 4 * MILLI : Math.min(rto, remaining);
  }

  /**
   * The tail loss probe's timeout (tcp_schedule_loss_probe): two smoothed RTTs, plus TCP_RTO_MIN
   * when one segment is out (the peer may delay its ACK) or two jiffies otherwise, never later
   * than the RTO would fire.
   */
  static long lossProbeTimeout(long srtt, boolean oneSegmentOut, long rto) {
    long pto = 2 * srtt + (oneSegmentOut ? TcpSocket.MIN_RTO : 8 * MILLI);
    return Math.min(pto, rto);
  }
}
