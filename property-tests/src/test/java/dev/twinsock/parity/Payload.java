package dev.twinsock.parity;


/**
 * Bytes a program sends, described by their size and the position of one newline, so that a
 * program prints short and renders as Java: {@code a..z} repeated, with {@code '\n'} at {@code
 * newlineAt} when that lies inside the payload (PHP_NORMAL_READ stops there).
 */
record Payload(int size, int newlineAt) {
  byte[] bytes() {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) ('a' + i % 26);
    }
    if (newlineAt >= 0 && newlineAt < size) {
      b[newlineAt] = '\n';
    }
    return b;
  }

  /** The same bytes as {@link #bytes()}, built by the helper a rendered program carries. */
  static byte[] of(int size, int newlineAt) {
    return new Payload(size, newlineAt).bytes();
  }

  @Override
  public String toString() {
    return "bytes(" + size + ", " + newlineAt + ")";
  }

}
