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

/** The writing end of a {@link TwinsockPipe}. */
final class PipeSink extends Pipe.SinkChannel implements SelectableSocket, StreamTransfer.Channel {
  private final Socket socket;
  private final SignalledWait wait;
  private final StreamTransfer transfer;

  PipeSink(TwinsockSelectorProvider provider, Socket socket) {
    super(provider);
    this.socket = socket;
    this.wait = new SignalledWait(provider.sockets(), ChannelErrors.WAIT_FAILURES);
    this.transfer = new StreamTransfer(this, socket, wait);
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
    return transfer.write(srcs, offset, length);
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
