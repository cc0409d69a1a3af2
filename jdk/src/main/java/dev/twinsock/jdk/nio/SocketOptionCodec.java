package dev.twinsock.jdk.nio;

import static dev.twinsock.SocketConstants.*;

import dev.twinsock.Linger;
import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.Set;

/**
 * {@link StandardSocketOptions} onto the backend's {@code setOption}/{@code getOption}, with the
 * JDK's checks and its value shapes (a Boolean for a flag, SO_LINGER as seconds or -1 when off).
 */
final class SocketOptionCodec {
  private SocketOptionCodec() {}

  static final Set<SocketOption<?>> STREAM = Set.of(StandardSocketOptions.SO_SNDBUF,
      StandardSocketOptions.SO_RCVBUF, StandardSocketOptions.SO_KEEPALIVE, StandardSocketOptions.SO_REUSEADDR,
      StandardSocketOptions.SO_REUSEPORT, StandardSocketOptions.SO_LINGER, StandardSocketOptions.TCP_NODELAY,
      StandardSocketOptions.IP_TOS);

  static final Set<SocketOption<?>> LISTENER = Set.of(StandardSocketOptions.SO_RCVBUF,
      StandardSocketOptions.SO_REUSEADDR, StandardSocketOptions.SO_REUSEPORT);

  static final Set<SocketOption<?>> DATAGRAM = Set.of(StandardSocketOptions.SO_SNDBUF,
      StandardSocketOptions.SO_RCVBUF, StandardSocketOptions.SO_REUSEADDR, StandardSocketOptions.SO_REUSEPORT,
      StandardSocketOptions.SO_BROADCAST, StandardSocketOptions.IP_TOS, StandardSocketOptions.IP_MULTICAST_TTL,
      StandardSocketOptions.IP_MULTICAST_LOOP);

  static <T> void set(Socket socket, Set<SocketOption<?>> supported, SocketOption<T> name, Object value)
      throws IOException {
    check(supported, name);
    if (!name.type().isInstance(value)) {
      throw new IllegalArgumentException("Invalid value '" + value + "'");
    }
    Object raw;
    if (name == StandardSocketOptions.SO_LINGER) {
      int seconds = (Integer) value;
      raw = seconds < 0 ? new Linger(0, 0) : new Linger(1, Math.min(seconds, 65535));
    } else if (name.type() == Boolean.class) {
      raw = ((Boolean) value) ? 1 : 0;
    } else {
      int v = (Integer) value;
      if ((name == StandardSocketOptions.SO_SNDBUF || name == StandardSocketOptions.SO_RCVBUF) && v < 0) {
        throw new IllegalArgumentException("Invalid send/receive buffer size");
      }
      if ((name == StandardSocketOptions.IP_TOS || name == StandardSocketOptions.IP_MULTICAST_TTL) && (v < 0 || v > 255)) {
        throw new IllegalArgumentException("Invalid " + name.name() + " value");
      }
      raw = v;
    }
    try {
      socket.setOption(level(name), code(name), raw);
    } catch (SocketError e) {
      throw ChannelErrors.of(e, ChannelErrors.Phase.OTHER);
    }
  }

  @SuppressWarnings("unchecked")
  static <T> T get(Socket socket, Set<SocketOption<?>> supported, SocketOption<T> name) throws IOException {
    check(supported, name);
    Object raw;
    try {
      raw = socket.getOption(level(name), code(name));
    } catch (SocketError e) {
      throw ChannelErrors.of(e, ChannelErrors.Phase.OTHER);
    }
    if (name == StandardSocketOptions.SO_LINGER) {
      Linger linger = (Linger) raw;
      return (T) Integer.valueOf(linger.onoff() == 0 ? -1 : linger.linger());
    }
    if (name.type() == Boolean.class) {
      return (T) Boolean.valueOf(((Integer) raw) != 0);
    }
    if (name == StandardSocketOptions.SO_SNDBUF || name == StandardSocketOptions.SO_RCVBUF) {
      // Linux reports twice the size set (its bookkeeping share); the JDK halves it back (net_util_md.c)
      return (T) Integer.valueOf(((Integer) raw) / 2);
    }
    return (T) raw;
  }

  private static void check(Set<SocketOption<?>> supported, SocketOption<?> name) {
    if (name == null) {
      throw new NullPointerException("name");
    }
    if (!supported.contains(name)) {
      throw new UnsupportedOperationException("'" + name + "' not supported");
    }
  }

  private static int level(SocketOption<?> name) {
    if (name == StandardSocketOptions.TCP_NODELAY) {
      return IPPROTO_TCP;
    }
    if (name == StandardSocketOptions.IP_TOS || name == StandardSocketOptions.IP_MULTICAST_TTL
        || name == StandardSocketOptions.IP_MULTICAST_LOOP) {
      return IPPROTO_IP;
    }
    return SOL_SOCKET;
  }

  private static int code(SocketOption<?> name) {
    if (name == StandardSocketOptions.SO_SNDBUF) return SO_SNDBUF;
    if (name == StandardSocketOptions.SO_RCVBUF) return SO_RCVBUF;
    if (name == StandardSocketOptions.SO_KEEPALIVE) return SO_KEEPALIVE;
    if (name == StandardSocketOptions.SO_REUSEADDR) return SO_REUSEADDR;
    if (name == StandardSocketOptions.SO_REUSEPORT) return SO_REUSEPORT;
    if (name == StandardSocketOptions.SO_LINGER) return SO_LINGER;
    if (name == StandardSocketOptions.SO_BROADCAST) return SO_BROADCAST;
    if (name == StandardSocketOptions.TCP_NODELAY) return TCP_NODELAY;
    if (name == StandardSocketOptions.IP_TOS) return IP_TOS;
    if (name == StandardSocketOptions.IP_MULTICAST_TTL) return IP_MULTICAST_TTL;
    if (name == StandardSocketOptions.IP_MULTICAST_LOOP) return IP_MULTICAST_LOOP;
    throw new UnsupportedOperationException("'" + name + "' not supported");
  }
}
