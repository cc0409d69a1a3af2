package dev.twinsock.jdk.nio;

import java.nio.ByteBuffer;
import java.util.Objects;

/** Copies between byte arrays (what the backend moves) and scattered or gathered buffers. */
final class ByteBuffers {
  private ByteBuffers() {}

  /** The most one call moves: a larger request moves this much, as a short read or write may. */
  static final int MAX_TRANSFER = 256 * 1024;

  static void checkRange(ByteBuffer[] buffers, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, buffers.length);
    for (int i = offset; i < offset + length; i++) {
      Objects.requireNonNull(buffers[i], "buffer");
    }
  }

  static long remaining(ByteBuffer[] buffers, int offset, int length) {
    long total = 0;
    for (int i = offset; i < offset + length; i++) {
      total += buffers[i].remaining();
    }
    return total;
  }

  static void checkWritable(ByteBuffer[] buffers, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      if (buffers[i].isReadOnly()) {
        throw new IllegalArgumentException("Read-only buffer");
      }
    }
  }

  /** Up to {@link #MAX_TRANSFER} bytes of the buffers' remaining content; positions unchanged. */
  static byte[] gather(ByteBuffer[] buffers, int offset, int length) {
    int size = (int) Math.min(MAX_TRANSFER, remaining(buffers, offset, length));
    byte[] bytes = new byte[size];
    int at = 0;
    for (int i = offset; i < offset + length && at < size; i++) {
      ByteBuffer view = buffers[i].duplicate();
      int n = Math.min(view.remaining(), size - at);
      view.get(bytes, at, n);
      at += n;
    }
    return bytes;
  }

  /** Moves the buffers' positions past {@code count} bytes, as a gathering write that took them. */
  static void consume(ByteBuffer[] buffers, int offset, int length, long count) {
    for (int i = offset; i < offset + length && count > 0; i++) {
      int n = (int) Math.min(buffers[i].remaining(), count);
      buffers[i].position(buffers[i].position() + n);
      count -= n;
    }
  }

  /** Puts {@code bytes} into the buffers in order, as a scattering read fills them. */
  static void scatter(byte[] bytes, ByteBuffer[] buffers, int offset, int length) {
    int at = 0;
    for (int i = offset; i < offset + length && at < bytes.length; i++) {
      int n = Math.min(buffers[i].remaining(), bytes.length - at);
      buffers[i].put(bytes, at, n);
      at += n;
    }
  }
}
