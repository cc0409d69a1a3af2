package dev.twinsock.sim;

/**
 * The TCP sysctls the sim's timers read, as one network namespace of Linux has them
 * (net.ipv4.tcp_*): set for every host on {@link SimNetwork.Builder}, Linux's defaults otherwise,
 * and for one host on {@link SimHost} (a host is a namespace of its own). A socket option
 * (TCP_SYNCNT, TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT) overrides its sysctl for that socket.
 */
final class TcpSysctls {
  /** tcp_syn_retries: SYN retransmissions before a connect gives up (Linux: 6). */
  int synRetries = 6;
  /** tcp_syn_linear_timeouts: SYN retransmissions sent at the initial RTO before doubling (Linux 6.5+: 4). */
  int synLinearTimeouts = 4;
  /** tcp_retries2: the length of time, as that many backoffs from 200 ms, an established connection retransmits (Linux: 15). */
  int retries2 = 15;
  /** tcp_keepalive_time, in seconds (Linux: 7200). */
  int keepaliveTime = 7200;
  /** tcp_keepalive_intvl, in seconds (Linux: 75). */
  int keepaliveIntvl = 75;
  /** tcp_keepalive_probes (Linux: 9). */
  int keepaliveProbes = 9;

  /** {@code value} if it is within Linux's bounds for {@code sysctl}; IllegalArgumentException otherwise. */
  static int bounded(int value, int min, int max, String sysctl) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(sysctl + " must be within [" + min + ", " + max + "]: " + value);
    }
    return value;
  }

  TcpSysctls copy() {
    TcpSysctls c = new TcpSysctls();
    c.synRetries = synRetries;
    c.synLinearTimeouts = synLinearTimeouts;
    c.retries2 = retries2;
    c.keepaliveTime = keepaliveTime;
    c.keepaliveIntvl = keepaliveIntvl;
    c.keepaliveProbes = keepaliveProbes;
    return c;
  }
}
