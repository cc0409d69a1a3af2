package dev.twinsock.jdk.net;

import static dev.twinsock.SocketConstants.AF_UNIX;
import static dev.twinsock.SocketConstants.SOCK_STREAM;

import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import dev.twinsock.Sockets;
import dev.twinsock.jdk.JdkExceptions;
import java.net.SocketException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The wait of a blocking {@code java.net} call on a non-blocking backend socket: until the socket is
 * ready, a deadline on the backend's clock passes (virtual time on the sim), or the socket is closed
 * from another thread or task, which ends the wait with {@code SocketException("Socket closed")} as
 * closing a JDK socket does.
 *
 * <p>A closed backend socket does not end a wait on it on every backend, so the wait also watches
 * an AF_UNIX pair of its own whose far end {@link #close()} shuts. The pair is made only when a call
 * first has to wait.
 */
final class SignalledWait {
  /** What a blocked call waits for. */
  enum Ready { READ, WRITE }

  private final Sockets sockets;
  private final Clock clock;
  private Socket near;
  private Socket far;
  private int waiting;
  private boolean closed;

  SignalledWait(Sockets sockets) {
    this.sockets = sockets;
    this.clock = sockets.clock();
  }

  /** A time limit of {@code millis} (0: none) for the waits of one call. */
  Deadline deadline(long millis) {
    return new Deadline(Math.max(0, millis), clock.millis());
  }

  /**
   * The time limit of a call. A wait that select ends without anything ready is over, whatever the
   * clock says (a clock stepped back must not stretch a timeout, as the JDK's monotonic one cannot);
   * the clock only shortens a wait that follows one ended early, its reading clamped to the limit.
   */
  final class Deadline {
    private final long limit;
    private final long start;

    private Deadline(long limit, long start) {
      this.limit = limit;
      this.start = start;
    }

    boolean unlimited() {
      return limit == 0;
    }

    /** What is left of the limit, at least 0; meaningless when unlimited. */
    long remaining() {
      long spent = Math.min(Math.max(clock.millis() - start, 0), limit);
      return limit - spent;
    }
  }

  /**
   * Waits until {@code socket} is ready for {@code what} or the deadline passes; false on the
   * deadline.
   */
  boolean await(Socket socket, Ready what, Deadline deadline) throws SocketException {
    long millis = 0;
    if (!deadline.unlimited()) {
      millis = deadline.remaining();
      if (millis <= 0) {
        return false;
      }
    }
    Socket signal;
    synchronized (this) {
      if (closed) {
        throw closedException();
      }
      if (near == null) {
        try {
          Socket[] pair = sockets.createPair(AF_UNIX, SOCK_STREAM, 0);
          near = pair[0];
          far = pair[1];
        } catch (SocketError e) {
          throw JdkExceptions.ofCall(e.code());
        }
      }
      signal = near;
      waiting++;
    }
    try {
      List<Socket> read = new ArrayList<>(2);
      List<Socket> write = new ArrayList<>(1);
      read.add(signal);
      (what == Ready.READ ? read : write).add(socket);
      Long seconds = millis == 0 ? null : millis / 1000;
      int micros = (int) (millis % 1000) * 1000;
      int ready;
      try {
        ready = sockets.select(read, write, null, seconds, micros);
      } catch (SocketError | IllegalArgumentException e) {
        // a socket of the wait was closed under it (EBADF, or closed before the wait began)
        if (isClosed()) {
          throw closedException();
        }
        if (e instanceof SocketError) {
          throw JdkExceptions.ofCall(((SocketError) e).code());
        }
        throw e;
      }
      if (isClosed()) {
        throw closedException();
      }
      return ready > 0 || deadline.unlimited();
    } finally {
      synchronized (this) {
        waiting--;
        if (closed && waiting == 0 && near != null) {
          near.close();
        }
      }
    }
  }

  static SocketException closedException() {
    return new SocketException("Socket closed");
  }

  synchronized boolean isClosed() {
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
