package dev.twinsock.parity;

import static dev.twinsock.SocketConstants.SOCK_DGRAM;
import static dev.twinsock.SocketConstants.SOCK_STREAM;

import dev.twinsock.Credentials;
import dev.twinsock.Linger;
import dev.twinsock.SockAddr;
import dev.twinsock.Timeval;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * Turns one run's results into text that does not depend on what differs between runs by
 * nature: port numbers become symbols in order of first appearance ({@code eph#1} for the
 * ephemeral range 32768–60999, {@code port#1} otherwise), the run's temporary directory becomes
 * {@code $TMP}, its abstract-namespace tag {@code $TAG}, kernel-chosen AF_UNIX autobind names
 * {@code @auto#1}, and this JVM's pid {@code $PID}. Everything else is kept as it is.
 *
 * <p>One instance per run: the symbol tables are the run's memory of what it has seen.
 */
final class Normalizer {
  private static final int EPHEMERAL_LOW = 32768;
  private static final int EPHEMERAL_HIGH = 60999;
  private static final int LARGE = 64;

  private final String tmpDir;
  private final String tag;
  private final Map<Long, String> ports = new HashMap<>();
  private final Map<String, String> autobound = new HashMap<>();
  private int ephemeralCount;
  private int otherCount;

  Normalizer(String tmpDir, String tag) {
    this.tmpDir = tmpDir;
    this.tag = tag;
  }

  /**
   * The symbol of a port of a socket of {@code type}. TCP and UDP have a port space each, in
   * which the kernel picks ephemeral ports independently: the same number in both is chance, so
   * it gets two symbols.
   */
  String port(int port, int type) {
    if (port == 0) {
      return "0";
    }
    int space = type == SOCK_DGRAM ? 1 : type == SOCK_STREAM ? 0 : 2;
    return ports.computeIfAbsent(space * 65536L + port, p -> port >= EPHEMERAL_LOW && port <= EPHEMERAL_HIGH
        ? "eph#" + ++ephemeralCount
        : "port#" + ++otherCount);
  }

  /** An address of a socket of {@code type}. */
  String address(SockAddr a, int type) {
    if (a == null) {
      return "null";
    }
    String host = host(a.address());
    boolean unix = a.address().isEmpty() || a.address().startsWith("/") || a.address().startsWith("\0");
    return unix && a.port() == 0
        ? host
        : host + "|" + port(a.port(), type);
  }

  /** An address string: a path, an abstract name, or a numeric host, with run specifics replaced. */
  String host(String address) {
    if (address.startsWith("\0")) {
      String name = address.substring(1);
      if (name.startsWith(tag)) {
        return "@$TAG" + name.substring(tag.length());
      }
      if (name.matches("[0-9a-f]{5}")) {
        return autobound.computeIfAbsent(name, n -> "@auto#" + (autobound.size() + 1));
      }
      return "@" + name;
    }
    if (address.isEmpty()) {
      return "''";
    }
    return text(address);
  }

  /** Free text (a message, a canonical name) with the run's directory and tag replaced. */
  String text(String s) {
    return s.replace(tmpDir, "$TMP").replace(tag, "$TAG");
  }

  /** Bytes whose content is undefined (consumed, not copied): their count only. */
  String discarded(byte[] b) {
    return b == null ? "null" : "bytes[" + b.length + " not copied]";
  }

  String bytes(byte[] b) {
    if (b == null) {
      return "null";
    }
    if (b.length > LARGE) {
      CRC32 crc = new CRC32();
      crc.update(b);
      return "bytes[" + b.length + " crc " + Long.toHexString(crc.getValue()) + "]";
    }
    StringBuilder s = new StringBuilder("bytes[" + b.length + " \"");
    for (byte x : b) {
      if (x >= 0x20 && x < 0x7f && x != '"' && x != '\\') {
        s.append((char) x);
      } else {
        s.append(String.format("\\x%02x", x & 0xff));
      }
    }
    return s.append("\"]").toString();
  }

  /** An option's value or any other result object. */
  String value(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Integer || v instanceof Long || v instanceof Boolean) {
      return v.toString();
    }
    if (v instanceof String s) {
      return "\"" + text(s) + "\"";
    }
    if (v instanceof Linger l) {
      return "Linger(" + l.onoff() + "," + l.linger() + ")";
    }
    if (v instanceof Timeval t) {
      return "Timeval(" + t.sec() + "," + t.usec() + ")";
    }
    if (v instanceof Credentials c) {
      String pid = c.pid() == ProcessHandle.current().pid() ? "$PID" : String.valueOf(c.pid());
      return "Credentials(" + pid + "," + c.uid() + "," + c.gid() + ")";
    }
    if (v instanceof SockAddr a) {
      return address(a, SOCK_STREAM);
    }
    if (v instanceof byte[] b) {
      return bytes(b);
    }
    if (v instanceof Map<?, ?> m) {
      return map(m);
    }
    if (v instanceof List<?> list) {
      StringBuilder s = new StringBuilder("[");
      for (Object o : list) {
        s.append(s.length() > 1 ? ", " : "").append(value(o));
      }
      return s.append("]").toString();
    }
    return v.getClass().getSimpleName() + "(" + text(String.valueOf(v)) + ")";
  }

  /**
   * The bytes of an SCM_CREDENTIALS message cut short by a small control buffer (struct ucred's
   * first bytes: the pid, little-endian): the bytes of this JVM's pid, whole or in part, read as
   * {@code $PID}, as in a whole {@link Credentials}.
   */
  String credentialBytes(byte[] b) {
    long pid = ProcessHandle.current().pid();
    int n = Math.min(4, b.length);
    boolean ours = n > 0;
    for (int i = 0; i < n; i++) {
      ours &= (b[i] & 0xff) == ((pid >> (8 * i)) & 0xff);
    }
    if (!ours) {
      return bytes(b);
    }
    return "$PID[" + n + "] " + bytes(java.util.Arrays.copyOfRange(b, n, b.length));
  }

  /**
   * A map in key order, with port-valued entries ({@code *_port}) turned into symbols, in the
   * port space of the map's {@code ai_socktype} (addrinfoExplain's shape), nested maps included.
   */
  String map(Map<?, ?> m) {
    return map(m, m.get("ai_socktype") instanceof Integer t ? t : SOCK_STREAM);
  }

  private String map(Map<?, ?> m, int type) {
    Map<String, Object> sorted = new TreeMap<>();
    m.forEach((k, v) -> sorted.put(String.valueOf(k), v));
    StringBuilder s = new StringBuilder("{");
    sorted.forEach((k, v) -> {
      s.append(s.length() > 1 ? ", " : "").append(k).append('=');
      if (k.endsWith("_port") && v instanceof Integer port) {
        s.append(port(port, type));
      } else if (k.endsWith("_addr") && v instanceof String addr) {
        s.append(host(addr));
      } else if (v instanceof Map<?, ?> inner) {
        s.append(map(inner, type));
      } else {
        s.append(value(v));
      }
    });
    return s.append("}").toString();
  }
}
