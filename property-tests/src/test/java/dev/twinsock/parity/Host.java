package dev.twinsock.parity;

import static dev.twinsock.SocketConstants.AF_INET;
import static dev.twinsock.SocketConstants.AF_INET6;
import static dev.twinsock.SocketConstants.AF_UNIX;

import java.util.List;

/**
 * The address part of an {@link Endpoint}, relative to the family of the socket it is given to,
 * so that a generated address nearly always suits its socket: {@code LOOPBACK} is 127.0.0.1 for
 * an AF_INET socket, ::1 for AF_INET6 and a path in the run's directory for AF_UNIX.
 *
 * <p>Every host is on this machine: a connect or send never leaves loopback ({@link #NOT_LOCAL}
 * is for bind only), and the only name resolved is {@code localhost}. A socket of unknown family
 * gets no address: the interpreter skips the call, since the seed would resolve a string it
 * cannot parse as a host name.
 */
enum Host {
  /** 127.0.0.1, ::1, or the path {@code $TMP/s<slot>}. */
  LOOPBACK,
  /** 0.0.0.0, ::, or the abstract name {@code \0$TAG-s<slot>}. */
  WILDCARD,
  /** localhost (both IP families), or a path under a directory that does not exist. */
  NAMED,
  /** 127.0.0.2, ::ffff:127.0.0.1, or a path longer than sun_path (rejected before any call). */
  ALTERNATE,
  /** 192.0.2.1, 2001:db8::1 (on no interface: bind fails), or the path {@code $TMP/s<slot>}. */
  NOT_LOCAL,
  /**
   * Loopback spelled another way: inet_aton's forms of 127.0.0.1 ({@code 127.1}, {@code
   * 0x7f.0.0.1}, {@code 2130706433}, by slot), ::1 written out in full, or the path {@code
   * $TMP/s<slot>}. Each is numeric to glibc: nothing asks a resolver.
   */
  SPELLED,
  /**
   * 127.255.255.255, loopback's broadcast address (it never leaves the machine), ::1 for IPv6
   * (which has no broadcast), or the path {@code $TMP/s<slot>}.
   */
  BROADCAST;

  private static final List<String> SPELLED_V4 = List.of("127.1", "0x7f.0.0.1", "2130706433");

  /** The usual spelling of an address {@link #SPELLED} may give: what getsockname would say. */
  static String canonical(String address) {
    if (SPELLED_V4.contains(address)) {
      return "127.0.0.1";
    }
    return address.equals("0:0:0:0:0:0:0:1") ? "::1" : address;
  }

  /** Whether a connect or send to this host, of any family, stays on this machine. */
  boolean peerSafe() {
    return this != NOT_LOCAL;
  }

  /** The concrete address for a socket of {@code family}, or null if the family has none. */
  String address(int family, int slot, String tmp, String tag) {
    if (family == AF_UNIX) {
      switch (this) {
        case WILDCARD: return "\0" + tag + "-s" + slot;
        case NAMED: return tmp + "/none/s" + slot;
        case ALTERNATE: return tmp + "/" + "x".repeat(110);
        default: return tmp + "/s" + slot;
      }
    }
    if (family != AF_INET && family != AF_INET6) {
      return null;
    }
    boolean v6 = family == AF_INET6;
    switch (this) {
      case LOOPBACK: return v6 ? "::1" : "127.0.0.1";
      case WILDCARD: return v6 ? "::" : "0.0.0.0";
      case NAMED: return "localhost";
      case ALTERNATE: return v6 ? "::ffff:127.0.0.1" : "127.0.0.2";
      case SPELLED: return v6 ? "0:0:0:0:0:0:0:1" : SPELLED_V4.get(slot % SPELLED_V4.size());
      case BROADCAST: return v6 ? "::1" : "127.255.255.255";
      default: return v6 ? "2001:db8::1" : "192.0.2.1";
    }
  }

  /**
   * The same address as a Java expression over the variables {@code tmp} and {@code tag} of a
   * rendered program, or null if the family has none.
   */
  String java(int family, int slot) {
    if (family == AF_UNIX) {
      switch (this) {
        case WILDCARD: return "\"\\0\" + tag + \"-s" + slot + "\"";
        case NAMED: return "tmp + \"/none/s" + slot + "\"";
        case ALTERNATE: return "tmp + \"/\" + \"x\".repeat(110)";
        default: return "tmp + \"/s" + slot + "\"";
      }
    }
    String address = address(family, slot, "", "");
    return address == null ? null : "\"" + address + "\"";
  }
}
