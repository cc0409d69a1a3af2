package dev.twinsock.sim;

import static dev.twinsock.SocketConstants.*;

/**
 * A TCP connection's keepalive timer (SO_KEEPALIVE), as Linux's tcp_keepalive_timer runs it:
 * after TCP_KEEPIDLE seconds with nothing received it sends a probe (an ACK one below the
 * unacknowledged sequence number, which the peer answers) every TCP_KEEPINTVL seconds; anything
 * received ends the count; after TCP_KEEPCNT probes unanswered (or, with TCP_USER_TIMEOUT, once
 * that long has passed without an answer) the connection is reset and ends with ETIMEDOUT. While
 * data is unacknowledged or unsent, the retransmission timer watches the peer instead. Each of the
 * three options falls back on the host's sysctl ({@link TcpSysctls}).
 */
final class KeepaliveTimer {
  static final long SECOND = 1_000_000_000L;

  private final TcpSocket connection;
  private Timer timer;
  private int probesOut;
  private long lastReceived;

  KeepaliveTimer(TcpSocket connection) {
    this.connection = connection;
  }

  /** A segment arrived: the peer is alive. */
  void received(long now) {
    lastReceived = now;
    probesOut = 0;
  }

  /** SO_KEEPALIVE was turned on, or the connection became established with it on: a full idle time from now. */
  void start() {
    schedule(seconds(TCP_KEEPIDLE));
  }

  /** TCP_KEEPIDLE changed: the idle time counts from the last segment received (tcp_sock_set_keepidle). */
  void idleChanged(long now) {
    if (connection.keepAlive && connection.keepaliveApplies()) {
      schedule(Math.max(0, seconds(TCP_KEEPIDLE) - (now - lastReceived)));
    }
  }

  void stop() {
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
  }

  private long seconds(int option) {
    return (Integer) connection.protocolOption(IPPROTO_TCP, option) * SECOND;
  }

  private void schedule(long delay) {
    stop();
    // a live peer answers forever, as on Linux, so a program that waits forever beside it runs on
    // in virtual time; at the end of the clock's range the timer stops and the wait is a deadlock
    if (delay <= Long.MAX_VALUE - now()) {
      timer = connection.stack.schedule(delay, this::fire);
    }
  }

  private long now() {
    return connection.stack.now();
  }

  private void fire() {
    timer = null;
    if (!connection.keepAlive || !connection.keepaliveApplies()) {
      return;
    }
    long idle = seconds(TCP_KEEPIDLE);
    if (connection.hasDataOut()) {
      schedule(idle);
      return;
    }
    long elapsed = now() - lastReceived;
    if (elapsed < idle) {
      schedule(idle - elapsed);
      return;
    }
    long userTimeout = connection.userTimeoutNanos();
    int probes = (Integer) connection.protocolOption(IPPROTO_TCP, TCP_KEEPCNT);
    if ((userTimeout > 0 && elapsed >= userTimeout && probesOut > 0) || (userTimeout == 0 && probesOut >= probes)) {
      connection.keepaliveTimedOut();
      return;
    }
    connection.sendKeepaliveProbe();
    probesOut++;
    schedule(seconds(TCP_KEEPINTVL));
  }
}
