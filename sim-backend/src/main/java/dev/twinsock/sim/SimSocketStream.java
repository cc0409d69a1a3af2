package dev.twinsock.sim;

import dev.twinsock.SocketError;
import dev.twinsock.SocketStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The stream view of a simulated socket: the same descriptor, read and written as streams. Failures
 * surface as {@link IOException}s whose cause is the {@link SocketError}, or, for a socket already
 * closed, the socket's {@link IllegalStateException}.
 */
final class SimSocketStream implements SocketStream {
  private final SimSocket socket;
  private final InputStream input;
  private final OutputStream output;

  SimSocketStream(SimSocket socket) {
    this.socket = socket;
    this.input = new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        try {
          return socket.readForStream(b, off, len);
        } catch (SocketError | IllegalStateException e) {
          throw new IOException(e.getMessage(), e);
        }
      }

      @Override
      public void close() {
        socket.close();
      }
    };
    this.output = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        try {
          socket.writeForStream(b, off, len);
        } catch (SocketError | IllegalStateException e) {
          throw new IOException(e.getMessage(), e);
        }
      }

      @Override
      public void close() {
        socket.close();
      }
    };
  }

  SimSocket socket() {
    return socket;
  }

  @Override
  public InputStream input() {
    return input;
  }

  @Override
  public OutputStream output() {
    return output;
  }

  @Override
  public void close() {
    socket.close();
  }
}
