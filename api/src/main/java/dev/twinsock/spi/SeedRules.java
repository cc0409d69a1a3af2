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

  /**
   * A call on a socket that is already closed: the seed throws an {@code Error} before it looks at
   * any other argument, and sets no last error. A program that does this has a bug, not a network
   * failure, so it must not look like a {@link dev.twinsock.SocketError} a handler would swallow.
   */
  public static IllegalStateException closed(String function) {
    return new IllegalStateException(function + "(): Argument #1 ($socket) has already been closed");
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

  /**
   * A reference argument must not be null: PHP 8's TypeError wording, e.g. {@code socket_bind():
   * Argument #2 ($address) must be of type string, null given}. Returns the value.
   */
  public static <T> T notNull(String function, int position, String name, String type, T value) {
    if (value == null) {
      throw argument(function, position, name, "must be of type " + type + ", null given");
    }
    return value;
  }

  /**
   * An address argument of an AF_INET or AF_INET6 socket: a string without NUL bytes. The kernel
   * and the resolver read C strings, so {@code "127.0.0.1\0junk"} would silently be {@code
   * 127.0.0.1}, and a caller's check on the string would not hold for what is used: PHP 8 throws
   * a ValueError for such a string.
   */
  public static void inetAddress(String function, int position, String address) {
    notNull(function, position, "address", "string", address);
    noNulBytes(function, position, "address", address);
  }

  /** A string argument the C library reads up to its first NUL must contain none. */
  public static void noNulBytes(String function, int position, String name, String value) {
    if (value.indexOf('\0') >= 0) {
      throw argument(function, position, name, "must not contain any null bytes");
    }
  }

  /**
   * An AF_UNIX path must fit sun_path with its terminating NUL. A filesystem path (one that does not
   * start with a NUL) must contain no NUL: the kernel would cut it at the first one. An abstract name
   * (a leading NUL) is bytes, NULs included.
   */
  public static void unixPath(String function, int position, String path) {
    notNull(function, position, "address", "string", path);
    if (!path.startsWith("\0")) {
      noNulBytes(function, position, "address", path);
    }
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

  /**
   * socket_recv, socket_recvfrom: the length must be at least 1. The seed returns false for a
   * smaller one before any system call, so nothing is received and nothing recorded; here, as for
   * socket_read, that false is this exception (an empty array would read as end of file).
   */
  public static void receiveLength(String function, int length) {
    if (length < 1) {
      throw argument(function, 3, "length", "must be greater than 0");
    }
  }

  /** A length argument must not be negative. */
  public static void nonNegative(String function, int position, String name, long value) {
    if (value < 0) {
      throw argument(function, position, name, "must be greater than or equal to 0");
    }
  }

  /**
   * socket_recvmsg: neither the buffer size nor the control length may be negative, and the
   * control length may not be 0: the seed refuses that one with this warning and returns false
   * before any system call.
   */
  public static void recvmsgLengths(int bufferSize, int controlLength) {
    nonNegative("socket_recvmsg", 2, "buffer_size", bufferSize);
    nonNegative("socket_recvmsg", 2, "controllen", controlLength);
    if (controlLength == 0) {
      throw new IllegalArgumentException(
          "socket_recvmsg(): error converting user data (path: msghdr > controllen): controllen cannot be 0");
    }
  }

  /**
   * Whether socket_select's timeout is one the kernel takes: the seed passes negative values on to
   * select(2), which fails with EINVAL (a {@link dev.twinsock.SocketError}, setting the process-wide
   * error), so a backend checks this first and fails the call with EINVAL when it is false.
   */
  public static boolean selectTimeoutValid(Long seconds, int microseconds) {
    return seconds == null || (seconds >= 0 && microseconds >= 0);
  }

  /**
   * socket_select's timeout as {@code {seconds, microseconds}} with microseconds carried into
   * seconds, or {@code null} to wait forever (then microseconds are ignored, as in the seed).
   * Requires {@link #selectTimeoutValid}.
   */
  public static long[] selectTimeout(Long seconds, int microseconds) {
    if (seconds == null) {
      return null;
    }
    if (!selectTimeoutValid(seconds, microseconds)) {
      throw new IllegalStateException("check selectTimeoutValid first: " + seconds + "s " + microseconds + "us");
    }
    // saturated, as the kernel saturates a timeout past its range: the select waits as if forever
    long carry = microseconds / 1_000_000;
    long sec = seconds > Long.MAX_VALUE - carry ? Long.MAX_VALUE : seconds + carry;
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
    // CMSG_SPACE(fixed + n * perItem), as the seed's ancillary registry sizes each pair.
    int fixed;
    int perItem;
    if (level == SOL_SOCKET && type == SCM_RIGHTS) {
      fixed = 0;
      perItem = 4;
    } else if (level == SOL_SOCKET && type == SCM_CREDENTIALS) {
      fixed = 12;
      perItem = 0;
    } else if (level == IPPROTO_IPV6 && type == IPV6_PKTINFO) {
      fixed = 20;
      perItem = 0;
    } else if (level == IPPROTO_IPV6 && (type == IPV6_HOPLIMIT || type == IPV6_TCLASS)) {
      fixed = 4;
      perItem = 0;
    } else {
      throw new IllegalArgumentException("Pair level " + level + " and/or type " + type + " is not supported");
    }
    long data = fixed + (long) perItem * n;
    long space = 16 + ((data + 7) & ~7L);
    if (space > Integer.MAX_VALUE) {
      throw argument("socket_cmsg_space", 3, "num", "is too large");
    }
    return (int) space;
  }

  /**
   * socket_set_option: the value must have the shape the option takes ({@code Integer}, {@code
   * Linger}, {@code Timeval}, {@code GroupRequest} or {@code String}).
   */
  public static <T> T optionValue(String optionName, Class<T> expected, Object value) {
    if (expected.isInstance(value)) {
      return expected.cast(value);
    }
    String given = value == null ? "null" : value instanceof java.util.Map ? "Map"
        : value instanceof java.util.List ? "List" : value.getClass().getSimpleName();
    throw argument("socket_set_option", 4, "value",
        "must be of type " + expected.getSimpleName() + " for " + optionName + ", " + given + " given");
  }

  /**
   * socket_set_option's checks before the system call: the value's shape for the option (see
   * {@link #optionValue(String, Class, Object)}) and the seed's own ranges for the multicast hop
   * limits (IP_MULTICAST_TTL 0..255, IPV6_MULTICAST_HOPS -1..255). Returns the value to set.
   */
  public static Object setOptionValue(int level, int option, Object value) {
    if (level == SOL_SOCKET && option == SO_LINGER) {
      if (value instanceof java.util.Map) {
        java.util.Map<?, ?> map = (java.util.Map<?, ?>) value;
        return new dev.twinsock.Linger(intKey(map, "l_onoff"), intKey(map, "l_linger"));
      }
      return optionValue("SO_LINGER", dev.twinsock.Linger.class, value);
    }
    if (level == SOL_SOCKET && (option == SO_RCVTIMEO || option == SO_SNDTIMEO)) {
      if (value instanceof java.util.Map) {
        java.util.Map<?, ?> map = (java.util.Map<?, ?>) value;
        return new dev.twinsock.Timeval(intKey(map, "sec"), intKey(map, "usec"));
      }
      return optionValue(option == SO_RCVTIMEO ? "SO_RCVTIMEO" : "SO_SNDTIMEO", dev.twinsock.Timeval.class, value);
    }
    if ((level == IPPROTO_IP || level == IPPROTO_IPV6) && option >= MCAST_JOIN_GROUP
        && option <= MCAST_LEAVE_SOURCE_GROUP) {
      dev.twinsock.GroupRequest request = optionValue("a multicast group option", dev.twinsock.GroupRequest.class, value);
      // the seed reads the request's keys before any call: "group", and "source" for the source forms
      if (request.group() == null) {
        throw argument("socket_set_option", 4, "value", "must have key \"group\"");
      }
      boolean withSource = option != MCAST_JOIN_GROUP && option != MCAST_LEAVE_GROUP;
      if (withSource && request.source() == null) {
        throw argument("socket_set_option", 4, "value", "must have key \"source\"");
      }
      noNulBytes("socket_set_option", 4, "value", request.group());
      if (request.source() != null) {
        noNulBytes("socket_set_option", 4, "value", request.source());
      }
      return request;
    }
    if (level == SOL_SOCKET && option == SO_BINDTODEVICE) {
      return optionValue("SO_BINDTODEVICE", String.class, value);
    }
    if (level == IPPROTO_TCP && option == TCP_CONGESTION) {
      return optionValue("TCP_CONGESTION", String.class, value);
    }
    if ((level == IPPROTO_IP && option == IP_MULTICAST_IF) || (level == IPPROTO_IPV6 && option == IPV6_MULTICAST_IF)) {
      return value; // an interface name or index: resolved by the backend
    }
    Integer number = optionValue("option " + option, Integer.class, value);
    if (level == IPPROTO_IP && option == IP_MULTICAST_TTL && (number < 0 || number > 255)) {
      throw argument("socket_set_option", 4, "value", "must be between 0 and 255");
    }
    if (level == IPPROTO_IPV6 && option == IPV6_MULTICAST_HOPS && (number < -1 || number > 255)) {
      throw argument("socket_set_option", 4, "value", "must be between -1 and 255");
    }
    return number;
  }

  /**
   * One key of an option value given in the seed's array shape ({@code Map.of("l_onoff", 1,
   * "l_linger", 0)}): it must be there, as the seed says when it is not, and be an integer.
   */
  private static int intKey(java.util.Map<?, ?> map, String key) {
    Object v = map.get(key);
    if (v == null) {
      throw argument("socket_set_option", 4, "value", "must have key \"" + key + "\"");
    }
    if (!(v instanceof Integer)) {
      throw argument("socket_set_option", 4, "value", "key \"" + key + "\" must be of type int, "
          + v.getClass().getSimpleName() + " given");
    }
    return (Integer) v;
  }

  /** socket_select: at least one socket must be passed in the three lists together. */
  public static void selectSets(int sockets) {
    if (sockets == 0) {
      throw new IllegalArgumentException("socket_select(): At least one array argument must be passed");
    }
  }

  /**
   * socket_addrinfo_lookup's host and service: a null host, or a NUL byte in either (the resolver
   * would read a shorter name), is rejected before any lookup. A null service is none.
   */
  public static void addrinfoNames(String host, String service) {
    notNull("socket_addrinfo_lookup", 1, "host", "string", host);
    noNulBytes("socket_addrinfo_lookup", 1, "host", host);
    if (service != null) {
      noNulBytes("socket_addrinfo_lookup", 2, "service", service);
    }
  }

  /**
   * An {@link dev.twinsock.AddrInfo} argument ({@code socket_addrinfo_bind}, {@code _connect},
   * {@code _explain}): not null, and with an address.
   */
  public static dev.twinsock.AddrInfo addrinfo(String function, dev.twinsock.AddrInfo address) {
    notNull(function, 1, "address", "AddressInfo", address);
    if (address.addr() == null) {
      throw argument(function, 1, "address", "must have an address, null given");
    }
    return address;
  }

  /**
   * socket_sendmsg's message: not null, and its SCM_RIGHTS entries a list of sockets (the kernel
   * would take anything else as no descriptor at all, and send the data without them).
   */
  public static dev.twinsock.Message message(dev.twinsock.Message message) {
    notNull("socket_sendmsg", 2, "message", "array", message);
    for (dev.twinsock.ControlMessage control : message.control()) {
      if (control.level() == SOL_SOCKET && control.type() == SCM_RIGHTS) {
        if (!(control.data() instanceof java.util.List)) {
          throw argument("socket_sendmsg", 2, "message", "SCM_RIGHTS data must be a list of sockets, "
              + (control.data() == null ? "null" : control.data().getClass().getSimpleName()) + " given");
        }
        for (Object item : (java.util.List<?>) control.data()) {
          if (!(item instanceof dev.twinsock.Socket)) {
            throw argument("socket_sendmsg", 2, "message", "SCM_RIGHTS data must be a list of sockets, "
                + (item == null ? "null" : item.getClass().getSimpleName()) + " element given");
          }
        }
      }
    }
    return message;
  }

  /** socket_addrinfo_lookup: the hints may only use the four known keys, each with a value. */
  public static void addrinfoHints(java.util.Map<String, ?> hints) {
    for (java.util.Map.Entry<String, ?> entry : hints.entrySet()) {
      String key = entry.getKey();
      if (key == null || (!key.equals("ai_flags") && !key.equals("ai_socktype") && !key.equals("ai_protocol")
          && !key.equals("ai_family"))) {
        throw argument("socket_addrinfo_lookup", 3, "hints",
            "must only contain array keys \"ai_flags\", \"ai_socktype\", \"ai_protocol\", or \"ai_family\"");
      }
      if (entry.getValue() == null) {
        throw argument("socket_addrinfo_lookup", 3, "hints", "\"" + key + "\" must be of type int, null given");
      }
    }
  }

}
