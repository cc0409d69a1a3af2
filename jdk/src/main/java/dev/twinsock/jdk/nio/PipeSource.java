package dev.twinsock.jdk.nio;

import dev.twinsock.Socket;
import dev.twinsock.jdk.internal.SignalledWait;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.util.Objects;

/** The reading end of a {@link TwinsockPipe}. */
final class PipeSource extends Pipe.SourceChannel implements SelectableSocket, StreamTransfer.Channel {
  private final Socket socket;
  private final SignalledWait wait;
  private final StreamTransfer transfer;

  PipeSource(TwinsockSelectorProvider provider, Socket socket) {
    super(provider);
    this.socket = socket;
    this.wait = new SignalledWait(provider.sockets(), ChannelErrors.WAIT_FAILURES);
    this.transfer = new StreamTransfer(this, socket, wait);
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
    return transfer.read(dsts, offset, length, 0);
  }

  @Override
  public void beginBlocking() {
    begin();
  }

  @Override
  public void endBlocking(boolean completed) throws AsynchronousCloseException {
    end(completed);
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
