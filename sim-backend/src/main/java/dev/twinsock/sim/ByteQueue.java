package dev.twinsock.sim;

/** A growable ring buffer of bytes: a socket's send or receive queue. */
final class ByteQueue {
  private byte[] buffer = new byte[256];
  private int head;
  private int size;

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  void append(byte[] data, int offset, int length) {
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
    head = (head + length) % buffer.length;
    size -= length;
    if (size == 0) {
      head = 0;
    }
  }

  void clear() {
    head = 0;
    size = 0;
  }

  private void ensure(int capacity) {
    if (capacity <= buffer.length) {
      return;
    }
    int grown = buffer.length;
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
