package dev.twinsock.sim;

/**
 * TCP_DEFER_ACCEPT as Linux keeps it: not seconds but a count of SYN-ACK retransmissions, whose
 * timeouts start at 1 s and double up to 120 s. Setting converts seconds up to the count that
 * covers them; reading converts the count back, so 5 s reads back as 1 + 2 + 4 = 7 s.
 */
final class DeferAccept {
  private static final int INITIAL_TIMEOUT = 1;
  private static final int MAX_TIMEOUT = 120;
  private static final int MAX_RETRANSMISSIONS = 255;

  private DeferAccept() {}

  static int retransmissions(int seconds) {
    if (seconds <= 0) {
      return 0;
    }
    int timeout = INITIAL_TIMEOUT;
    int period = timeout;
    int count = 1;
    while (seconds > period && count < MAX_RETRANSMISSIONS) {
      count++;
      timeout = Math.min(timeout << 1, MAX_TIMEOUT);
      period += timeout;
    }
    return count;
  }

  static int seconds(int retransmissions) {
    if (retransmissions <= 0) {
      return 0;
    }
    int timeout = INITIAL_TIMEOUT;
    int period = timeout;
    for (int left = retransmissions - 1; left > 0; left--) {
      timeout = Math.min(timeout << 1, MAX_TIMEOUT);
      period += timeout;
    }
    return period;
  }
}
