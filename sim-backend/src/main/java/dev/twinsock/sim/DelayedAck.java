package dev.twinsock.sim;

/**
 * When a TCP receiver acknowledges, decided as Linux decides it (tcp_input.c's
 * {@code tcp_event_data_recv} and {@code __tcp_ack_snd_check}, tcp_output.c's
 * {@code tcp_send_delayed_ack}, tcp_timer.c's {@code tcp_delack_timer_handler}, tcp.c's
 * {@code tcp_cleanup_rbuf}): at once in quick-ACK mode (the first 16 data segments of a
 * connection, or after a silence longer than the RTO), for every second full segment, for a segment
 * out of order or one that fills a hole; else after the delayed-ACK timeout {@code ato} (40 ms,
 * growing when the timer fires outside interactive mode, at most 200 ms), or sooner when the
 * application reads a small segment away or sends data the ACK can ride on. A connection that
 * sends data within {@code ato} of receiving some is interactive ("pingpong") and gets no quick
 * ACKs: its ACKs wait for its replies, which is what makes a small write behind Nagle's algorithm
 * wait 40 ms on Linux.
 *
 * <p>State only: the socket transmits and keeps the timer. Linux counts in jiffies (4 ms at
 * HZ=250), so its timer fires up to a tick later than this one.
 */
final class DelayedAck {
  /** TCP_ATO_MIN and TCP_DELACK_MIN: HZ/25. */
  static final long ATO_MIN = 40_000_000L;
  /** TCP_DELACK_MAX: HZ/5. */
  static final long DELACK_MAX = 200_000_000L;
  /** The bound on ato outside interactive mode without a small segment pending: HZ/2. */
  private static final long HALF_SECOND = 500_000_000L;
  /** TCP_MAX_QUICKACKS. */
  private static final int MAX_QUICKACKS = 16;
  /** TCP_MSS_DEFAULT: the receive-side segment size guess until a larger segment arrives. */
  private static final int INITIAL_RCV_MSS = 536;

  /** An ACK is owed (ICSK_ACK_SCHED). */
  private boolean scheduled;
  /** A segment smaller than rcvMss arrived since the last ACK (ICSK_ACK_PUSHED), twice (PUSHED2). */
  private boolean pushed;
  private boolean pushedTwice;
  /** The protocol wants this ACK out at once (ICSK_ACK_NOW). */
  private boolean now;
  /** When the delayed-ACK timer is due, or -1 when it is not set (ICSK_ACK_TIMER). */
  private long due = -1;
  private int quick;
  private boolean pingpong;
  /** 0 until the first data segment. */
  private long ato;
  private long lastReceived;
  private int rcvMss = INITIAL_RCV_MSS;
  /** rcv_nxt when the last segment went out (Linux's rcv_wup). */
  private long acknowledgedUpTo;

  /** The state a new connection of the same socket starts with: only TCP_QUICKACK's mode carries over. */
  DelayedAck forNewConnection() {
    DelayedAck fresh = new DelayedAck();
    fresh.pingpong = pingpong;
    return fresh;
  }

  /**
   * A data segment of {@code length} bytes was taken in order at {@code time}; {@code window} is the
   * window last advertised, {@code advmss} this side's MSS, {@code rto} the retransmission timeout.
   */
  void dataReceived(int length, long time, int window, int advmss, long rto) {
    scheduled = true;
    if (length >= rcvMss) {
      rcvMss = Math.min(length, advmss);
    } else {
      pushedTwice |= pushed;
      pushed = true;
    }
    if (ato == 0) {
      addQuickAcks(window);
      ato = ATO_MIN;
    } else {
      long gap = time - lastReceived;
      if (gap <= ATO_MIN / 2) {
        ato = ato / 2 + ATO_MIN / 2;
      } else if (gap < ato) {
        ato = Math.min(ato / 2 + gap, rto);
      } else if (gap > rto) {
        addQuickAcks(window); // a long silence: the sender may be restarting its window
      }
    }
    lastReceived = time;
  }

  private void addQuickAcks(int window) {
    int acks = window / (2 * rcvMss);
    acks = Math.min(acks == 0 ? 2 : acks, MAX_QUICKACKS);
    quick = Math.max(quick, acks);
  }

  /** Something needs acknowledging (a FIN, data out of order). */
  void owe() {
    scheduled = true;
  }

  /** Something needs acknowledging at once: a hole filled, data out of order. */
  void oweNow() {
    scheduled = true;
    now = true;
  }

  /** The peer resent data already here, or sent beyond the window: quick ACKs again (tcp_enter_quickack_mode). */
  void quickAckMode(int window) {
    addQuickAcks(window);
    pingpong = false;
    ato = ATO_MIN;
    owe();
  }

  /** A FIN arrived; {@code established}: it moves the connection to CLOSE_WAIT, whose ACK may wait for the close. */
  void finReceived(boolean established) {
    scheduled = true;
    if (established) {
      pingpong = true;
    } else {
      now = true; // FIN_WAIT1/FIN_WAIT2: tcp_fin sends the ACK at once
    }
  }

  boolean owed() {
    return scheduled;
  }

  /** Whether the ACK owed goes now, with {@code rcvNxt} received so far. */
  boolean sendNow(long rcvNxt) {
    return scheduled && (rcvNxt - acknowledgedUpTo > rcvMss || (quick > 0 && !pingpong) || now);
  }

  /**
   * Sets the delayed-ACK timer for the ACK owed at {@code time}, with the smoothed RTT
   * {@code srtt} (or -1): when it is due, or -1 when a timer about to fire says send now.
   */
  long delay(long time, long srtt) {
    long wait = ato;
    if (wait > ATO_MIN) {
      long max = pingpong || pushed ? DELACK_MAX : HALF_SECOND;
      if (srtt > 0) {
        max = Math.min(max, Math.max(srtt, ATO_MIN));
      }
      wait = Math.min(wait, max);
    }
    wait = Math.min(wait, DELACK_MAX);
    long timeout = time + wait;
    if (due >= 0) {
      if (due <= time + wait / 4) {
        return -1;
      }
      timeout = Math.min(timeout, due);
    }
    scheduled = true;
    due = timeout;
    return timeout;
  }

  /** The timer fired: whether an ACK is owed; it also moves ato as Linux's handler does. */
  boolean timerFired(long rto) {
    due = -1;
    if (!scheduled) {
      return false;
    }
    if (!pingpong) {
      ato = Math.min(ato * 2, rto); // the delayed ACK was missed: wait longer next time
    } else {
      pingpong = false;
      ato = ATO_MIN;
    }
    return true;
  }

  /** A segment carrying an ACK of everything up to {@code rcvNxt} went out: nothing is owed any more. */
  void ackSent(long rcvNxt) {
    if (quick > 0) {
      int counted = scheduled ? 1 : 0;
      if (counted >= quick) {
        quick = 0;
        ato = ATO_MIN;
      } else {
        quick -= counted;
      }
    }
    scheduled = false;
    pushed = false;
    pushedTwice = false;
    now = false;
    due = -1;
    acknowledgedUpTo = rcvNxt;
  }

  /** New data went out at {@code time}: an answer within ato of the last data received makes the connection interactive. */
  void dataSent(long time) {
    if (time - lastReceived < ato) {
      pingpong = true;
    }
  }

  /**
   * The application read {@code copied} bytes, leaving the buffer {@code drained}: whether the ACK
   * owed goes now (more than a segment unacknowledged, or a small segment read away outside
   * interactive mode).
   */
  boolean afterRead(long rcvNxt, int copied, boolean drained) {
    return scheduled && (rcvNxt - acknowledgedUpTo > rcvMss
        || copied > 0 && (pushedTwice || pushed && !pingpong) && drained);
  }

  /** TCP_QUICKACK set to {@code value}: whether an ACK owed should be sent by the read rule now. */
  boolean quickAckOption(int value) {
    if (value == 0) {
      pingpong = true;
      return false;
    }
    pingpong = false;
    if (!scheduled) {
      return false;
    }
    pushed = true;
    return true;
  }

  /** After {@link #quickAckOption} sent what was owed: an even value leaves the connection interactive. */
  void quickAckOptionDone(int value) {
    if ((value & 1) == 0) {
      pingpong = true;
    }
  }

  /** What TCP_QUICKACK reads: 1 outside interactive mode. */
  int quickAckReading() {
    return pingpong ? 0 : 1;
  }
}
