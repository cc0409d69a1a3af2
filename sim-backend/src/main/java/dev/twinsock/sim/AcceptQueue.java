package dev.twinsock.sim;

import java.util.ArrayDeque;

/**
 * A listener's connections: those still in the handshake, in arrival order, and the established
 * ones waiting for {@code accept}. Like Linux the accept queue holds backlog + 1 connections: it
 * is full only when it holds more than the backlog.
 */
final class AcceptQueue {
  private final ArrayDeque<TcpSocket> queue = new ArrayDeque<>();
  /** Connections in SYN_RECV; null while there are none. */
  private java.util.List<TcpSocket> handshakes;
  private int backlog;

  AcceptQueue(int backlog) {
    this.backlog = backlog;
  }

  void backlog(int backlog) {
    this.backlog = backlog;
  }

  boolean full() {
    return queue.size() > backlog;
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }

  void add(TcpSocket connection) {
    queue.add(connection);
  }

  TcpSocket poll() {
    return queue.poll();
  }

  boolean contains(TcpSocket connection) {
    return queue.contains(connection);
  }

  /** A SYN made {@code connection}: it is in the handshake. */
  void handshakeStarted(TcpSocket connection) {
    if (handshakes == null) {
      handshakes = new java.util.ArrayList<>();
    }
    handshakes.add(connection);
  }

  /** {@code connection} left the handshake, established or closed. */
  void handshakeEnded(TcpSocket connection) {
    if (handshakes != null && handshakes.remove(connection) && handshakes.isEmpty()) {
      handshakes = null;
    }
  }

  /** The connections still in the handshake, a copy. */
  java.util.List<TcpSocket> handshakes() {
    return handshakes == null ? java.util.List.of() : new java.util.ArrayList<>(handshakes);
  }

  java.util.List<TcpSocket> drain() {
    java.util.List<TcpSocket> all = new java.util.ArrayList<>(queue);
    queue.clear();
    return all;
  }
}
