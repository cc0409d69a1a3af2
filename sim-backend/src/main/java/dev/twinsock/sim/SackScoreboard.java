package dev.twinsock.sim;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sender's record of each segment sent and not yet cumulatively acknowledged (Linux's
 * retransmission queue with its SACK scoreboard): when it was last sent, whether the peer has
 * selectively acknowledged it, whether it is deemed lost. Loss is RACK's rule (RFC 8985, Linux's
 * tcp_rack_detect_loss): a segment is lost once a segment sent after it has been delivered and a
 * reordering window, a quarter of the least RTT, has passed;
 * the window grows by a quarter each time an original segment arrives after a later one, up to the
 * whole least RTT (Linux grows it on each D-SACK round instead). Linux drops the window to zero once
 * three segments are SACKed or recovery has begun, until it has seen reordering; the sim keeps it
 * (Linux's tcp_recovery bit RACK_NO_DUPTHRESH), because its links' jitter reorders segments from
 * the first flight on, which would otherwise be resent for nothing. A retransmission timeout deems every segment not SACKed
 * lost (tcp_enter_loss). The FIN is a segment of one sequence number here too.
 */
final class SackScoreboard {
  private static final class Sent {
    long end;
    long sentAt;
    /** The order of the last transmission among all of this connection's. */
    long order;
    boolean sacked;
    boolean lost;
    boolean retransmitted;
    /** Neighbours in the in-flight list (sent, neither SACKed nor lost), in send order. */
    Sent earlier;
    Sent later;
    boolean inFlight;
  }

  private final TreeMap<Long, Sent> segments = new TreeMap<>();
  /**
   * The segments in flight in the order they were last sent (Linux's tsorted_sent_queue): RACK
   * looks only at the oldest of them, so a loss check costs what it marks, not the whole window.
   */
  private Sent oldestInFlight;
  private Sent newestInFlight;
  private long transmissions;
  private int sackedCount;
  private int lostCount;
  /** The last-sent segment known delivered (RACK's xmit time, as an order) and its RTT. */
  private long rackOrder = -1;
  private long rackRtt;
  private long minRtt = -1;
  /** Quarters of the least RTT the reordering window spans: one more each time reordering shows, up to four. */
  private int reorderSteps = 1;
  private static final int MAX_REORDER_STEPS = 4;

  /** [seq, end) was sent at {@code now}: a new segment, or a segment sent again. */
  void sent(long seq, long end, long now) {
    Map.Entry<Long, Sent> at = segments.floorEntry(seq);
    Sent s;
    if (at != null && at.getValue().end > seq) {
      s = at.getValue();
      s.retransmitted = true;
      if (s.lost) {
        s.lost = false;
        lostCount--;
      }
    } else {
      s = new Sent();
      s.end = end;
      segments.put(seq, s);
    }
    s.sentAt = now;
    s.order = ++transmissions;
    leaveFlight(s);
    if (!s.sacked) {
      joinFlight(s);
    }
  }

  private void joinFlight(Sent s) {
    s.inFlight = true;
    s.earlier = newestInFlight;
    s.later = null;
    if (newestInFlight != null) {
      newestInFlight.later = s;
    } else {
      oldestInFlight = s;
    }
    newestInFlight = s;
  }

  private void leaveFlight(Sent s) {
    if (!s.inFlight) {
      return;
    }
    s.inFlight = false;
    if (s.earlier != null) {
      s.earlier.later = s.later;
    } else {
      oldestInFlight = s.later;
    }
    if (s.later != null) {
      s.later.earlier = s.earlier;
    } else {
      newestInFlight = s.earlier;
    }
    s.earlier = null;
    s.later = null;
  }

  /**
   * Everything before {@code una} is acknowledged at {@code now}: forgets it, and returns the RTT
   * of the newest segment it acknowledged that was sent only once (Karn), or -1.
   */
  long acked(long una, long now) {
    long rtt = -1;
    Iterator<Map.Entry<Long, Sent>> it = segments.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Long, Sent> e = it.next();
      Sent s = e.getValue();
      if (e.getKey() >= una) {
        break;
      }
      if (s.end > una) {
        // partly acknowledged (the peer's window cut it): the rest stays, from una
        it.remove();
        segments.put(una, s);
        break;
      }
      delivered(s, now);
      if (!s.retransmitted && !s.sacked) {
        rtt = now - s.sentAt;
      }
      if (s.sacked) {
        sackedCount--;
      }
      if (s.lost) {
        lostCount--;
      }
      leaveFlight(s);
      it.remove();
    }
    if (rtt > 0 && (minRtt < 0 || rtt < minRtt)) {
      minRtt = rtt;
    }
    return rtt;
  }

  /** The peer holds [start, end): marks the segments wholly inside it; whether any was new. */
  boolean sack(long start, long end, long now) {
    boolean any = false;
    Map.Entry<Long, Sent> from = segments.floorEntry(start);
    Long key = from != null && from.getValue().end > start ? from.getKey() : segments.ceilingKey(start);
    for (Map.Entry<Long, Sent> e : key == null ? java.util.List.<Map.Entry<Long, Sent>>of()
        : segments.tailMap(key, true).entrySet()) {
      Sent s = e.getValue();
      if (e.getKey() >= end) {
        break;
      }
      if (s.sacked || e.getKey() < start || s.end > end) {
        continue;
      }
      s.sacked = true;
      sackedCount++;
      leaveFlight(s);
      if (s.lost) {
        s.lost = false;
        lostCount--;
      }
      delivered(s, now);
      any = true;
    }
    return any;
  }

  private void delivered(Sent s, long now) {
    if (!s.retransmitted && s.order < rackOrder && reorderSteps < MAX_REORDER_STEPS) {
      // an original that arrived after one sent later: the path reorders (Linux's reord_seen)
      reorderSteps++;
    }
    if (s.order > rackOrder) {
      rackOrder = s.order;
      rackRtt = now - s.sentAt;
    }
  }

  /**
   * RACK: marks lost each segment sent before the last one delivered, once its reordering window
   * has passed at {@code now}. Returns when the next one's window ends (for the reordering timer),
   * or -1 when none waits.
   */
  long detectLoss(long now) {
    long window = (minRtt < 0 ? rackRtt : Math.min(minRtt, rackRtt)) / 4 * reorderSteps;
    // In send order, send times never decrease, so neither do the segments' due times: the lost
    // ones are a prefix of the in-flight list and the first one not yet due is the next to be.
    for (Sent s = oldestInFlight; s != null && s.order < rackOrder; s = oldestInFlight) {
      long due = s.sentAt + rackRtt + window;
      if (due > now) {
        return due;
      }
      s.lost = true;
      lostCount++;
      leaveFlight(s);
    }
    return -1;
  }

  /** The retransmission timer fired: every segment not SACKed is lost. */
  void timedOut() {
    for (Sent s : segments.values()) {
      if (!s.sacked && !s.lost) {
        s.lost = true;
        lostCount++;
      }
      s.inFlight = false;
      s.earlier = null;
      s.later = null;
    }
    oldestInFlight = null;
    newestInFlight = null;
  }

  /** Segments in flight (RFC 6675's pipe): sent, neither SACKed nor deemed lost. */
  int pipe() {
    return segments.size() - sackedCount - lostCount;
  }

  boolean hasLost() {
    return lostCount > 0;
  }

  /** The first segment deemed lost, as {seq, end}, or null. */
  long[] firstLost() {
    if (lostCount == 0) {
      return null;
    }
    for (Map.Entry<Long, Sent> e : segments.entrySet()) {
      if (e.getValue().lost) {
        return new long[] {e.getKey(), e.getValue().end};
      }
    }
    return null;
  }

  void clear() {
    segments.clear();
    oldestInFlight = null;
    newestInFlight = null;
    sackedCount = 0;
    lostCount = 0;
  }
}
