package dev.twinsock.jdk.nio;

import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import dev.twinsock.jdk.internal.StandardOptions;
import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.Set;

/**
 * The {@link StandardSocketOptions} each kind of channel supports, set and read through {@link
 * StandardOptions} with a failure reported as the JDK's channels report it.
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
    StandardOptions.Raw raw = StandardOptions.encode(supported, name, value);
    try {
      socket.setOption(raw.level(), raw.name(), raw.value());
    } catch (SocketError e) {
      throw ChannelErrors.of(e, ChannelErrors.Phase.OTHER);
    }
  }

  @SuppressWarnings("unchecked")
  static <T> T get(Socket socket, Set<SocketOption<?>> supported, SocketOption<T> name) throws IOException {
    StandardOptions.check(supported, name);
    StandardOptions.Raw at = StandardOptions.query(name);
    try {
      return (T) StandardOptions.decode(name, socket.getOption(at.level(), at.name()));
    } catch (SocketError e) {
      throw ChannelErrors.of(e, ChannelErrors.Phase.OTHER);
    }
  }
}
