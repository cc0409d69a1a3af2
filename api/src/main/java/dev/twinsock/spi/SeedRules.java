package dev.twinsock.spi;

import static dev.twinsock.SocketConstants.*;

/**
 * The checks the seed makes before any system call, with the seed's wording. Each throws {@link
 * IllegalArgumentException}; none sets a last error. Backends call these first, so that both
 * reject the same input the same way.
 */
public final class SeedRules {
  private SeedRules() {}

  /** Size of {@code sockaddr_un.sun_path} on Linux. */
  public static final int SUN_PATH_SIZE = 108;

  /** Largest UDP payload over IPv4. */
  public static final int MAX_UDP4_PAYLOAD = 65507;

  private static IllegalArgumentException argument(String function, int position, String name, String rule) {
    return new IllegalArgumentException(
        function + "(): Argument #" + position + " ($" + name + ") " + rule);
  }

  /** socket_create / socket_create_pair: the domain must be AF_UNIX, AF_INET6 or AF_INET. */
  public static void domain(String function, int domain) {
    if (domain != AF_UNIX && domain != AF_INET && domain != AF_INET6) {
      throw argument(function, 1, "domain", "must be one of AF_UNIX, AF_INET6, or AF_INET");
    }
  }

  /** socket_create / socket_create_pair: the type, less SOCK_NONBLOCK and SOCK_CLOEXEC, must be a known one. */
  public static void type(String function, int type) {
    int base = type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (base != SOCK_STREAM && base != SOCK_DGRAM && base != SOCK_SEQPACKET && base != SOCK_RAW && base != SOCK_RDM) {
      throw argument(function, 2, "type",
          "must be one of SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET, SOCK_RAW, or SOCK_RDM");
    }
  }

  /** A port argument must lie in 0..65535. */
  public static void port(String function, int position, int port) {
    if (port < 0 || port > 65535) {
      throw argument(function, position, "port", "must be between 0 and 65535");
    }
  }

  /** An AF_UNIX path must fit sun_path with its terminating NUL. */
  public static void unixPath(String function, int position, String path) {
    int bytes = path.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    if (bytes >= SUN_PATH_SIZE) {
      throw argument(function, position, "address", "must be less than " + SUN_PATH_SIZE);
    }
  }

  /** An AF_INET or AF_INET6 connect or sendto needs a port. */
  public static IllegalArgumentException missingPort(String function, int position, int domain) {
    return argument(function, position, "port",
        "cannot be null when the socket type is " + (domain == AF_INET6 ? "AF_INET6" : "AF_INET"));
  }

  /** socket_read: the length must be at least 1. */
  public static void readLength(int length) {
    if (length < 1) {
      throw argument("socket_read", 2, "length", "must be greater than 0");
    }
  }

  /** socket_read: the mode must be PHP_BINARY_READ or PHP_NORMAL_READ. */
  public static void readMode(int mode) {
    if (mode != PHP_BINARY_READ && mode != PHP_NORMAL_READ) {
      throw argument("socket_read", 3, "mode", "must be either PHP_BINARY_READ or PHP_NORMAL_READ");
    }
  }

  /** A length argument must not be negative. */
  public static void nonNegative(String function, int position, String name, long value) {
    if (value < 0) {
      throw argument(function, position, name, "must be greater than or equal to 0");
    }
  }

  /**
   * socket_select's timeout as {@code {seconds, microseconds}} with microseconds carried into
   * seconds, or {@code null} to wait forever.
   */
  public static long[] selectTimeout(Long seconds, int microseconds) {
    if (seconds == null) {
      return null;
    }
    if (seconds < 0) {
      throw argument("socket_select", 4, "seconds", "must be greater than or equal to 0");
    }
    if (microseconds < 0) {
      throw argument("socket_select", 5, "microseconds", "must be greater than or equal to 0");
    }
    long sec = seconds + microseconds / 1_000_000;
    long usec = microseconds % 1_000_000;
    return new long[] {sec, usec};
  }

  /**
   * socket_cmsg_space: {@code CMSG_SPACE} of {@code n} items of the control message's data on
   * Linux x86-64 (16-byte header, 8-byte alignment).
   */
  public static int cmsgSpace(int level, int type, int n) {
    if (n < 0) {
      throw argument("socket_cmsg_space", 3, "num", "must be greater than or equal to 0");
    }
    int item;
    if (level == SOL_SOCKET && type == SCM_RIGHTS) {
      item = 4;
    } else if (level == SOL_SOCKET && type == SCM_CREDENTIALS) {
      item = 12;
    } else if (level == IPPROTO_IPV6 && (type == IPV6_PKTINFO)) {
      item = 20;
    } else if (level == IPPROTO_IPV6 && (type == IPV6_HOPLIMIT || type == IPV6_TCLASS)) {
      item = 4;
    } else {
      throw new IllegalArgumentException("socket_cmsg_space(): Pair level " + level + " and/or type " + type
          + " is not supported");
    }
    long data = (long) item * n;
    long space = 16 + ((data + 7) & ~7L);
    if (space > Integer.MAX_VALUE) {
      throw argument("socket_cmsg_space", 3, "num", "is too large");
    }
    return (int) space;
  }
}
