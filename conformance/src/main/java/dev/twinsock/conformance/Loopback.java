package dev.twinsock.conformance;

import static dev.twinsock.SocketConstants.AF_INET;
import static dev.twinsock.SocketConstants.SOCK_DGRAM;
import static dev.twinsock.SocketConstants.SOCK_STREAM;
import static dev.twinsock.SocketConstants.SOL_TCP;
import static dev.twinsock.SocketConstants.SOL_UDP;

import dev.twinsock.Socket;
import dev.twinsock.Sockets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the loopback fixtures the suite needs — listeners, connected pairs, free ports — and waits
 * for the kernel the only way a test may: with {@code select} and a bound.
 *
 * <p>Nothing here sleeps or reads a clock. On the real kernel a bounded {@code select} returns as
 * soon as the socket is ready; on the sim the same call moves virtual time forward, so the suite
 * runs unchanged on both.
 */
final class Loopback {
  private Loopback() {}

  /** Loopback IPv4, the only IPv4 host the suite talks to. */
  static final String V4 = "127.0.0.1";

  /** Loopback IPv6. */
  static final String V6 = "::1";

  /** How long a test waits for something the kernel is sure to do soon (a packet over loopback). */
  static final long SURE_SECONDS = 2;

  /** A TCP socket on 127.0.0.1, bound to an ephemeral port and listening with a roomy backlog. */
  static Socket listener(Sockets sockets) {
    return listener(sockets, 16);
  }

  /** A TCP socket on 127.0.0.1, bound to an ephemeral port and listening with {@code backlog}. */
  static Socket listener(Sockets sockets, int backlog) {
    Socket listener = tcp(sockets);
    listener.bind(V4, 0);
    listener.listen(backlog);
    return listener;
  }

  /** A fresh, unbound AF_INET stream socket. */
  static Socket tcp(Sockets sockets) {
    return sockets.create(AF_INET, SOCK_STREAM, SOL_TCP);
  }

  /** A fresh, unbound AF_INET datagram socket. */
  static Socket udp(Sockets sockets) {
    return sockets.create(AF_INET, SOCK_DGRAM, SOL_UDP);
  }

  /** A UDP socket bound to 127.0.0.1 on an ephemeral port. */
  static Socket boundUdp(Sockets sockets) {
    Socket udp = udp(sockets);
    udp.bind(V4, 0);
    return udp;
  }

  /** The local port of a bound socket. */
  static int port(Socket socket) {
    return socket.getsockname().port();
  }

  /**
   * A TCP port nobody listens on: bound to learn a free port, then closed. A socket that was never
   * connected leaves no TIME_WAIT behind, so the port is free again at once.
   */
  static int freePort(Sockets sockets) {
    Socket probe = tcp(sockets);
    probe.bind(V4, 0);
    int port = port(probe);
    probe.close();
    return port;
  }

  /** A UDP port nobody receives on, found the same way as {@link #freePort}. */
  static int freeUdpPort(Sockets sockets) {
    Socket probe = boundUdp(sockets);
    int port = port(probe);
    probe.close();
    return port;
  }

  /**
   * A blocking connect to {@code listener}. It completes without an accept: the kernel finishes
   * the handshake itself while the listener's queue has room.
   */
  static Socket connectTo(Sockets sockets, Socket listener) {
    Socket client = tcp(sockets);
    client.connect(V4, port(listener));
    return client;
  }

  /**
   * A connected TCP pair over 127.0.0.1: {@code [client, server]}, both blocking. The listener is
   * closed again; accepted connections outlive it.
   */
  static Socket[] connectedPair(Sockets sockets) {
    Socket listener = listener(sockets);
    Socket client = connectTo(sockets, listener);
    // The connection is already queued, so this blocking accept returns at once.
    Socket server = listener.accept();
    listener.close();
    return new Socket[] {client, server};
  }

  /** Whether {@code socket} becomes readable (data, EOF, an error or a pending connection) within the bound. */
  static boolean awaitReadable(Sockets sockets, Socket socket, long seconds) {
    List<Socket> read = new ArrayList<>(List.of(socket));
    return sockets.select(read, null, null, seconds, 0) == 1;
  }

  /** {@link #awaitReadable(Sockets, Socket, long)} with {@link #SURE_SECONDS}. */
  static boolean awaitReadable(Sockets sockets, Socket socket) {
    return awaitReadable(sockets, socket, SURE_SECONDS);
  }

  /** Whether {@code socket} becomes writable (or its connect finishes, either way) within the bound. */
  static boolean awaitWritable(Sockets sockets, Socket socket, long seconds) {
    List<Socket> write = new ArrayList<>(List.of(socket));
    return sockets.select(null, write, null, seconds, 0) == 1;
  }

  /** {@link #awaitWritable(Sockets, Socket, long)} with {@link #SURE_SECONDS}. */
  static boolean awaitWritable(Sockets sockets, Socket socket) {
    return awaitWritable(sockets, socket, SURE_SECONDS);
  }

  /**
   * Lets packets already sent arrive when no socket of the test can signal it (an RST that
   * follows a FIN leaves a socket as readable as it was). Waits on a socket nobody sends to, so it
   * is a bounded {@code select}, not a sleep: the real kernel has delivered loopback packets long
   * before the bound, and the sim moves its virtual clock.
   */
  static void letPacketsArrive(Sockets sockets) {
    Socket idle = boundUdp(sockets);
    try {
      List<Socket> read = new ArrayList<>(List.of(idle));
      sockets.select(read, null, null, 0L, 100_000);
    } finally {
      idle.close();
    }
  }
}
