package dev.twinsock.benchmarks;

import dev.twinsock.Socket;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** Whole reads and writes over twinsock sockets and JDK channels, where a short one is normal. */
final class Io {
  private Io() {}

  /** Writes all of {@code data}, calling again after each partial write. */
  static void writeFully(Socket socket, byte[] data) {
    int written = 0;
    while (written < data.length) {
      byte[] rest = written == 0 ? data : java.util.Arrays.copyOfRange(data, written, data.length);
      written += socket.write(rest);
    }
  }

  /** Reads exactly {@code length} bytes, discarding them; fails on an early end of stream. */
  static void readFully(Socket socket, int length) {
    int left = length;
    while (left > 0) {
      byte[] got = socket.read(Math.min(left, 65_536));
      if (got.length == 0) {
        throw new IllegalStateException("end of stream with " + left + " of " + length + " bytes unread");
      }
      left -= got.length;
    }
  }

  /** Reads exactly {@code length} bytes from a stream into {@code buffer} (reused), discarding them. */
  static void readFully(InputStream in, byte[] buffer, int length) {
    try {
      int left = length;
      while (left > 0) {
        int n = in.read(buffer, 0, Math.min(left, buffer.length));
        if (n < 0) {
          throw new IllegalStateException("end of stream with " + left + " of " + length + " bytes unread");
        }
        left -= n;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes every remaining byte of {@code buffer} to a blocking channel. */
  static void writeFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  /**
   * {@code roundTrips} 1-byte round trips over a {@code java.net.Socket}: the first party writes,
   * then reads; the other reads, then writes.
   */
  static void pingPong(java.net.Socket socket, boolean first, int roundTrips) {
    try {
      InputStream in = socket.getInputStream();
      java.io.OutputStream out = socket.getOutputStream();
      for (int i = 0; i < roundTrips; i++) {
        if (first) {
          out.write(42);
        }
        if (in.read() < 0) {
          throw new IllegalStateException("end of stream in a ping-pong");
        }
        if (!first) {
          out.write(42);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
