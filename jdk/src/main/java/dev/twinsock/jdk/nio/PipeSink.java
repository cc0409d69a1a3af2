package dev.twinsock.jdk.nio;

import static dev.twinsock.SocketConstants.*;

import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.util.Objects;

/** The writing end of a {@link TwinsockPipe}. */
final class PipeSink extends Pipe.SinkChannel implements SelectableSocket {
  private final Socket socket;
  private final ClosableWait wait;

  PipeSink(TwinsockSelectorProvider provider, Socket socket) {
    super(provider);
    this.socket = socket;
    this.wait = new ClosableWait(provider.sockets());
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    Objects.requireNonNull(src);
    return (int) write(new ByteBuffer[] {src}, 0, 1);
  }

  @Override
  public long write(ByteBuffer[] srcs) throws IOException {
    return write(srcs, 0, srcs.length);
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    ByteBuffers.checkRange(srcs, offset, length);
    if (!isOpen()) {
      throw new ClosedChannelException();
    }
    boolean blocking = isBlocking();
    boolean completed = false;
    long written = 0;
    try {
      if (blocking) {
        begin();
      }
      while (ByteBuffers.remaining(srcs, offset, length) > 0) {
        if (!isOpen()) {
          throw new ClosedChannelException();
        }
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
            throw ChannelErrors.of(e, ChannelErrors.Phase.WRITE);
          }
        }
        if (!blocking) {
          break;
        }
        wait.await(socket, false, 0);
      }
      completed = true;
      return written;
    } finally {
      if (blocking) {
        end(completed);
      }
    }
  }

  @Override
  public Socket selectable() {
    return isOpen() ? socket : null;
  }

  @Override
  public int readyOps(boolean readable, boolean writable, int interestOps) {
    return writable && (interestOps & SelectionKey.OP_WRITE) != 0 ? SelectionKey.OP_WRITE : 0;
  }

  @Override
  protected void implCloseSelectableChannel() {
    wait.close();
    socket.close();
  }

  @Override
  protected void implConfigureBlocking(boolean block) {
    // the backend socket stays non-blocking; blocking mode is the channel's own wait
  }
}
