package dev.twinsock.sim;

/**
 * A connection's round-trip time and the retransmission timeout it gives (RFC 6298, as Linux's
 * tcp_rtt_estimator): one segment at a time is timed, a sample updates the smoothed RTT and its
 * variance, and each timeout doubles the RTO up to {@link TcpSocket#MAX_RTO}. A retransmission
 * forgets the segment being timed (Karn's rule), since its ACK could answer either copy.
 */
final class RttEstimator {
  private long srtt = -1;
  private long rttvar;
  /** The sequence number whose ACK ends the timed round trip, or -1 when nothing is timed. */
  private long timedSeq = -1;
  private long timedSentAt;
  private long rto = TcpSocket.INITIAL_RTO;

  /** The retransmission timeout, in nanoseconds. */
  long rto() {
    return rto;
  }

  /** The smoothed round-trip time, in nanoseconds, or -1 before the first sample. */
  long srtt() {
    return srtt;
  }

  boolean hasSample() {
    return srtt >= 0;
  }

  /** Times the round trip that ends when {@code seq} is acknowledged, from {@code now}. */
  void time(long seq, long now) {
    timedSeq = seq;
    timedSentAt = now;
  }

  /** Times a round trip as {@link #time} does, unless one is being timed already. */
  void timeIfIdle(long seq, long now) {
    if (timedSeq < 0) {
      time(seq, now);
    }
  }

  /** Stops timing: the timed segment was or will be sent again. */
  void forgetTimed() {
    timedSeq = -1;
  }

  /** A timeout fired: the next one waits twice as long. */
  void backOff() {
    rto = Math.min(rto * 2, TcpSocket.MAX_RTO);
  }

  /** Back to the initial timeout, as when a handshake completes. */
  void resetTimeout() {
    rto = TcpSocket.INITIAL_RTO;
  }

  /** An ACK of everything before {@code ack} arrived at {@code now}: take a sample, recompute the RTO. */
  void onAck(long ack, long now) {
    if (timedSeq >= 0 && ack >= timedSeq) {
      long sample = now - timedSentAt;
      if (srtt < 0) {
        srtt = sample;
        rttvar = sample / 2;
      } else {
        rttvar = (3 * rttvar + Math.abs(srtt - sample)) / 4;
        srtt = (7 * srtt + sample) / 8;
      }
      timedSeq = -1;
    }
    long base = srtt < 0 ? TcpSocket.INITIAL_RTO : srtt + Math.max(4 * rttvar, TcpSocket.MIN_RTO);
    rto = Math.min(Math.max(base, TcpSocket.MIN_RTO), TcpSocket.MAX_RTO);
  }
}
