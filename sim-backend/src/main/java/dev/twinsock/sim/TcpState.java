package dev.twinsock.sim;

/** The states of a TCP connection, as RFC 793 and Linux name them. */
enum TcpState {
  CLOSED, LISTEN, SYN_SENT, SYN_RECV, ESTABLISHED, FIN_WAIT1, FIN_WAIT2, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT;

  /** Whether the connection is synchronized: it can carry data in at least one direction. */
  boolean isSynchronized() {
    return this != CLOSED && this != LISTEN && this != SYN_SENT && this != SYN_RECV;
  }
}
