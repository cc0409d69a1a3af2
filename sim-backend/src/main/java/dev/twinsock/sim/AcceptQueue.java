package dev.twinsock.sim;

import java.util.ArrayDeque;

/**
 * A listener's queue of established connections waiting for {@code accept}. Like Linux it holds
 * backlog + 1 connections: it is full only when it holds more than the backlog.
 */
final class AcceptQueue {
  private final ArrayDeque<TcpSocket> queue = new ArrayDeque<>();
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

  java.util.List<TcpSocket> drain() {
    java.util.List<TcpSocket> all = new java.util.ArrayList<>(queue);
    queue.clear();
    return all;
  }
}
