package dev.twinsock.jdk.internal;

import static dev.twinsock.SocketConstants.*;

import dev.twinsock.Linger;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.Set;

/**
 * {@link StandardSocketOptions} in a backend's terms, with the JDK's argument checks and its value
 * shapes: a Boolean for a flag, SO_LINGER as seconds or -1 when off, SO_SNDBUF and SO_RCVBUF read
 * back halved as the JDK halves Linux's doubled figure. Shared by the sockets and the channels.
 */
public final class StandardOptions {
  private StandardOptions() {}

  /** One option as the backend takes it: level, name and raw value (Integer, or Linger). */
  public record Raw(int level, int name, Object value) {}

  /** Throws as the JDK does for a null option or one the socket or channel does not support. */
  public static void check(Set<SocketOption<?>> supported, SocketOption<?> option) {
    if (option == null) {
      throw new NullPointerException("name");
    }
    if (!supported.contains(option)) {
      throw new UnsupportedOperationException("'" + option + "' not supported");
    }
  }

  /** A value in the backend's terms; the JDK's argument checks first. */
  public static Raw encode(Set<SocketOption<?>> supported, SocketOption<?> option, Object value) {
    check(supported, option);
    if (!option.type().isInstance(value)) {
      throw new IllegalArgumentException("Invalid value '" + value + "'");
    }
    if (option == StandardSocketOptions.SO_LINGER) {
      int seconds = (Integer) value;
      return new Raw(SOL_SOCKET, SO_LINGER, seconds < 0 ? new Linger(0, 0) : new Linger(1, Math.min(seconds, 65535)));
    }
    if (option.type() == Boolean.class) {
      return new Raw(level(option), code(option), ((Boolean) value) ? 1 : 0);
    }
    int v = (Integer) value;
    if ((option == StandardSocketOptions.SO_SNDBUF || option == StandardSocketOptions.SO_RCVBUF) && v < 0) {
      throw new IllegalArgumentException("Invalid send/receive buffer size");
    }
    if ((option == StandardSocketOptions.IP_TOS || option == StandardSocketOptions.IP_MULTICAST_TTL)
        && (v < 0 || v > 255)) {
      throw new IllegalArgumentException("Invalid " + option.name() + " value");
    }
    return new Raw(level(option), code(option), v);
  }

  /** The level and name the backend reads {@code option} under (value unused). */
  public static Raw query(SocketOption<?> option) {
    return new Raw(level(option), code(option), null);
  }

  /** The {@link StandardSocketOptions} form of a raw backend value. */
  public static Object decode(SocketOption<?> option, Object raw) {
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

  private static int level(SocketOption<?> option) {
    if (option == StandardSocketOptions.TCP_NODELAY) {
      return IPPROTO_TCP;
    }
    if (option == StandardSocketOptions.IP_TOS || option == StandardSocketOptions.IP_MULTICAST_TTL
        || option == StandardSocketOptions.IP_MULTICAST_LOOP) {
      return IPPROTO_IP;
    }
    return SOL_SOCKET;
  }

  private static int code(SocketOption<?> option) {
    if (option == StandardSocketOptions.SO_SNDBUF) return SO_SNDBUF;
    if (option == StandardSocketOptions.SO_RCVBUF) return SO_RCVBUF;
    if (option == StandardSocketOptions.SO_KEEPALIVE) return SO_KEEPALIVE;
    if (option == StandardSocketOptions.SO_REUSEADDR) return SO_REUSEADDR;
    if (option == StandardSocketOptions.SO_REUSEPORT) return SO_REUSEPORT;
    if (option == StandardSocketOptions.SO_LINGER) return SO_LINGER;
    if (option == StandardSocketOptions.SO_BROADCAST) return SO_BROADCAST;
    if (option == StandardSocketOptions.TCP_NODELAY) return TCP_NODELAY;
    if (option == StandardSocketOptions.IP_TOS) return IP_TOS;
    if (option == StandardSocketOptions.IP_MULTICAST_TTL) return IP_MULTICAST_TTL;
    if (option == StandardSocketOptions.IP_MULTICAST_LOOP) return IP_MULTICAST_LOOP;
    throw new UnsupportedOperationException("'" + option + "' not supported");
  }
}
