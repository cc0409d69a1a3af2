package dev.twinsock.jdk.net;

import dev.twinsock.Linger;
import dev.twinsock.Socket;
import dev.twinsock.SocketConstants;
import dev.twinsock.SocketError;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.SocketOptions;
import java.net.StandardSocketOptions;
import java.util.Set;

/**
 * Socket options onto a backend socket, in the two shapes a {@code SocketImpl} is asked for them:
 * {@link StandardSocketOptions} ({@code Socket.setOption}) and the legacy {@link SocketOptions}
 * integers ({@code setTcpNoDelay}, {@code setSoLinger}...), with the checks and value shapes of the
 * JDK's {@code NioSocketImpl}. SO_TIMEOUT is not a backend option: the impl keeps it itself.
 */
final class OptionCodec {
  private OptionCodec() {}

  static final Set<SocketOption<?>> CLIENT = Set.of(StandardSocketOptions.SO_RCVBUF,
      StandardSocketOptions.SO_REUSEADDR, StandardSocketOptions.SO_REUSEPORT, StandardSocketOptions.IP_TOS,
      StandardSocketOptions.SO_KEEPALIVE, StandardSocketOptions.SO_SNDBUF, StandardSocketOptions.SO_LINGER,
      StandardSocketOptions.TCP_NODELAY);

  static final Set<SocketOption<?>> SERVER = Set.of(StandardSocketOptions.SO_RCVBUF,
      StandardSocketOptions.SO_REUSEADDR, StandardSocketOptions.SO_REUSEPORT, StandardSocketOptions.IP_TOS);

  /** One option as the backend takes it: level, name and raw value (Integer, or Linger). */
  record Raw(int level, int name, Object value) {}

  /** A {@link StandardSocketOptions} value in the backend's terms; the JDK's argument checks first. */
  static Raw encode(Set<SocketOption<?>> supported, SocketOption<?> option, Object value) {
    check(supported, option);
    if (!option.type().isInstance(value)) {
      throw new IllegalArgumentException("Invalid value '" + value + "'");
    }
    if (option == StandardSocketOptions.SO_LINGER) {
      int seconds = (Integer) value;
      return new Raw(SocketConstants.SOL_SOCKET, SocketConstants.SO_LINGER,
          seconds < 0 ? new Linger(0, 0) : new Linger(1, Math.min(seconds, 65535)));
    }
    if (option.type() == Boolean.class) {
      return new Raw(level(option), code(option), ((Boolean) value) ? 1 : 0);
    }
    int v = (Integer) value;
    if ((option == StandardSocketOptions.SO_SNDBUF || option == StandardSocketOptions.SO_RCVBUF) && v < 0) {
      throw new IllegalArgumentException("Invalid send/receive buffer size");
    }
    if (option == StandardSocketOptions.IP_TOS && (v < 0 || v > 255)) {
      throw new IllegalArgumentException("Invalid IP_TOS value");
    }
    return new Raw(level(option), code(option), v);
  }

  /** The {@link StandardSocketOptions} form of a raw backend value. */
  static Object decode(SocketOption<?> option, Object raw) {
    if (option == StandardSocketOptions.SO_SNDBUF || option == StandardSocketOptions.SO_RCVBUF) {
      // Linux reports twice the size set (its bookkeeping share); the JDK halves it back (net_util_md.c)
      return ((Integer) raw) / 2;
    }
    if (option == StandardSocketOptions.SO_LINGER) {
      Linger linger = (Linger) raw;
      return linger.onoff() == 0 ? -1 : linger.linger();
    }
    if (option.type() == Boolean.class) {
      return ((Integer) raw) != 0;
    }
    return raw;
  }

  /** The standard option a legacy {@link SocketOptions} integer names; null for SO_TIMEOUT and SO_BINDADDR. */
  static SocketOption<?> standard(int legacy) throws SocketException {
    switch (legacy) {
      case SocketOptions.TCP_NODELAY: return StandardSocketOptions.TCP_NODELAY;
      case SocketOptions.SO_REUSEADDR: return StandardSocketOptions.SO_REUSEADDR;
      case SocketOptions.SO_REUSEPORT: return StandardSocketOptions.SO_REUSEPORT;
      case SocketOptions.SO_KEEPALIVE: return StandardSocketOptions.SO_KEEPALIVE;
      case SocketOptions.SO_SNDBUF: return StandardSocketOptions.SO_SNDBUF;
      case SocketOptions.SO_RCVBUF: return StandardSocketOptions.SO_RCVBUF;
      case SocketOptions.SO_LINGER: return StandardSocketOptions.SO_LINGER;
      case SocketOptions.IP_TOS: return StandardSocketOptions.IP_TOS;
      default: throw new SocketException("Unknown option " + legacy);
    }
  }

  /** The legacy value of {@code Socket.setXxx}: Booleans, Integers, SO_LINGER as FALSE or seconds. */
  static Object fromLegacy(int legacy, Object value) throws SocketException {
    SocketOption<?> option = standard(legacy);
    if (option == StandardSocketOptions.SO_LINGER) {
      if (value instanceof Boolean && !((Boolean) value)) {
        return -1;
      }
      return intValue(value, "SO_LINGER");
    }
    if (option.type() == Boolean.class) {
      if (!(value instanceof Boolean)) {
        throw new SocketException("Bad value for " + option.name());
      }
      return value;
    }
    int v = intValue(value, option.name());
    if (option == StandardSocketOptions.SO_SNDBUF && v <= 0) {
      throw new SocketException("SO_SNDBUF <= 0");
    }
    if (option == StandardSocketOptions.SO_RCVBUF && v <= 0) {
      throw new SocketException("SO_RCVBUF <= 0");
    }
    return v;
  }

  /** The legacy form of a standard value: SO_LINGER off is Boolean.FALSE. */
  static Object toLegacy(SocketOption<?> option, Object value) {
    if (option == StandardSocketOptions.SO_LINGER && ((Integer) value) < 0) {
      return Boolean.FALSE;
    }
    return value;
  }

  private static int intValue(Object value, String name) throws SocketException {
    if (!(value instanceof Integer)) {
      throw new SocketException("Bad value for " + name);
    }
    return (Integer) value;
  }

  /** SO_OOBINLINE, which {@code Socket.setOOBInline} has and {@link StandardSocketOptions} lacks. */
  static Raw oobInline(Object value) throws SocketException {
    if (!(value instanceof Boolean)) {
      throw new SocketException("Bad value for SO_OOBINLINE");
    }
    return new Raw(SocketConstants.SOL_SOCKET, SocketConstants.SO_OOBINLINE, ((Boolean) value) ? 1 : 0);
  }

  static boolean oobInline(Socket socket) throws SocketException {
    try {
      return ((Integer) socket.getOption(SocketConstants.SOL_SOCKET, SocketConstants.SO_OOBINLINE)) != 0;
    } catch (SocketError e) {
      throw new SocketException(e.reason());
    }
  }

  static void set(Socket socket, Raw raw) throws SocketException {
    try {
      socket.setOption(raw.level(), raw.name(), raw.value());
    } catch (SocketError e) {
      throw new SocketException(e.reason());
    }
  }

  static Object get(Socket socket, SocketOption<?> option) throws SocketException {
    try {
      return decode(option, socket.getOption(level(option), code(option)));
    } catch (SocketError e) {
      throw new SocketException(e.reason());
    }
  }

  static void check(Set<SocketOption<?>> supported, SocketOption<?> option) {
    if (option == null) {
      throw new NullPointerException("name");
    }
    if (!supported.contains(option)) {
      throw new UnsupportedOperationException("'" + option + "' not supported");
    }
  }

  private static int level(SocketOption<?> option) {
    if (option == StandardSocketOptions.TCP_NODELAY) {
      return SocketConstants.IPPROTO_TCP;
    }
    if (option == StandardSocketOptions.IP_TOS) {
      return SocketConstants.IPPROTO_IP;
    }
    return SocketConstants.SOL_SOCKET;
  }

  private static int code(SocketOption<?> option) {
    if (option == StandardSocketOptions.SO_SNDBUF) return SocketConstants.SO_SNDBUF;
    if (option == StandardSocketOptions.SO_RCVBUF) return SocketConstants.SO_RCVBUF;
    if (option == StandardSocketOptions.SO_KEEPALIVE) return SocketConstants.SO_KEEPALIVE;
    if (option == StandardSocketOptions.SO_REUSEADDR) return SocketConstants.SO_REUSEADDR;
    if (option == StandardSocketOptions.SO_REUSEPORT) return SocketConstants.SO_REUSEPORT;
    if (option == StandardSocketOptions.SO_LINGER) return SocketConstants.SO_LINGER;
    if (option == StandardSocketOptions.TCP_NODELAY) return SocketConstants.TCP_NODELAY;
    if (option == StandardSocketOptions.IP_TOS) return SocketConstants.IP_TOS;
    throw new UnsupportedOperationException("'" + option + "' not supported");
  }
}
