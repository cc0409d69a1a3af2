package dev.twinsock.jdk.nio;

import static dev.twinsock.SocketConstants.*;

import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import dev.twinsock.Sockets;
import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The wait of a blocking-mode channel call, which {@link #close()} from another thread or task
 * ends, as closing a JDK channel ends a call blocked in it.
 *
 * <p>Closing a socket does not end a wait on it on every backend, so the wait also watches an
 * AF_UNIX socket pair of its own: close shuts the pair's far end, its near end turns readable, and
 * the wait ends on both backends. The pair is made only when a call first has to wait, so a
 * channel that never blocks (one under a selector) costs no extra sockets.
 */
final class ClosableWait {
  private final Sockets sockets;
  private Socket near;
  private Socket far;
  private int waiting;
  private boolean closed;

  ClosableWait(Sockets sockets) {
    this.sockets = sockets;
  }

  /**
   * Waits until {@code socket} is readable ({@code forRead}) or writable, or {@code timeoutMillis}
   * pass (0: no limit). Returns false on a timeout. Throws {@link AsynchronousCloseException} if
   * the channel is closed meanwhile.
   */
  boolean await(Socket socket, boolean forRead, long timeoutMillis) throws IOException {
    Socket signal;
    synchronized (this) {
      if (closed) {
        throw new AsynchronousCloseException();
      }
      if (near == null) {
        try {
          Socket[] pair = sockets.createPair(AF_UNIX, SOCK_STREAM, 0);
          near = pair[0];
          far = pair[1];
        } catch (SocketError e) {
          throw ChannelErrors.of(e, ChannelErrors.Phase.OTHER);
        }
      }
      signal = near;
      waiting++;
    }
    try {
      List<Socket> read = new ArrayList<>(2);
      List<Socket> write = new ArrayList<>(1);
      read.add(signal);
      (forRead ? read : write).add(socket);
      Long seconds = timeoutMillis <= 0 ? null : timeoutMillis / 1000;
      int micros = timeoutMillis <= 0 ? 0 : (int) (timeoutMillis % 1000) * 1000;
      int ready;
      try {
        ready = sockets.select(read, write, null, seconds, micros);
      } catch (SocketError | IllegalArgumentException e) {
        // a socket of the wait was closed under it (EBADF, or closed before the wait began)
        if (isClosed()) {
          throw new AsynchronousCloseException();
        }
        if (e instanceof SocketError) {
          throw ChannelErrors.of((SocketError) e, ChannelErrors.Phase.OTHER);
        }
        throw e;
      }
      if (isClosed()) {
        throw new AsynchronousCloseException();
      }
      return ready > 0;
    } finally {
      synchronized (this) {
        waiting--;
        if (closed && waiting == 0 && near != null) {
          near.close();
        }
      }
    }
  }

  private synchronized boolean isClosed() {
    return closed;
  }

  /** Ends every wait; the pair's near end closes when the last waiter has left. */
  synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (far != null) {
      far.close();
      if (waiting == 0) {
        near.close();
      }
    }
  }
}
