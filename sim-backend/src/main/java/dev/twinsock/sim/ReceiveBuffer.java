package dev.twinsock.sim;

import java.util.Map;
import java.util.TreeMap;

/**
 * A TCP connection's received bytes: the in-order queue that reads take from, the segments that
 * arrived ahead of it waiting for the gap before them to fill (reassembly), and the next sequence
 * number expected (rcvNxt), and the peer's FIN: where it lies, and whether the bytes before it
 * have all arrived. The out-of-order map exists only while a gap does.
 */
final class ReceiveBuffer {
  private final ByteQueue queue = new ByteQueue();
  /** Segments that arrived ahead of {@link #next}, by sequence number; null while there are none. */
  private TreeMap<Long, byte[]> ahead;
  /** Where the newest segment held ahead began: the first SACK block holds it. */
  private long newestAhead = -1;
  private long next;
  /** The sequence number of the peer's FIN, once a segment carried one at or past {@link #next}; else -1. */
  private long finSeq = -1;
  /** The FIN arrived in order: reads past the data return EOF (Linux's SOCK_DONE). */
  private boolean finReceived;

  /** rcvNxt: the sequence number of the next byte expected in order. */
  long next() {
    return next;
  }

  /** The peer's SYN at {@code seq} arrived: its first byte is expected at {@code seq + 1}. */
  void synchronize(long seq) {
    next = seq + 1;
  }

  /** A segment carried the peer's FIN at {@code seq}: the first one at or past {@link #next} counts. */
  void finSeen(long seq) {
    if (finSeq < 0 && seq >= next) {
      finSeq = seq;
    }
  }

  /** Every byte before the peer's FIN has arrived, and the FIN is not yet taken. */
  boolean finDue() {
    return finSeq >= 0 && next == finSeq && !finReceived;
  }

  /** The peer's FIN is taken in order: it takes one sequence number. */
  void finArrived() {
    next++;
    finReceived = true;
  }

  /** Whether the peer's FIN arrived in order: past the queued bytes, reads return EOF. */
  boolean finReceived() {
    return finReceived;
  }

  /** Bytes queued in order, for reads. */
  int queued() {
    return queue.size();
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }

  /** Bytes held, in order and out of order: what the advertised window leaves out. */
  int held() {
    int used = queue.size();
    if (ahead != null) {
      for (byte[] piece : ahead.values()) {
        used += piece.length;
      }
    }
    return used;
  }

  byte[] take(int length) {
    return queue.take(length);
  }

  byte[] copy(int at, int length) {
    return queue.copy(at, length);
  }

  /** Keeps bytes that begin past {@link #next} until the gap before them fills. */
  void holdAhead(long seq, byte[] data) {
    if (ahead == null) {
      ahead = new TreeMap<>();
    }
    ahead.putIfAbsent(seq, data);
    newestAhead = seq;
  }

  /** Whether bytes wait ahead of a gap. */
  boolean hasGap() {
    return ahead != null;
  }

  /** The SACK blocks that report the bytes held ahead of the gap (see SackBlocks). */
  long[] sackBlocks() {
    return ahead == null ? null : SackBlocks.of(ahead, newestAhead);
  }

  /** Queues bytes that begin at {@link #next}, then any held bytes they make contiguous. */
  void appendInOrder(byte[] data) {
    queue.append(data, 0, data.length);
    next += data.length;
    if (ahead == null) {
      return;
    }
    Map.Entry<Long, byte[]> held;
    while ((held = ahead.firstEntry()) != null && held.getKey() <= next) {
      ahead.pollFirstEntry();
      long end = held.getKey() + held.getValue().length;
      if (end > next) {
        int skip = (int) (next - held.getKey());
        queue.append(held.getValue(), skip, held.getValue().length - skip);
        next = end;
      }
    }
    if (ahead.isEmpty()) {
      ahead = null;
    }
  }

  /** Drops every byte received, in order or not, and forgets the peer's FIN; {@link #next} stays. */
  void clear() {
    queue.clear();
    ahead = null;
    finSeq = -1;
    finReceived = false;
  }
}
