package dev.twinsock.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SACK blocks a receiver reports (RFC 2018, Linux's tcp_sack_new_ofo_skb): its out-of-order
 * data merged into contiguous ranges, the range holding the newest arrival first, then the others
 * from the highest down, at most {@link #MAX_BLOCKS} (what fits beside Linux's timestamp option).
 */
final class SackBlocks {
  static final int MAX_BLOCKS = 3;

  private SackBlocks() {}

  /** The blocks of {@code outOfOrder} (start to bytes) as start/end pairs; {@code newest} is the last arrival's start. */
  static long[] of(TreeMap<Long, byte[]> outOfOrder, long newest) {
    if (outOfOrder.isEmpty()) {
      return Segment.NO_SACK;
    }
    List<long[]> ranges = new ArrayList<>();
    long start = -1;
    long end = -1;
    for (Map.Entry<Long, byte[]> piece : outOfOrder.entrySet()) {
      long s = piece.getKey();
      long e = s + piece.getValue().length;
      if (start >= 0 && s <= end) {
        end = Math.max(end, e);
        continue;
      }
      if (start >= 0) {
        ranges.add(new long[] {start, end});
      }
      start = s;
      end = e;
    }
    ranges.add(new long[] {start, end});
    List<long[]> order = new ArrayList<>();
    for (long[] r : ranges) {
      if (newest >= r[0] && newest < r[1]) {
        order.add(r);
      }
    }
    for (int i = ranges.size() - 1; i >= 0; i--) {
      if (!order.contains(ranges.get(i))) {
        order.add(ranges.get(i));
      }
    }
    int n = Math.min(MAX_BLOCKS, order.size());
    long[] blocks = new long[2 * n];
    for (int i = 0; i < n; i++) {
      blocks[2 * i] = order.get(i)[0];
      blocks[2 * i + 1] = order.get(i)[1];
    }
    return blocks;
  }
}
