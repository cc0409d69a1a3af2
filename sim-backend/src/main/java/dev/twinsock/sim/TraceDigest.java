package dev.twinsock.sim;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The running SHA-256 of a trace, over a canonical binary form of each event: fixed-width
 * big-endian numbers, strings as their length and UTF-16 code units, addresses as their bytes.
 * Nothing in it depends on the JVM, the platform's charset or the locale, so equal runs hash
 * equal on every machine. Bytes are batched in a buffer and handed to the digest in blocks.
 */
final class TraceDigest {
  private final MessageDigest digest;
  private final byte[] buffer = new byte[8192];
  private int length;

  TraceDigest() {
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private void room(int bytes) {
    if (length + bytes > buffer.length) {
      digest.update(buffer, 0, length);
      length = 0;
    }
  }

  void putByte(int value) {
    room(1);
    buffer[length++] = (byte) value;
  }

  void putInt(int value) {
    room(4);
    buffer[length++] = (byte) (value >>> 24);
    buffer[length++] = (byte) (value >>> 16);
    buffer[length++] = (byte) (value >>> 8);
    buffer[length++] = (byte) value;
  }

  void putLong(long value) {
    putInt((int) (value >>> 32));
    putInt((int) value);
  }

  void putString(String value) {
    putInt(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      room(2);
      buffer[length++] = (byte) (c >>> 8);
      buffer[length++] = (byte) c;
    }
  }

  void putAddress(IpAddress address) {
    room(17);
    buffer[length] = (byte) address.copyTo(buffer, length + 1);
    length += 1 + buffer[length];
  }

  /** The hash of everything put so far, in hex; putting may go on afterwards. */
  String hex() {
    digest.update(buffer, 0, length);
    length = 0;
    byte[] sum;
    try {
      sum = ((MessageDigest) digest.clone()).digest();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("SHA-256 digests are cloneable", e);
    }
    StringBuilder hex = new StringBuilder(64);
    for (byte b : sum) {
      hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return hex.toString();
  }
}
