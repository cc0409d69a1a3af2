package dev.twinsock.faults;

import dev.twinsock.Socket;

/**
 * Watches one connection's tcp_info every millisecond on its own thread and reports each change
 * that is a packet the kernel chose to send again: a retransmission (tcpi_total_retrans grew,
 * tail loss probes included, with the RTO after it), a keepalive probe (tcpi_probes grew), and the
 * state the connection ends in. One millisecond of polling is finer than the kernel's own timer
 * tick (4 ms at HZ=250), so the reported times are the timers' to within a tick.
 */
final class TcpInfoWatch implements AutoCloseable {
  private final Thread thread;
  private volatile boolean stopped;

  TcpInfoWatch(Socket socket, int peerPort, Report report, String prefix) {
    TcpInfo.Reader reader = TcpInfo.of(socket, peerPort);
    thread = new Thread(() -> {
      TcpInfo last = reader.read();
      while (last != null) {
        // read once more after close, so that a change the poll had not yet seen is reported
        boolean finalRead = stopped;
        TcpInfo info = reader.read();
        if (info == null) {
          return;
        }
        double t = report.now();
        for (long n = last.totalRetrans; n < info.totalRetrans; n++) {
          report.fact(prefix + "retransmit", t);
          report.fact(prefix + "rto.after", info.rtoMicros / 1000.0);
        }
        for (int n = last.probes; n < info.probes; n++) {
          report.fact(prefix + "probe", t);
        }
        if (info.state != last.state && info.state == TcpInfo.TCP_CLOSE) {
          report.fact(prefix + "closed", t);
          return;
        }
        last = info;
        if (finalRead) {
          return;
        }
        try {
          Thread.sleep(1);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "tcp_info " + prefix);
    thread.setDaemon(true);
    thread.start();
  }

  /** The last tcp_info, read now (for totals at the end of a scenario). */
  static TcpInfo now(Socket socket, int peerPort) {
    return TcpInfo.of(socket, peerPort).read();
  }

  @Override
  public void close() {
    stopped = true;
    try {
      thread.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
