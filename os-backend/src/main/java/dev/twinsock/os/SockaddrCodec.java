package dev.twinsock.os;

import static dev.twinsock.SocketConstants.AF_INET;
import static dev.twinsock.SocketConstants.AF_INET6;
import static dev.twinsock.SocketConstants.AF_UNIX;

import dev.twinsock.SockAddr;
import java.nio.charset.StandardCharsets;
import jnr.ffi.Pointer;

/**
 * Writes and reads {@code struct sockaddr_in}, {@code sockaddr_in6} and {@code sockaddr_un} in
 * native memory, the way the seed builds them: a numeric address through inet_pton, else a host
 * name through the resolver; an AF_UNIX path copied without its NUL, with the length {@code
 * offsetof(sun_path) + strlen(path)}, which also carries abstract names (a leading NUL) exactly.
 */
final class SockaddrCodec {
  private SockaddrCodec() {}

  /** The seed's code for a host name that does not resolve: {@code -10000 - h_errno} with HOST_NOT_FOUND. */
  static final int HOST_NOT_FOUND = -10001;

  /** Encodes an AF_UNIX path; the caller has checked its length. Returns the address length. */
  static int encodeUnix(Pointer p, String path) {
    byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
    p.setMemory(0, NativeScratch.ADDR_SIZE, (byte) 0);
    p.putShort(0, (short) AF_UNIX);
    p.put(2, bytes, 0, bytes.length);
    return 2 + bytes.length;
  }

  /**
   * Encodes an AF_INET or AF_INET6 address and port. Returns the address length, or a negative
   * error code (HOST_NOT_FOUND) if the host does not resolve in that family.
   */
  static int encodeInet(Pointer p, int family, String host, int port) {
    p.setMemory(0, NativeScratch.ADDR_SIZE, (byte) 0);
    int offset = family == AF_INET6 ? 8 : 4;
    if (Native.LIB.inet_pton(family, host, p.slice(offset)) != 1 && !resolve(p.slice(offset), family, host)) {
      return HOST_NOT_FOUND;
    }
    p.putShort(0, (short) family);
    p.putShort(2, Short.reverseBytes((short) port));
    return family == AF_INET6 ? 28 : 16;
  }

  /**
   * Resolves a host name to its first address of {@code family}, written at {@code dst}; for
   * AF_INET6, an IPv4-only name as its first address mapped (::ffff:a.b.c.d), as the seed resolves.
   */
  private static boolean resolve(Pointer dst, int family, String host) {
    Pointer hints = jnr.ffi.Memory.allocateDirect(Native.RUNTIME, AddrInfoCodec.SIZE, true);
    hints.putInt(AddrInfoCodec.FAMILY, family);
    if (family == AF_INET6) {
      // the seed asks with AI_V4MAPPED: a name with IPv4 addresses only, or an IPv4 literal, gives
      // its first address mapped (php 8.2 binds an AF_INET6 socket to "127.0.0.1" as ::ffff:127.0.0.1)
      hints.putInt(AddrInfoCodec.FLAGS, dev.twinsock.SocketConstants.AI_V4MAPPED);
    }
    Pointer result = jnr.ffi.Memory.allocateDirect(Native.RUNTIME, 8, true);
    if (Native.LIB.getaddrinfo(host, null, hints, result) != 0) {
      return false;
    }
    Pointer list = result.getPointer(0);
    try {
      for (Pointer ai = list; ai != null; ai = ai.getPointer(AddrInfoCodec.NEXT)) {
        if (ai.getInt(AddrInfoCodec.FAMILY) == family) {
          Pointer sa = ai.getPointer(AddrInfoCodec.ADDR);
          int length = family == AF_INET6 ? 16 : 4;
          byte[] raw = new byte[length];
          sa.get(family == AF_INET6 ? 8 : 4, raw, 0, length);
          dst.put(0, raw, 0, length);
          return true;
        }
      }
      return false;
    } finally {
      Native.LIB.freeaddrinfo(list);
    }
  }

  /** Decodes a socket address of {@code length} bytes as the seed reports it. */
  static SockAddr decode(Pointer p, int length) {
    if (length < 2) {
      return new SockAddr("", 0);
    }
    int family = p.getShort(0);
    switch (family) {
      case AF_INET:
        return new SockAddr(ntop(AF_INET, p.slice(4)), Short.toUnsignedInt(Short.reverseBytes(p.getShort(2))));
      case AF_INET6:
        return new SockAddr(ntop(AF_INET6, p.slice(8)), Short.toUnsignedInt(Short.reverseBytes(p.getShort(2))));
      case AF_UNIX:
        return new SockAddr(unixPath(p, length), 0);
      default:
        return new SockAddr("", 0);
    }
  }

  /**
   * The sun_path of an AF_UNIX address: a filesystem path up to its NUL, or an abstract name as a
   * leading NUL and exactly the bytes the kernel reported. An unnamed socket has the empty path.
   */
  private static String unixPath(Pointer p, int length) {
    int n = Math.min(length, NativeScratch.ADDR_SIZE) - 2;
    if (n <= 0) {
      return "";
    }
    byte[] raw = new byte[n];
    p.get(2, raw, 0, n);
    if (raw[0] == 0) {
      return new String(raw, StandardCharsets.UTF_8);
    }
    int end = 0;
    while (end < n && raw[end] != 0) {
      end++;
    }
    return new String(raw, 0, end, StandardCharsets.UTF_8);
  }

  /** inet_ntop of the raw address at {@code src}. */
  static String ntop(int family, Pointer src) {
    Pointer text = NativeScratch.get().text;
    Native.LIB.inet_ntop(family, src, text, 64);
    return text.getString(0);
  }
}
