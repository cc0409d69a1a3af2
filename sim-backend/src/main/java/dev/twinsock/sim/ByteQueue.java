package dev.twinsock.sim;

/**
 * A growable ring buffer of bytes: a socket's send or receive queue. The buffer is allocated at
 * the first byte and let go once the queue is drained, so an idle connection holds none.
 */
final class ByteQueue {
  private static final byte[] NONE = new byte[0];
  private static final int INITIAL = 256;
  private byte[] buffer = NONE;
  private int head;
  private int size;

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  void append(byte[] data, int offset, int length) {
    if (length == 0) {
      return;
    }
    ensure(size + length);
    int tail = (head + size) % buffer.length;
    int first = Math.min(length, buffer.length - tail);
    System.arraycopy(data, offset, buffer, tail, first);
    System.arraycopy(data, offset + first, buffer, 0, length - first);
    size += length;
  }

  /** Copies {@code length} bytes starting {@code at} bytes from the head, leaving them queued. */
  byte[] copy(int at, int length) {
    byte[] out = new byte[length];
    if (length == 0) {
      return out;
    }
    int start = (head + at) % buffer.length;
    int first = Math.min(length, buffer.length - start);
    System.arraycopy(buffer, start, out, 0, first);
    System.arraycopy(buffer, 0, out, first, length - first);
    return out;
  }

  byte[] take(int length) {
    byte[] out = copy(0, length);
    drop(length);
    return out;
  }

  void drop(int length) {
    if (length == 0) {
      return;
    }
    head = (head + length) % buffer.length;
    size -= length;
    if (size == 0) {
      head = 0;
      buffer = NONE;
    }
  }

  void clear() {
    head = 0;
    size = 0;
    buffer = NONE;
  }

  private void ensure(int capacity) {
    if (capacity <= buffer.length) {
      return;
    }
    int grown = Math.max(buffer.length, INITIAL);
    while (grown < capacity) {
      grown *= 2;
    }
    byte[] bigger = new byte[grown];
    int first = Math.min(size, buffer.length - head);
    System.arraycopy(buffer, head, bigger, 0, first);
    System.arraycopy(buffer, 0, bigger, first, size - first);
    buffer = bigger;
    head = 0;
  }
}
