package dev.twinsock.sim;

/**
 * A TCP connection's keepalive timer (SO_KEEPALIVE), as Linux's tcp_keepalive_timer runs it:
 * after TCP_KEEPIDLE seconds with nothing received it sends a probe (an ACK one below the
 * unacknowledged sequence number, which the peer answers) every TCP_KEEPINTVL seconds; anything
 * received ends the count; after TCP_KEEPCNT probes unanswered (or, with TCP_USER_TIMEOUT, once
 * that long has passed without an answer) the connection is reset and ends with ETIMEDOUT. While
 * data is unacknowledged or unsent, the retransmission timer watches the peer instead.
 */
final class KeepaliveTimer {
  static final long SECOND = 1_000_000_000L;

  /** What the timer asks of its connection. */
  interface Connection {
    boolean keepaliveOn();

    /** Established or closing, but not yet closed: a state a keepalive applies to. */
    boolean keepaliveApplies();

    boolean hasDataOut();

    long idleNanos();

    long intervalNanos();

    int probeCount();

    long userTimeoutNanos();

    void sendKeepaliveProbe();

    void keepaliveTimedOut();

    Timer schedule(long delayNanos, Runnable action);

    long now();
  }

  private final Connection connection;
  private Timer timer;
  private int probesOut;
  private long lastReceived;

  KeepaliveTimer(Connection connection) {
    this.connection = connection;
  }

  /** A segment arrived: the peer is alive. */
  void received(long now) {
    lastReceived = now;
    probesOut = 0;
  }

  /** Probes sent and not answered, as tcpi_probes reports them. */
  int probesOut() {
    return probesOut;
  }

  /** SO_KEEPALIVE was turned on, or the connection became established with it on: a full idle time from now. */
  void start() {
    schedule(connection.idleNanos());
  }

  /** TCP_KEEPIDLE changed: the idle time counts from the last segment received (tcp_sock_set_keepidle). */
  void idleChanged(long now) {
    if (!connection.keepaliveOn() || !connection.keepaliveApplies()) {
      return;
    }
    schedule(Math.max(0, connection.idleNanos() - (now - lastReceived)));
  }

  void stop() {
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
  }

  private void schedule(long delay) {
    stop();
    // a live peer answers forever, as on Linux, so a program that waits forever beside it runs on
    // in virtual time; at the end of the clock's range the timer stops and the wait is a deadlock
    if (delay <= Long.MAX_VALUE - connection.now()) {
      timer = connection.schedule(delay, this::fire);
    }
  }

  private void fire() {
    timer = null;
    long now = connection.now();
    if (!connection.keepaliveOn() || !connection.keepaliveApplies()) {
      return;
    }
    long idle = connection.idleNanos();
    if (connection.hasDataOut()) {
      schedule(idle);
      return;
    }
    long elapsed = now - lastReceived;
    if (elapsed < idle) {
      schedule(idle - elapsed);
      return;
    }
    long userTimeout = connection.userTimeoutNanos();
    if ((userTimeout > 0 && elapsed >= userTimeout && probesOut > 0)
        || (userTimeout == 0 && probesOut >= connection.probeCount())) {
      connection.keepaliveTimedOut();
      return;
    }
    connection.sendKeepaliveProbe();
    probesOut++;
    schedule(connection.intervalNanos());
  }
}
