package dev.twinsock.jdk.net;

import dev.twinsock.Socket;
import dev.twinsock.SocketConstants;
import dev.twinsock.SocketError;
import dev.twinsock.jdk.internal.StandardOptions;
import dev.twinsock.jdk.internal.StandardOptions.Raw;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.SocketOptions;
import java.net.StandardSocketOptions;
import java.util.Set;

/**
 * Socket options of a {@code SocketImpl}: the {@link StandardSocketOptions} its sockets support
 * (set and read through {@link StandardOptions}) and the legacy {@link SocketOptions} integers
 * ({@code setTcpNoDelay}, {@code setSoLinger}...) mapped onto them with the checks of the JDK's
 * {@code NioSocketImpl}. SO_TIMEOUT is not a backend option: the impl keeps it itself.
 */
final class OptionCodec {
  private OptionCodec() {}

  static final Set<SocketOption<?>> CLIENT = Set.of(StandardSocketOptions.SO_RCVBUF,
      StandardSocketOptions.SO_REUSEADDR, StandardSocketOptions.SO_REUSEPORT, StandardSocketOptions.IP_TOS,
      StandardSocketOptions.SO_KEEPALIVE, StandardSocketOptions.SO_SNDBUF, StandardSocketOptions.SO_LINGER,
      StandardSocketOptions.TCP_NODELAY);

  static final Set<SocketOption<?>> SERVER = Set.of(StandardSocketOptions.SO_RCVBUF,
      StandardSocketOptions.SO_REUSEADDR, StandardSocketOptions.SO_REUSEPORT, StandardSocketOptions.IP_TOS);

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
      Raw at = StandardOptions.query(option);
      return StandardOptions.decode(option, socket.getOption(at.level(), at.name()));
    } catch (SocketError e) {
      throw new SocketException(e.reason());
    }
  }
}
