package dev.twinsock.jdk.nio;

import static dev.twinsock.SocketConstants.*;

import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import dev.twinsock.jdk.internal.SignalledWait;
import dev.twinsock.jdk.internal.SignalledWait.Ready;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;

/**
 * The reads and writes of a byte-stream channel (a socket channel, either end of a pipe) over its
 * always non-blocking backend socket: in non-blocking mode one try; in blocking mode a {@link
 * SignalledWait} and another try until something moved, inside the channel's begin/end bracket so
 * that a close from another thread ends the call with {@link AsynchronousCloseException}.
 */
final class StreamTransfer {
  /** What a channel lends its transfer: its state, and the brackets only the channel may call. */
  interface Channel {
    boolean isOpen();

    boolean isBlocking();

    /** {@code AbstractInterruptibleChannel.begin()}. */
    void beginBlocking();

    /** {@code AbstractInterruptibleChannel.end(completed)}. */
    void endBlocking(boolean completed) throws AsynchronousCloseException;
  }

  private final Channel channel;
  private final Socket socket;
  private final SignalledWait wait;

  StreamTransfer(Channel channel, Socket socket, SignalledWait wait) {
    this.channel = channel;
    this.socket = socket;
    this.wait = wait;
  }

  /**
   * A scattering read into buffers the caller checked: the bytes read, -1 at end of stream (or
   * when the channel is closed under the call), 0 when a non-blocking channel has nothing. In
   * blocking mode waits at most {@code timeoutMillis} (0: no limit), then throws {@link
   * SocketTimeoutException}.
   */
  long read(ByteBuffer[] dsts, int offset, int length, long timeoutMillis) throws IOException {
    long wanted = ByteBuffers.remaining(dsts, offset, length);
    if (wanted == 0) {
      return 0;
    }
    int size = (int) Math.min(wanted, ByteBuffers.MAX_TRANSFER);
    boolean blocking = channel.isBlocking();
    boolean completed = false;
    try {
      if (blocking) {
        channel.beginBlocking();
      }
      SignalledWait.Deadline deadline = wait.deadline(timeoutMillis);
      while (true) {
        ensureOpen();
        try {
          byte[] got = socket.recv(size, 0);
          completed = true;
          if (got.length == 0) {
            return -1;
          }
          ByteBuffers.scatter(got, dsts, offset, length);
          return got.length;
        } catch (SocketError e) {
          if (e.code() != SOCKET_EAGAIN) {
            if (!channel.isOpen()) {
              return -1; // closed under us: endBlocking reports it
            }
            throw ChannelErrors.of(e, ChannelErrors.Phase.READ);
          }
        }
        if (!blocking) {
          completed = true;
          return 0;
        }
        if (!wait.await(socket, Ready.READ, deadline)) {
          completed = true;
          throw new SocketTimeoutException("Read timed out");
        }
      }
    } finally {
      if (blocking) {
        channel.endBlocking(completed);
      }
    }
  }

  /**
   * A gathering write from buffers the caller checked: a blocking channel writes everything, a
   * non-blocking one what fits now. Returns the bytes written (as far as it got, if the channel is
   * closed under the call).
   */
  long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    boolean blocking = channel.isBlocking();
    boolean completed = false;
    long written = 0;
    try {
      if (blocking) {
        channel.beginBlocking();
      }
      while (ByteBuffers.remaining(srcs, offset, length) > 0) {
        ensureOpen();
        byte[] bytes = ByteBuffers.gather(srcs, offset, length);
        try {
          int n = socket.send(bytes, bytes.length, MSG_NOSIGNAL);
          ByteBuffers.consume(srcs, offset, length, n);
          written += n;
          if (!blocking) {
            break;
          }
          continue;
        } catch (SocketError e) {
          if (e.code() != SOCKET_EAGAIN) {
            if (!channel.isOpen()) {
              break;
            }
            throw ChannelErrors.of(e, ChannelErrors.Phase.WRITE);
          }
        }
        if (!blocking) {
          break;
        }
        wait.await(socket, Ready.WRITE, wait.deadline(0));
      }
      completed = true;
      return written;
    } finally {
      if (blocking) {
        channel.endBlocking(completed);
      }
    }
  }

  private void ensureOpen() throws ClosedChannelException {
    if (!channel.isOpen()) {
      throw new ClosedChannelException();
    }
  }
}
