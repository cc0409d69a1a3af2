package dev.twinsock.sim;

/**
 * The receive side's urgent data (Linux's tcp_urg and urg_data): the last urgent byte received
 * and not yet read with MSG_OOB, and the mark, how many queued bytes lie before it. The byte stays
 * in the receive queue, as in Linux's: a read that has bytes stops at the mark; one that starts
 * there skips the byte, unless SO_OOBINLINE is set when it reads.
 */
final class UrgentMark {
  /** The urgent byte received and not yet read with MSG_OOB, or -1. */
  private int urgentByte = -1;
  /** How many queued bytes lie before the urgent byte, or -1 once a read has gone past it. */
  private int mark = -1;
  /** The sequence number of the last urgent byte received, or -1. */
  private long lastSeq = -1;

  /** Whether an urgent byte waits for recv(MSG_OOB). */
  boolean pending() {
    return urgentByte >= 0;
  }

  /** The waiting urgent byte, 0 to 255; only when {@link #pending()}. */
  int urgentByte() {
    return urgentByte;
  }

  /** recv(MSG_OOB) took the urgent byte. */
  void taken() {
    urgentByte = -1;
  }

  /** Whether the next queued byte is the urgent one. */
  boolean atMark() {
    return mark == 0;
  }

  /** A read went past the mark: Linux forgets the urgent byte then. */
  void passed() {
    mark = -1;
    urgentByte = -1;
  }

  /** How many of {@code n} bytes a read may take without crossing the mark. */
  int limit(int n) {
    return mark > 0 ? Math.min(n, mark) : n;
  }

  /** A read took {@code n} bytes from before the mark. */
  void consumed(int n) {
    if (mark > 0) {
      mark -= n;
    }
  }

  /** Whether an urgent byte at {@code seq} is newer than the last one received. */
  boolean isNewer(long seq) {
    return seq > lastSeq;
  }

  /** An urgent byte {@code value} at {@code seq} arrived, with {@code queued} bytes before it. */
  void arrived(long seq, int value, int queued) {
    urgentByte = value;
    lastSeq = seq;
    mark = queued;
  }
}
