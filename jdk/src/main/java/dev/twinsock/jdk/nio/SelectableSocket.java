package dev.twinsock.jdk.nio;

import dev.twinsock.Socket;

/**
 * A channel of this package as its {@link TwinsockSelector} sees it: the backend socket to watch
 * and how that socket's readiness reads as the channel's ready operations.
 */
interface SelectableSocket {
  /** The socket the selector passes to {@code Sockets.select}; null once the channel is closed. */
  Socket selectable();

  /** The ready set for a key with {@code interestOps}, given what select reported. */
  int readyOps(boolean readable, boolean writable, int interestOps);
}
