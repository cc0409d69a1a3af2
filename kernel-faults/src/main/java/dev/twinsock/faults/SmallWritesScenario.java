package dev.twinsock.faults;

import static dev.twinsock.SocketConstants.*;

import dev.twinsock.Linger;
import dev.twinsock.Socket;

/**
 * The kernel's side of the small-write scenarios: how long Nagle's algorithm, delayed ACKs,
 * TCP_CORK and MSG_MORE hold a few bytes back on a fault-free loopback, the timing a program sees
 * and that no fault injection is needed for. Each starts from {@link NetnsScenario#connection()},
 * a connection that already carried a byte each way, so the server has answered once (Linux calls
 * that interactive, and delays its ACKs).
 */
final class SmallWritesScenario {
  static final int ROUNDS = 20;

  private SmallWritesScenario() {}

  /** Request in two small writes, one-byte reply: Nagle holds the second write until the ACK. */
  static void nagle(Report report) {
    requestReply(false, false, false);
  }

  /** The same with TCP_NODELAY on the client: no wait. */
  static void noDelay(Report report) {
    requestReply(true, false, false);
  }

  /** The same with the server setting TCP_QUICKACK after each read: its ACK goes at once. */
  static void quickAck(Report report) {
    requestReply(false, true, false);
  }

  /** A one-byte request, the reply in two small writes: the server's second write waits. */
  static void replyInTwoWrites(Report report) {
    requestReply(false, false, true);
  }

  /**
   * Reports each round's time, {@code round}, and what TCP_QUICKACK reads on the server after its
   * last reply, {@code server.quickack}.
   */
  private static void requestReply(boolean noDelay, boolean quickAck, boolean twoReplyWrites) {
    NetnsScenario.Connection c = NetnsScenario.connection();
    if (noDelay) {
      c.client.setOption(IPPROTO_TCP, TCP_NODELAY, 1);
    }
    int requestBytes = twoReplyWrites ? 1 : 2;
    int replyBytes = twoReplyWrites ? 2 : 1;
    int[] quickAckAfter = new int[1];
    Thread server = new Thread(() -> {
      for (int i = 0; i < ROUNDS; i++) {
        int got = 0;
        while (got < requestBytes) {
          got += c.accepted.read(requestBytes - got).length;
          if (quickAck) {
            c.accepted.setOption(IPPROTO_TCP, TCP_QUICKACK, 1);
          }
        }
        c.accepted.write(new byte[] {'r'});
        if (twoReplyWrites) {
          c.accepted.write(new byte[] {'s'});
        }
      }
      quickAckAfter[0] = (Integer) c.accepted.getOption(IPPROTO_TCP, TCP_QUICKACK);
    }, "server");
    server.start();
    Report r = new Report();
    for (int i = 0; i < ROUNDS; i++) {
      double start = r.now();
      c.client.write(new byte[] {'h'});
      if (!twoReplyWrites) {
        c.client.write(new byte[] {'b'});
      }
      int got = 0;
      while (got < replyBytes) {
        got += c.client.read(replyBytes - got).length;
      }
      r.fact("round", r.now() - start);
    }
    NetnsScenario.join(server);
    r.fact("server.quickack", quickAckAfter[0]);
    c.close();
  }

  /**
   * TCP_CORK on the client: a one-byte write waits for the cork's ceiling ({@code held.ms}), and
   * one written while corked goes when the cork comes off ({@code uncorked.ms}, from the uncork).
   */
  static void cork(Report report) {
    NetnsScenario.Connection c = NetnsScenario.connection();
    c.client.setOption(IPPROTO_TCP, TCP_CORK, 1);
    Report r = new Report();
    c.client.write(new byte[] {'x'});
    c.accepted.read(10);
    r.fact("held.ms", r.now());
    c.client.write(new byte[] {'y'});
    double uncork = r.now();
    c.client.setOption(IPPROTO_TCP, TCP_CORK, 0);
    c.accepted.read(10);
    r.fact("uncorked.ms", r.now() - uncork);
    r.fact("cork.read", c.client.getOption(IPPROTO_TCP, TCP_CORK));
    c.close();
  }

  /**
   * MSG_MORE: a one-byte send waits as a cork does ({@code held.ms}); a send with MSG_MORE
   * followed by one without goes with it ({@code pushed.ms}, {@code pushed.bytes}).
   */
  static void msgMore(Report report) {
    NetnsScenario.Connection c = NetnsScenario.connection();
    Report r = new Report();
    c.client.send(new byte[] {'x'}, 1, MSG_MORE);
    c.accepted.read(10);
    r.fact("held.ms", r.now());
    double start = r.now();
    c.client.send(new byte[] {'y'}, 1, MSG_MORE);
    c.client.send(new byte[] {'z'}, 1, 0);
    int got = c.accepted.read(10).length;
    r.fact("pushed.ms", r.now() - start);
    r.fact("pushed.bytes", got);
    c.close();
  }

  /**
   * A close with SO_LINGER {1, 5} after data, on a connection that carried nothing before (the
   * server not interactive, so it acknowledged the data at once): close returns when the peer
   * acknowledges the FIN, which a peer moving to CLOSE_WAIT does after its delayed-ACK timeout
   * ({@code close.ms}).
   */
  static void finAckDelay(Report report) {
    Socket listener = NetnsScenario.listener();
    Socket client = NetnsScenario.client();
    client.connect(Netns.SERVER, NetnsScenario.PORT);
    Socket accepted = listener.accept();
    client.write(new byte[100]);
    accepted.read(100);
    client.setOption(SOL_SOCKET, SO_LINGER, new Linger(1, 5));
    Report r = new Report();
    client.close();
    r.fact("close.ms", r.now());
    accepted.close();
    listener.close();
  }
}
