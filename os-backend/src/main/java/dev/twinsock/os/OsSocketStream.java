package dev.twinsock.os;

import dev.twinsock.SocketError;
import dev.twinsock.SocketStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * The stream view of an {@link OsSocket} ({@code socket_export_stream}): reads are recv(2), writes
 * are send(2) of every byte, on the very same descriptor. Closing the view closes the socket. Failures
 * surface as {@link IOException}s whose cause is the seed's {@link SocketError}, or, for a socket
 * already closed, the socket's {@link IllegalStateException}.
 */
final class OsSocketStream implements SocketStream {
  private final OsSocket socket;
  private final InputStream input = new Input();
  private final OutputStream output = new Output();

  OsSocketStream(OsSocket socket) {
    this.socket = socket;
  }

  OsSocket socket() {
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

  private static IOException io(RuntimeException e) {
    return new IOException(e.getMessage(), e);
  }

  private final class Input extends InputStream {
    @Override
    public int read() throws IOException {
      byte[] one = read1(1);
      return one.length == 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      byte[] got = read1(len);
      if (got.length == 0) {
        return -1;
      }
      System.arraycopy(got, 0, b, off, got.length);
      return got.length;
    }

    private byte[] read1(int len) throws IOException {
      try {
        return socket.recv(len, 0);
      } catch (SocketError | IllegalStateException e) {
        throw io(e);
      }
    }

    @Override
    public void close() {
      OsSocketStream.this.close();
    }
  }

  private final class Output extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      byte[] rest = off == 0 && len == b.length ? b : Arrays.copyOfRange(b, off, off + len);
      try {
        int done = 0;
        while (done < rest.length) {
          byte[] chunk = done == 0 ? rest : Arrays.copyOfRange(rest, done, rest.length);
          done += socket.send(chunk, chunk.length, 0);
        }
      } catch (SocketError | IllegalStateException e) {
        throw io(e);
      }
    }

    @Override
    public void close() {
      OsSocketStream.this.close();
    }
  }
}
