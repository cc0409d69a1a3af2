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

/** The reading end of a {@link TwinsockPipe}. */
final class PipeSource extends Pipe.SourceChannel implements SelectableSocket {
  private final Socket socket;
  private final ClosableWait wait;

  PipeSource(TwinsockSelectorProvider provider, Socket socket) {
    super(provider);
    this.socket = socket;
    this.wait = new ClosableWait(provider.sockets());
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    Objects.requireNonNull(dst);
    return (int) read(new ByteBuffer[] {dst}, 0, 1);
  }

  @Override
  public long read(ByteBuffer[] dsts) throws IOException {
    return read(dsts, 0, dsts.length);
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    ByteBuffers.checkRange(dsts, offset, length);
    ByteBuffers.checkWritable(dsts, offset, length);
    if (!isOpen()) {
      throw new ClosedChannelException();
    }
    long wanted = ByteBuffers.remaining(dsts, offset, length);
    if (wanted == 0) {
      return 0;
    }
    int size = (int) Math.min(wanted, ByteBuffers.MAX_TRANSFER);
    boolean blocking = isBlocking();
    boolean completed = false;
    try {
      if (blocking) {
        begin();
      }
      while (true) {
        if (!isOpen()) {
          throw new ClosedChannelException();
        }
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
            throw ChannelErrors.of(e, ChannelErrors.Phase.READ);
          }
        }
        if (!blocking) {
          completed = true;
          return 0;
        }
        wait.await(socket, true, 0);
      }
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
    return readable && (interestOps & SelectionKey.OP_READ) != 0 ? SelectionKey.OP_READ : 0;
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
