package dev.twinsock.faults;

import static dev.twinsock.SocketConstants.*;

import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import dev.twinsock.sim.SimHost;
import dev.twinsock.sim.SimNetwork;
import java.time.Duration;
import java.util.List;

/**
 * The sim's side of a scenario: a network of the two hosts the kernel's namespace has (server
 * 10.0.0.1, client 10.0.0.2) on a link with no latency, as loopback's tens of microseconds are
 * to the model, and the same helpers the kernel side uses, recording the same facts in virtual
 * time.
 */
final class SimTwin implements AutoCloseable {
  static final String SERVER = "10.0.0.1";
  static final String CLIENT = "10.0.0.2";
  static final int PORT = 7;

  final SimNetwork net;
  final SimHost server;
  final SimHost client;
  final Observations sim = new Observations("sim");
  /** The scenario's start, in virtual nanoseconds. */
  private long start;

  /** A network with Linux's default sysctls. */
  SimTwin() {
    this(SimNetwork.builder());
  }

  /** A network with the sysctls the kernel side's namespace sets, on {@code builder}. */
  SimTwin(SimNetwork.Builder builder) {
    net = builder.seed(16).build();
    server = net.addHost("server", SERVER);
    client = net.addHost("client", CLIENT);
  }

  /** Starts the scenario's clock now. */
  void start() {
    start = net.now().toNanos();
  }

  double ms() {
    return ms(net.now().toNanos());
  }

  double ms(long virtualNanos) {
    return (virtualNanos - start) / 1e6;
  }

  void at(String name) {
    sim.fact(name, ms());
  }

  Socket listener() {
    Socket listener = server.create(AF_INET, SOCK_STREAM, SOL_TCP);
    listener.bind(SERVER, PORT);
    listener.listen(16);
    return listener;
  }

  Socket clientSocket() {
    Socket socket = client.create(AF_INET, SOCK_STREAM, SOL_TCP);
    socket.bind(CLIENT, 0);
    return socket;
  }

  /** A connection, one byte each way, as the kernel side's; [listener, client, accepted]. */
  Socket[] connection() {
    Socket listener = listener();
    Socket socket = clientSocket();
    socket.connect(SERVER, PORT);
    Socket accepted = listener.accept();
    socket.write(new byte[] {1});
    accepted.read(1);
    accepted.write(new byte[] {2});
    socket.read(1);
    // the last ACK reaches the server before a cut, as on loopback, where it is delivered in the send
    net.runUntil(() -> net.inFlight().isEmpty());
    return new Socket[] {listener, socket, accepted};
  }

  /** Runs a call and records {@code name.ok} or {@code name.errno}, with {@code name.ms}. */
  void call(String name, Runnable call) {
    try {
      call.run();
      sim.fact(name + ".ok", true);
    } catch (SocketError e) {
      sim.fact(name + ".errno", e.code());
    }
    sim.fact(name + ".ms", ms());
  }

  /** Records each retransmission {@code from} sent to {@code to}, as {@code retransmit}. */
  void recordRetransmissions(String from, String to) {
    for (long t : SimPackets.of(net).retransmissions(from, to)) {
      if (t >= start) {
        sim.fact("retransmit", ms(t));
      }
    }
  }

  List<SimPackets.TcpSegment> segments(String from, String to) {
    return SimPackets.of(net).from(from, to);
  }

  /** Runs {@code action} as a task of {@code host} after {@code delay} of virtual time. */
  void after(SimHost host, Duration delay, Runnable action) {
    net.spawn(host, "after " + delay.toMillis() + " ms", () -> {
      host.sleep(delay);
      action.run();
    });
  }

  @Override
  public void close() {
    net.close();
  }
}
