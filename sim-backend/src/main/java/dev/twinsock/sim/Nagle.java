package dev.twinsock.sim;

/**
 * Whether a TCP sender holds a small segment back, as Linux's tcp_nagle_test decides: Nagle's
 * algorithm with Minshall's refinement (a segment shorter than the MSS waits while an earlier
 * short one is unacknowledged, unless TCP_NODELAY), and corking (TCP_CORK, or MSG_MORE for the
 * send that set it: a short segment waits whatever is in flight, until uncorked, until an ACK
 * pushes it without the cork, or until the probe timer sends it). Only the tail of what is queued
 * can be short; a FIN, urgent data or a loss probe is never held.
 */
final class Nagle {
  /** Where the last short segment sent ended (Linux's snd_sml), or -1. */
  private long shortSentEnd = -1;

  /**
   * Whether the next segment, {@code length} bytes of which {@code tail} says whether it is all
   * that is unsent, waits, with {@code sndUna}..{@code sndNxt} in flight.
   */
  boolean holds(int length, int mss, boolean tail, boolean noDelay, boolean corked, long sndUna, long sndNxt) {
    if (!tail || length >= mss) {
      return false;
    }
    if (corked) {
      return true;
    }
    return !noDelay && sndNxt > sndUna && shortSentEnd > sndUna && shortSentEnd <= sndNxt;
  }

  /** A segment of {@code length} bytes from {@code seq} went out. */
  void sent(long seq, int length, int mss) {
    if (length < mss) {
      shortSentEnd = seq + length;
    }
  }
}
