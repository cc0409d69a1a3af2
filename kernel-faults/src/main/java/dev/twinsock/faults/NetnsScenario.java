package dev.twinsock.faults;

import static dev.twinsock.SocketConstants.*;

import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import dev.twinsock.Timeval;
import dev.twinsock.os.OsSockets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One fault scenario on the real kernel, run by a child JVM that {@code unshare -n} started in a
 * fresh network namespace: {@code java dev.twinsock.faults.NetnsScenario <name>}. It shapes the
 * namespace ({@link Netns}), runs the scenario's socket calls on the os backend, and reports what
 * happened ({@link Report}): each call's result or errno and when, and what the kernel
 * retransmitted and probed ({@link TcpInfoWatch}). The server is 10.0.0.1 port 7, the client
 * 10.0.0.2, both on this namespace's loopback; the sim's twin of each scenario uses the same
 * addresses.
 *
 * <p>Exit status 0 when the scenario ran (whatever the kernel answered), 2 when the namespace
 * could not be shaped (the parent skips then), 1 on anything else.
 */
public final class NetnsScenario {
  static final int PORT = 7;
  /** The scenarios, by the name the parent passes. */
  static final Map<String, Consumer<Report>> SCENARIOS = Map.ofEntries(
      Map.entry("syn-cut-nonblocking", NetnsScenario::synCutNonBlocking),
      Map.entry("syn-cut-syncnt", NetnsScenario::synCutSyncnt),
      Map.entry("syn-cut-heals", NetnsScenario::synCutHeals),
      Map.entry("synack-cut", NetnsScenario::synAckCut),
      Map.entry("established-cut", NetnsScenario::establishedCut),
      Map.entry("user-timeout", NetnsScenario::userTimeout),
      Map.entry("keepalive-dead-peer", NetnsScenario::keepaliveDeadPeer),
      Map.entry("keepalive-idle-alive", NetnsScenario::keepaliveIdleAlive),
      Map.entry("cut-heals", NetnsScenario::cutHeals),
      Map.entry("ack-cut", NetnsScenario::ackCut),
      Map.entry("loss", NetnsScenario::loss),
      Map.entry("bandwidth", NetnsScenario::bandwidth),
      Map.entry("nagle-request-reply", SmallWritesScenario::nagle),
      Map.entry("nodelay-request-reply", SmallWritesScenario::noDelay),
      Map.entry("quickack-request-reply", SmallWritesScenario::quickAck),
      Map.entry("reply-in-two-writes", SmallWritesScenario::replyInTwoWrites),
      Map.entry("cork", SmallWritesScenario::cork),
      Map.entry("msg-more", SmallWritesScenario::msgMore),
      Map.entry("fin-ack-delay", SmallWritesScenario::finAckDelay));

  private NetnsScenario() {}

  public static void main(String[] args) {
    Consumer<Report> scenario = args.length == 1 ? SCENARIOS.get(args[0]) : null;
    if (scenario == null) {
      System.err.println("usage: NetnsScenario <" + String.join("|", SCENARIOS.keySet()) + ">");
      System.exit(1);
    }
    try {
      Netns.setUp();
    } catch (IllegalStateException e) {
      System.out.println("@skip " + e.getMessage());
      System.exit(2);
    }
    try (OsSockets os = new OsSockets()) {
      scenarioSockets = os;
      warmUp();
      scenario.accept(new Report());
    }
    System.out.println(Report.PREFIX + "done true");
    System.exit(0);
  }

  private static OsSockets scenarioSockets;

  /**
   * Runs every call the scenarios make once, over 127.0.0.1 where no fault applies, so that class
   * loading and the native bindings' first calls (tens of milliseconds) do not fall between a
   * scenario's start and the packet it times.
   */
  private static void warmUp() {
    Socket listener = scenarioSockets.create(AF_INET, SOCK_STREAM, SOL_TCP);
    listener.bind("127.0.0.1", 0);
    listener.listen(1);
    Socket client = scenarioSockets.create(AF_INET, SOCK_STREAM, SOL_TCP);
    client.setNonblock();
    try {
      client.connect("127.0.0.1", listener.getsockname().port());
    } catch (SocketError inProgress) {
      // EINPROGRESS, as a scenario's non-blocking connect
    }
    scenarioSockets.select(null, new ArrayList<>(List.of(client)), null, 1L, 0);
    client.getOption(SOL_SOCKET, SO_ERROR);
    client.setBlock();
    Socket accepted = listener.accept();
    client.write(new byte[10]);
    accepted.read(10);
    TcpInfoWatch.now(client, listener.getsockname().port());
    client.setOption(SOL_SOCKET, SO_RCVTIMEO, new Timeval(0, 1000));
    try {
      client.read(1);
    } catch (SocketError timedOut) {
      // EAGAIN, as a scenario's receive timeout
    }
    accepted.close();
    client.close();
    listener.close();
  }

  // ---------------------------------------------------------------- connection set-up

  /** tcp_syn_retries = 1, the SYN dropped: a non-blocking connect, select, SO_ERROR. */
  static void synCutNonBlocking(Report report) {
    Netns.sysctl("tcp_syn_retries", 1);
    Socket listener = listener();
    int cut = Netns.cut(Netns.CLIENT, Netns.SERVER);
    Socket client = client();
    client.setNonblock();
    Report r = new Report();
    call(r, "connect", () -> client.connect(Netns.SERVER, PORT));
    try (TcpInfoWatch watch = new TcpInfoWatch(client, PORT, r, "")) {
      List<Socket> write = new ArrayList<>(List.of(client));
      int ready = scenarioSockets.select(null, write, null, 20L, 0);
      r.at("select");
      r.fact("select.ready", ready);
      r.fact("so_error", client.getOption(SOL_SOCKET, SO_ERROR));
    }
    r.fact("syns.dropped", Netns.packets(cut));
    client.close();
    listener.close();
  }

  /** Default sysctls, TCP_SYNCNT = 1 on the socket, the SYN dropped: a blocking connect. */
  static void synCutSyncnt(Report report) {
    Socket listener = listener();
    int cut = Netns.cut(Netns.CLIENT, Netns.SERVER);
    Socket client = client();
    client.setOption(IPPROTO_TCP, TCP_SYNCNT, 1);
    Report r = new Report();
    call(r, "connect", () -> client.connect(Netns.SERVER, PORT));
    r.fact("syns.dropped", Netns.packets(cut));
    client.close();
    listener.close();
  }

  /** tcp_syn_retries = 2, the SYN dropped until 1.5 s: the third SYN (at 3 s) gets through. */
  static void synCutHeals(Report report) {
    Netns.sysctl("tcp_syn_retries", 2);
    Socket listener = listener();
    int cut = Netns.cut(Netns.CLIENT, Netns.SERVER);
    Socket client = client();
    Report r = new Report();
    Thread healer = after(1500, () -> {
      Netns.remove(cut);
      r.at("healed");
    });
    call(r, "connect", () -> client.connect(Netns.SERVER, PORT));
    join(healer);
    Socket accepted = listener.accept();
    client.write("hello".getBytes());
    r.fact("read", new String(accepted.read(100)));
    accepted.close();
    client.close();
    listener.close();
  }

  /** tcp_syn_retries = 1, only the SYN-ACK dropped (a one-way cut from the server). */
  static void synAckCut(Report report) {
    Netns.sysctl("tcp_syn_retries", 1);
    Socket listener = listener();
    int synAcks = Netns.cut(Netns.SERVER, Netns.CLIENT);
    int syns = Netns.count(Netns.CLIENT, Netns.SERVER);
    Socket client = client();
    Report r = new Report();
    call(r, "connect", () -> client.connect(Netns.SERVER, PORT));
    r.fact("syns", Netns.packets(syns));
    r.fact("synacks.dropped", Netns.packets(synAcks));
    listener.setNonblock();
    call(r, "accept", () -> listener.accept().close());
    client.close();
    listener.close();
  }

  // ---------------------------------------------------------------- established connections

  /** tcp_retries2 = 3; cut both ways, then 100 bytes sent: the client's recv waits for ETIMEDOUT. */
  static void establishedCut(Report report) {
    Netns.sysctl("tcp_retries2", 3);
    Connection c = connection();
    Netns.cut(Netns.CLIENT, Netns.SERVER);
    Netns.cut(Netns.SERVER, Netns.CLIENT);
    Report r = new Report();
    try (TcpInfoWatch watch = new TcpInfoWatch(c.client, PORT, r, "")) {
      TcpInfo.Reader sent = TcpInfo.of(c.client, PORT);
      r.fact("write", c.client.write(new byte[100]));
      wrote(r, sent);
      call(r, "recv", () -> c.client.read(100));
    }
    call(r, "send.after", () -> c.client.write(new byte[1]));
    c.close();
  }

  /** Default sysctls, TCP_USER_TIMEOUT = 1500 ms; cut both ways, then 100 bytes sent. */
  static void userTimeout(Report report) {
    Connection c = connection();
    c.client.setOption(IPPROTO_TCP, TCP_USER_TIMEOUT, 1500);
    Netns.cut(Netns.CLIENT, Netns.SERVER);
    Netns.cut(Netns.SERVER, Netns.CLIENT);
    Report r = new Report();
    try (TcpInfoWatch watch = new TcpInfoWatch(c.client, PORT, r, "")) {
      TcpInfo.Reader sent = TcpInfo.of(c.client, PORT);
      r.fact("write", c.client.write(new byte[100]));
      wrote(r, sent);
      c.client.setOption(SOL_SOCKET, SO_RCVTIMEO, new Timeval(10, 0));
      call(r, "recv", () -> c.client.read(100));
    }
    c.close();
  }

  /** SO_KEEPALIVE with TCP_KEEPIDLE 1, TCP_KEEPINTVL 1, TCP_KEEPCNT 2 on an idle connection cut both ways. */
  static void keepaliveDeadPeer(Report report) {
    Report r = new Report();
    Connection c = connection();
    idle(r, c.client);
    c.client.setOption(SOL_SOCKET, SO_KEEPALIVE, 1);
    c.client.setOption(IPPROTO_TCP, TCP_KEEPIDLE, 1);
    c.client.setOption(IPPROTO_TCP, TCP_KEEPINTVL, 1);
    c.client.setOption(IPPROTO_TCP, TCP_KEEPCNT, 2);
    c.client.setOption(SOL_SOCKET, SO_RCVTIMEO, new Timeval(8, 0));
    Netns.cut(Netns.CLIENT, Netns.SERVER);
    Netns.cut(Netns.SERVER, Netns.CLIENT);
    try (TcpInfoWatch watch = new TcpInfoWatch(c.client, PORT, r, "")) {
      call(r, "recv", () -> c.client.read(100));
    }
    c.close();
  }

  /**
   * tcp_keepalive_time 1, tcp_keepalive_intvl 1, tcp_keepalive_probes 2 (the namespace's sysctls),
   * SO_KEEPALIVE on an idle, healthy connection: the probes are answered and it stays up.
   */
  static void keepaliveIdleAlive(Report report) {
    Netns.sysctl("tcp_keepalive_time", 1);
    Netns.sysctl("tcp_keepalive_intvl", 1);
    Netns.sysctl("tcp_keepalive_probes", 2);
    Report r = new Report();
    Connection c = connection();
    idle(r, c.client);
    c.client.setOption(SOL_SOCKET, SO_KEEPALIVE, 1);
    c.client.setOption(SOL_SOCKET, SO_RCVTIMEO, new Timeval(3, 500_000));
    int fromClient = Netns.count(Netns.CLIENT, Netns.SERVER);
    call(r, "recv", () -> c.client.read(100));
    r.fact("client.packets.idle", Netns.packets(fromClient));
    c.accepted.write("ok".getBytes());
    c.client.setOption(SOL_SOCKET, SO_RCVTIMEO, new Timeval(1, 0));
    r.fact("read.after", new String(c.client.read(100)));
    c.close();
  }

  /** tcp_retries2 = 3; cut both ways, 100 bytes sent, healed at 1 s: the next retransmission delivers them. */
  static void cutHeals(Report report) {
    Netns.sysctl("tcp_retries2", 3);
    Connection c = connection();
    int up = Netns.cut(Netns.CLIENT, Netns.SERVER);
    int down = Netns.cut(Netns.SERVER, Netns.CLIENT);
    Report r = new Report();
    try (TcpInfoWatch watch = new TcpInfoWatch(c.client, PORT, r, "")) {
      TcpInfo.Reader sent = TcpInfo.of(c.client, PORT);
      r.fact("write", c.client.write(pattern(100)));
      wrote(r, sent);
      Thread healer = after(1000, () -> {
        Netns.remove(up);
        Netns.remove(down);
        r.at("healed");
      });
      byte[] got = c.accepted.read(100);
      r.at("read");
      r.fact("read.bytes", got.length);
      r.fact("read.intact", java.util.Arrays.equals(got, pattern(100)));
      join(healer);
      c.accepted.write("ok".getBytes());
      r.fact("reply", new String(c.client.read(100)));
    }
    c.close();
  }

  /** tcp_retries2 = 3; a one-way cut from the server: the data arrives, its acknowledgements do not. */
  static void ackCut(Report report) {
    Netns.sysctl("tcp_retries2", 3);
    Connection c = connection();
    int acks = Netns.cut(Netns.SERVER, Netns.CLIENT);
    int fromClient = Netns.count(Netns.CLIENT, Netns.SERVER);
    Report r = new Report();
    try (TcpInfoWatch watch = new TcpInfoWatch(c.client, PORT, r, "")) {
      TcpInfo.Reader sent = TcpInfo.of(c.client, PORT);
      r.fact("write", c.client.write(pattern(100)));
      wrote(r, sent);
      byte[] got = c.accepted.read(100);
      r.at("server.read");
      r.fact("server.read.bytes", got.length);
      call(r, "recv", () -> c.client.read(100));
    }
    r.fact("client.packets", Netns.packets(fromClient));
    r.fact("acks.dropped", Netns.packets(acks));
    c.accepted.setOption(SOL_SOCKET, SO_RCVTIMEO, new Timeval(0, 200_000));
    call(r, "server.recv.after", () -> c.accepted.read(100));
    c.close();
  }

  // ---------------------------------------------------------------- loss and bandwidth

  static final int LOSS_PERCENT = 10;
  static final int LOSS_BYTES = 300_000;

  /** 10 % random loss each way on an established connection: 300,000 bytes, all of them, in order. */
  static void loss(Report report) {
    Connection c = connection();
    int up = Netns.loss(Netns.CLIENT, Netns.SERVER, LOSS_PERCENT);
    int down = Netns.loss(Netns.SERVER, Netns.CLIENT, LOSS_PERCENT);
    Report r = new Report();
    byte[] data = pattern(LOSS_BYTES);
    Thread writer = new Thread(() -> c.client.write(data), "writer");
    writer.start();
    byte[] got = readFully(c.accepted, LOSS_BYTES);
    r.at("read.done");
    join(writer);
    r.fact("read.bytes", got.length);
    r.fact("read.intact", java.util.Arrays.equals(got, data));
    r.fact("total_retrans", TcpInfoWatch.now(c.client, PORT).totalRetrans);
    r.fact("dropped.up", Netns.packets(up));
    r.fact("dropped.down", Netns.packets(down));
    c.close();
  }

  static final String RATE = "2mbit";
  static final int RATE_BYTES_PER_SECOND = 250_000;
  static final int TBF_BURST = 4000;
  static final int TBF_LIMIT = 30_000;
  static final int BANDWIDTH_BYTES = 500_000;

  /** tbf at 2 Mbit/s on loopback: 500,000 bytes from the client, timed at the server. */
  static void bandwidth(Report report) {
    Connection c = connection();
    Netns.tbf(RATE, TBF_BURST, TBF_LIMIT);
    Report r = new Report();
    byte[] data = pattern(BANDWIDTH_BYTES);
    Thread writer = new Thread(() -> c.client.write(data), "writer");
    writer.start();
    byte[] got = readFully(c.accepted, BANDWIDTH_BYTES);
    r.at("read.done");
    join(writer);
    r.fact("read.intact", java.util.Arrays.equals(got, data));
    r.fact("total_retrans", TcpInfoWatch.now(c.client, PORT).totalRetrans);
    c.close();
  }

  // ---------------------------------------------------------------- helpers

  /** The byte at position i of every payload the scenarios send, so order and integrity show. */
  static byte[] pattern(int length) {
    byte[] data = new byte[length];
    for (int i = 0; i < length; i++) {
      data[i] = (byte) (i * 31 + i / 251);
    }
    return data;
  }

  private static byte[] readFully(Socket socket, int length) {
    byte[] all = new byte[length];
    int at = 0;
    while (at < length) {
      byte[] chunk = socket.read(Math.min(65536, length - at));
      if (chunk.length == 0) {
        break;
      }
      System.arraycopy(chunk, 0, all, at, chunk.length);
      at += chunk.length;
    }
    return at == length ? all : java.util.Arrays.copyOf(all, at);
  }

  static Socket listener() {
    Socket listener = scenarioSockets.create(AF_INET, SOCK_STREAM, SOL_TCP);
    listener.bind(Netns.SERVER, PORT);
    listener.listen(16);
    return listener;
  }

  static Socket client() {
    Socket client = scenarioSockets.create(AF_INET, SOCK_STREAM, SOL_TCP);
    client.bind(Netns.CLIENT, 0);
    return client;
  }

  /** A listener, a client connected to it and the accepted end, one byte each way so both have an RTT. */
  static final class Connection {
    final Socket listener = listener();
    final Socket client = client();
    final Socket accepted;

    Connection() {
      client.connect(Netns.SERVER, PORT);
      accepted = listener.accept();
      client.write(new byte[] {1});
      accepted.read(1);
      accepted.write(new byte[] {2});
      client.read(1);
    }

    void close() {
      client.close();
      accepted.close();
      listener.close();
    }
  }

  static Connection connection() {
    return new Connection();
  }

  /**
   * Reports {@code write.ms}: when the kernel sent the data just written, by its own clock
   * (tcpi_last_data_sent), so that a JVM descheduled around the write does not move the moment
   * the retransmission timers count from.
   */
  private static void wrote(Report r, TcpInfo.Reader sent) {
    TcpInfo info = sent.read();
    r.fact("write.ms", r.now() - info.lastDataSentMs);
  }

  /** Reports {@code idle}: when the connection last received anything, from which keepalive counts. */
  private static void idle(Report r, Socket socket) {
    TcpInfo info = TcpInfo.of(socket, PORT).read();
    r.fact("idle", r.now() - Math.min(info.lastDataRecvMs, info.lastAckRecvMs));
  }

  /** Runs a call and reports {@code name.ok} or {@code name.errno} with {@code name.ms}. */
  private static void call(Report r, String name, Runnable call) {
    try {
      call.run();
      r.fact(name + ".ok", true);
    } catch (SocketError e) {
      r.fact(name + ".errno", e.code());
    }
    r.fact(name + ".ms", r.now());
  }

  static Thread after(long millis, Runnable action) {
    Thread thread = new Thread(() -> {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        return;
      }
      action.run();
    }, "after " + millis + " ms");
    thread.start();
    return thread;
  }

  static void join(Thread thread) {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
