package dev.twinsock.benchmarks;

import static dev.twinsock.SocketConstants.SOL_TCP;
import static dev.twinsock.SocketConstants.TCP_NODELAY;

import dev.twinsock.Socket;

/** Turns Nagle's algorithm off, as every latency-bound program does (and the JDK side too). */
final class NoDelay {
  private NoDelay() {}

  static void set(Socket socket) {
    socket.setOption(SOL_TCP, TCP_NODELAY, 1);
  }
}
