package dev.twinsock.sim;

/**
 * What one trace event is, with the words its text line starts with. The code of each kind goes
 * into the trace hash, so codes are fixed here, never derived from declaration order.
 */
enum TraceKind {
  /** A line given as text: rare events (a host added, a fault, a partition, a listen). */
  TEXT(0, ""),
  SPAWN(1, "spawn "),
  RUN(2, "run "),
  END(3, "end "),
  /** A packet a host sends to itself. Subject: the host. */
  LOOPBACK(10, "lo "),
  /** A packet entering a link, and what became of it there. Subject: the hop. */
  SEND(11, "send "),
  DROP_PARTITION(12, "drop (partition) "),
  HOLD(13, "hold "),
  DROP_LOSS(14, "drop (loss) "),
  DROP_QUEUE_FULL(15, "drop (queue full) "),
  DUPLICATE(16, "dup "),
  /** A packet reaching the end of its link. */
  RECEIVE(17, "recv "),
  DROP_CRASHED_HOST(18, "drop (crashed host) ");

  final byte code;
  final String prefix;

  TraceKind(int code, String prefix) {
    this.code = (byte) code;
    this.prefix = prefix;
  }

  boolean isTask() {
    return this == SPAWN || this == RUN || this == END;
  }

  boolean isPacket() {
    return code >= 10;
  }
}
