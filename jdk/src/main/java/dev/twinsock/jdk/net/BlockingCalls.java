package dev.twinsock.jdk.net;

import dev.twinsock.Socket;
import dev.twinsock.SocketConstants;
import dev.twinsock.SocketError;
import dev.twinsock.jdk.internal.JdkExceptions;
import dev.twinsock.jdk.internal.SignalledWait;
import dev.twinsock.jdk.internal.SignalledWait.Ready;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * The blocking calls of a {@code java.net} socket on a non-blocking backend socket: try the call; on
 * EAGAIN or EINPROGRESS wait in {@link SignalledWait} and try again, until done, a deadline (the
 * JDK's timeout exception) or a close from elsewhere ({@code SocketException: Socket closed}).
 * A {@link SocketError} leaves as the java.net exception the JDK throws for its errno.
 */
final class BlockingCalls {
  /** How a wait of a {@code java.net} socket fails: as the JDK's own sockets do. */
  static final SignalledWait.Failures FAILURES = new SignalledWait.Failures() {
    @Override
    public IOException closed() {
      return closedException();
    }

    @Override
    public IOException of(SocketError error) {
      return JdkExceptions.ofCall(error.code());
    }
  };

  private final SignalledWait wait;
  private final BooleanSupplier closed;

  BlockingCalls(SignalledWait wait, BooleanSupplier closed) {
    this.wait = wait;
    this.closed = closed;
  }

  /** Connects {@code socket}; false if it was closed meanwhile. */
  boolean connect(Socket socket, String to, int port, SignalledWait.Deadline deadline) throws IOException {
    try {
      socket.connect(to, port);
      return true;
    } catch (SocketError e) {
      if (closed.getAsBoolean()) {
        return false;
      }
      if (e.code() != SocketConstants.SOCKET_EINPROGRESS) {
        throw JdkExceptions.ofCall(e.code());
      }
    }
    while (true) {
      if (!wait.await(socket, Ready.WRITE, deadline)) {
        throw new SocketTimeoutException("Connect timed out");
      }
      try {
        int error = (Integer) socket.getOption(SocketConstants.SOL_SOCKET, SocketConstants.SO_ERROR);
        if (error != 0) {
          throw JdkExceptions.ofCall(error);
        }
        socket.getpeername();
        return true;
      } catch (SocketError e) {
        if (closed.getAsBoolean()) {
          return false;
        }
        if (e.code() != SocketConstants.SOCKET_ENOTCONN) {
          throw JdkExceptions.ofCall(e.code());
        }
      }
    }
  }

  /** The next connection of {@code listening}. */
  Socket accept(Socket listening, SignalledWait.Deadline deadline) throws IOException {
    while (true) {
      try {
        return listening.accept();
      } catch (SocketError e) {
        if (closed.getAsBoolean()) {
          throw closedException();
        }
        if (e.code() != SocketConstants.SOCKET_EAGAIN) {
          throw JdkExceptions.ofCall(e.code());
        }
      }
      if (!wait.await(listening, Ready.READ, deadline)) {
        throw new SocketTimeoutException("Accept timed out");
      }
    }
  }

  /**
   * What has arrived, at most {@code size} bytes, once something has; empty at end of stream. A
   * reset runs {@code onReset} and is the JDK's {@code SocketException: Connection reset}.
   */
  byte[] receive(Socket socket, int size, SignalledWait.Deadline deadline, Runnable onReset) throws IOException {
    return receive(socket, size, deadline, onReset, false);
  }

  /**
   * As {@link #receive(Socket, int, SignalledWait.Deadline, Runnable)}; with {@code waitFirst} (the
   * last read drained the buffer, as a request-response exchange does) it waits for the socket
   * before the first try, saving a receive that would fail with EAGAIN.
   */
  byte[] receive(Socket socket, int size, SignalledWait.Deadline deadline, Runnable onReset, boolean waitFirst)
      throws IOException {
    if (waitFirst && !wait.await(socket, Ready.READ, deadline)) {
      throw new SocketTimeoutException("Read timed out");
    }
    while (true) {
      try {
        return socket.recv(size, 0);
      } catch (SocketError e) {
        if (closed.getAsBoolean()) {
          throw closedException();
        }
        if (e.code() == SocketConstants.SOCKET_ECONNRESET) {
          onReset.run();
          throw new SocketException("Connection reset");
        }
        if (e.code() != SocketConstants.SOCKET_EAGAIN) {
          throw JdkExceptions.ofTransfer(e.code());
        }
      }
      if (!wait.await(socket, Ready.READ, deadline)) {
        throw new SocketTimeoutException("Read timed out");
      }
    }
  }

  /** Sends every byte of {@code b[off, off + len)}, in chunks of at most {@code chunk} bytes. */
  void sendAll(Socket socket, byte[] b, int off, int len, int chunk) throws IOException {
    int pos = off;
    int end = off + len;
    while (pos < end) {
      int size = Math.min(end - pos, chunk);
      byte[] part = pos == 0 && size == b.length ? b : Arrays.copyOfRange(b, pos, pos + size);
      try {
        pos += socket.send(part, size, SocketConstants.MSG_NOSIGNAL);
        continue;
      } catch (SocketError e) {
        if (closed.getAsBoolean()) {
          throw closedException();
        }
        if (e.code() != SocketConstants.SOCKET_EAGAIN) {
          throw JdkExceptions.ofTransfer(e.code());
        }
      }
      wait.await(socket, Ready.WRITE, wait.deadline(0));
    }
  }

  /** What a call on a socket closed under it throws, as a JDK socket's does. */
  static SocketException closedException() {
    return new SocketException("Socket closed");
  }
}
