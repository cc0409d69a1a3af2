package dev.twinsock.cli;

import static dev.twinsock.SocketConstants.*;

import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import dev.twinsock.Timeval;
import dev.twinsock.sim.Partition;
import dev.twinsock.sim.SimHost;
import dev.twinsock.sim.SimNetwork;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The run {@code twinsock demo} tells: an echo service and three clients that each make {@link
 * #ROUNDS} round trips, over links with jitter and loss; the first client is cut off for a while,
 * then the server crashes and comes back with a fresh kernel, and the clients reconnect. The
 * clients write down what they see ({@link Note}); the network's trace holds the rest.
 */
final class EchoStory {
  static final String SERVER = "echo";
  static final List<String> CLIENTS = List.of("alice", "bob", "carol");
  static final int PORT = 7;
  static final int ROUNDS = 6;
  // ints, so that the command's help (an annotation) can say them
  static final int LATENCY_MS = 20;
  static final int JITTER_MS = 10;
  static final int LOSS_PERCENT = 3;
  static final int PARTITION_SECONDS = 2;
  static final Duration LATENCY = Duration.ofMillis(LATENCY_MS);
  static final Duration JITTER = Duration.ofMillis(JITTER_MS);
  static final double LOSS = LOSS_PERCENT / 100.0;
  static final Duration PARTITION_AT = Duration.ofMillis(1500);
  static final Duration PARTITION_FOR = Duration.ofSeconds(PARTITION_SECONDS);
  static final Duration CRASH_AT = Duration.ofMillis(4500);
  static final Duration DOWN_FOR = Duration.ofMillis(1500);
  static final Duration PAUSE_BETWEEN_PINGS = Duration.ofSeconds(1);
  static final Duration RECONNECT_AFTER = Duration.ofMillis(200);
  /**
   * How long a client waits for its echo. Without a limit, a client whose ping was acknowledged by a
   * server that then crashed waits forever: it has nothing unacknowledged to retransmit, so nothing
   * tells it the peer is gone.
   */
  static final int REPLY_TIMEOUT_SECONDS = 2;
  /** However the seed falls, the story ends here: a client still trying by then is reported as such. */
  static final Duration TIME_LIMIT = Duration.ofMinutes(5);

  /** Something a host's program saw, at a virtual time. */
  record Note(long nanos, String host, String text) {}

  private final SimNetwork net;
  private final List<Note> notes = new ArrayList<>();
  private final Map<String, Integer> roundTrips = new LinkedHashMap<>();
  private int reconnects;
  private int clientsDone;

  private EchoStory(SimNetwork net) {
    this.net = net;
  }

  /** Runs the story on {@code net}, a fresh network; the caller closes it (after writing its pcap). */
  static EchoStory run(SimNetwork net) {
    EchoStory story = new EchoStory(net);
    story.play();
    return story;
  }

  private void play() {
    SimHost server = net.addHost(SERVER, "10.0.0.1");
    net.linkDefaults().latency(LATENCY).jitter(JITTER).loss(LOSS);
    List<SimHost> clients = new ArrayList<>();
    for (int i = 0; i < CLIENTS.size(); i++) {
      clients.add(net.addHost(CLIENTS.get(i), "10.0.0." + (i + 2)));
    }
    server.main(() -> serve(server));
    for (int i = 0; i < clients.size(); i++) {
      SimHost client = clients.get(i);
      Duration start = Duration.ofMillis(100L * i);
      roundTrips.put(client.name(), 0);
      net.spawn(client, "pinger", () -> ping(client, start));
    }
    // the driver plays the faults at fixed virtual times, between runs of the tasks
    net.runFor(PARTITION_AT);
    Partition cut = net.partition(Set.of(clients.get(0)), Set.of(server));
    net.runFor(PARTITION_FOR);
    cut.close();
    net.runFor(CRASH_AT.minus(PARTITION_AT).minus(PARTITION_FOR));
    server.crash();
    net.runFor(DOWN_FOR);
    server.restart();
    net.runUntil(() -> clientsDone == clients.size() || net.now().compareTo(TIME_LIMIT) >= 0);
  }

  /** The echo service: each connection in a task of its own; it runs again after a restart. */
  private void serve(SimHost server) {
    Socket listener = server.createListen(PORT);
    note(server, "listening on port " + PORT);
    for (int n = 1; ; n++) {
      Socket connection = listener.accept();
      note(server, "accepted " + connection.getpeername().address() + " (" + hostAt(connection) + ")");
      net.spawn(server, "connection-" + n, () -> echo(connection));
    }
  }

  private String hostAt(Socket connection) {
    String address = connection.getpeername().address();
    for (SimHost host : net.hosts()) {
      if (host.ipv4().equals(address)) {
        return host.name();
      }
    }
    return address;
  }

  private void echo(Socket connection) {
    try {
      byte[] line;
      while ((line = connection.read(100, PHP_NORMAL_READ)).length > 0) {
        connection.write(line);
      }
    } catch (SocketError e) {
      // the client went away abruptly; its own notes say why
    } finally {
      connection.close();
    }
  }

  /** A client: {@link #ROUNDS} pings, one a second, reconnecting after any failure. */
  private void ping(SimHost client, Duration start) {
    client.sleep(start);
    Socket socket = null;
    int round = 1;
    while (round <= ROUNDS) {
      try {
        if (socket == null) {
          long began = net.now().toNanos();
          socket = client.create(AF_INET, SOCK_STREAM, SOL_TCP);
          socket.setOption(SOL_SOCKET, SO_RCVTIMEO, new Timeval(REPLY_TIMEOUT_SECONDS, 0));
          socket.connect(SERVER, PORT);
          note(client, "connected to " + SERVER + ":" + PORT + " from port " + socket.getsockname().port()
              + " in " + millis(net.now().toNanos() - began));
        }
        String ping = "ping " + round + " from " + client.name() + "\n";
        long sent = net.now().toNanos();
        socket.write(ping.getBytes(StandardCharsets.US_ASCII));
        byte[] reply = socket.read(100, PHP_NORMAL_READ);
        if (reply.length == 0) {
          note(client, "the server closed the connection; reconnecting");
          socket.close();
          socket = null;
          reconnects++;
          continue;
        }
        String echoed = new String(reply, StandardCharsets.US_ASCII);
        if (!echoed.equals(ping)) {
          throw new AssertionError(client.name() + " sent '" + ping.strip() + "' and got back '" + echoed.strip() + "'");
        }
        long took = net.now().toNanos() - sent;
        roundTrips.merge(client.name(), 1, Integer::sum);
        if (took > 4 * LATENCY.toNanos()) {
          note(client, "round trip " + round + " took " + millis(took) + ": the reply came late");
        }
        round++;
        client.sleep(PAUSE_BETWEEN_PINGS);
      } catch (SocketError e) {
        String why = e.code() == SOCKET_EAGAIN ? "no echo within " + REPLY_TIMEOUT_SECONDS + " s (SO_RCVTIMEO)"
            : e.function() + "() failed: " + e.reason() + " (errno " + e.code() + ")";
        note(client, why + "; reconnecting in " + RECONNECT_AFTER.toMillis() + " ms");
        if (socket != null) {
          socket.close();
          socket = null;
        }
        reconnects++;
        client.sleep(RECONNECT_AFTER);
      }
    }
    socket.close();
    note(client, "done: " + ROUNDS + " round trips");
    clientsDone++;
  }

  private void note(SimHost host, String text) {
    notes.add(new Note(net.now().toNanos(), host.name(), text));
  }

  static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
  }

  List<Note> notes() {
    return notes;
  }

  /** Round trips completed, per client, in the clients' order. */
  Map<String, Integer> roundTrips() {
    return roundTrips;
  }

  int reconnects() {
    return reconnects;
  }

  boolean finished() {
    return clientsDone == CLIENTS.size();
  }

  SimNetwork network() {
    return net;
  }
}
