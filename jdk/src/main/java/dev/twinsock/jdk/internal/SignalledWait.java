package dev.twinsock.jdk.internal;

import static dev.twinsock.SocketConstants.AF_UNIX;
import static dev.twinsock.SocketConstants.SOCK_STREAM;

import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import dev.twinsock.Sockets;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The wait of a blocking call on a non-blocking backend socket, for both the {@code java.net}
 * sockets and the NIO channels: until the socket is ready, a deadline on the backend's clock passes
 * (virtual time on the sim), or {@link #close()} from another thread or task ends it with the
 * exception the JDK throws for a socket or channel closed under a call.
 *
 * <p>A closed backend socket does not end a wait on it on every backend, so the wait also watches
 * an AF_UNIX pair of its own whose far end {@link #close()} shuts. The pair is made only when a call
 * first has to wait, so a socket that never blocks (a channel under a selector) costs no extra
 * sockets.
 */
public final class SignalledWait {
  /** What a blocked call waits for. */
  public enum Ready { READ, WRITE }

  /** The exceptions of a wait, in the words of the adapter that waits. */
  public interface Failures {
    /** The socket or channel was closed under the call. */
    IOException closed();

    /** The wait's own select or socket pair failed. */
    IOException of(SocketError error);
  }

  private final Sockets sockets;
  private final Clock clock;
  private final Failures failures;
  private Socket near;
  private Socket far;
  private int waiting;
  private boolean closed;

  public SignalledWait(Sockets sockets, Failures failures) {
    this.sockets = sockets;
    this.clock = sockets.clock();
    this.failures = failures;
  }

  /**
   * A time limit of {@code millis} (0 or less: none) for all the waits of one call, counted from
   * now: a wait that ends early with nothing to do leaves the rest of it, not the whole, to the next.
   */
  public Deadline deadline(long millis) {
    return new Deadline(Math.max(0, millis), clock.millis());
  }

  /**
   * The time limit of a call. A wait that select ends without anything ready is over, whatever the
   * clock says (a clock stepped back must not stretch a timeout, as the JDK's monotonic one cannot);
   * the clock only shortens a wait that follows one ended early, its reading clamped to the limit.
   */
  public final class Deadline {
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
   * deadline. True does not promise the call will now succeed (select may wake early): the caller
   * tries again and waits again with the same deadline.
   */
  public boolean await(Socket socket, Ready what, Deadline deadline) throws IOException {
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
        throw failures.closed();
      }
      if (near == null) {
        try {
          Socket[] pair = sockets.createPair(AF_UNIX, SOCK_STREAM, 0);
          near = pair[0];
          far = pair[1];
        } catch (SocketError e) {
          throw failures.of(e);
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
          throw failures.closed();
        }
        if (e instanceof SocketError) {
          throw failures.of((SocketError) e);
        }
        throw e;
      }
      if (isClosed()) {
        throw failures.closed();
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

  /** Whether {@link #close()} has been called. */
  public synchronized boolean isClosed() {
    return closed;
  }

  /** Ends every wait; the pair's near end closes when the last waiter has left. */
  public synchronized void close() {
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
