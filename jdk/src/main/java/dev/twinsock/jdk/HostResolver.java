package dev.twinsock.jdk;

import static dev.twinsock.SocketConstants.SOCK_STREAM;

import dev.twinsock.AddrInfo;
import dev.twinsock.SocketError;
import dev.twinsock.Sockets;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Host names resolved through a {@link Sockets}' {@code addrinfoLookup}, never through the JDK's
 * DNS: on a simulated network, the network's host names. {@link #lookup} has the shape of OkHttp's
 * {@code Dns}, so {@code builder.dns(HostResolver.over(host)::lookup)} plugs it in.
 */
public final class HostResolver {
  private final Sockets sockets;

  private HostResolver(Sockets sockets) {
    this.sockets = sockets;
  }

  /** A resolver over {@code sockets}. */
  public static HostResolver over(Sockets sockets) {
    return new HostResolver(Objects.requireNonNull(sockets, "sockets"));
  }

  /**
   * The addresses of {@code host}, each carrying {@code host} as its name, in the order the lookup
   * gave them; an {@link UnknownHostException} ({@code host: reason}) when there is none.
   */
  public List<InetAddress> lookup(String host) throws UnknownHostException {
    Objects.requireNonNull(host, "host");
    List<AddrInfo> found;
    try {
      found = sockets.addrinfoLookup(host, null, Map.of("ai_socktype", SOCK_STREAM));
    } catch (SocketError e) {
      throw new UnknownHostException(host + ": " + e.reason());
    }
    List<InetAddress> addresses = new ArrayList<>();
    for (AddrInfo info : found) {
      InetAddress address = address(host, info.addr().address());
      if (!addresses.contains(address)) {
        addresses.add(address);
      }
    }
    if (addresses.isEmpty()) {
      throw new UnknownHostException(host);
    }
    return addresses;
  }

  /** An {@link InetAddress} named {@code name} at the numeric {@code ip}, made without any lookup. */
  public static InetAddress address(String name, String ip) throws UnknownHostException {
    if (!isNumeric(ip)) {
      throw new UnknownHostException(ip + ": not a numeric address");
    }
    // a literal parses without DNS; getByAddress attaches the name without a reverse lookup
    return InetAddress.getByAddress(name, InetAddress.getByName(ip).getAddress());
  }

  private static boolean isNumeric(String ip) {
    return ip.indexOf(':') >= 0 || ip.matches("\\d{1,3}(\\.\\d{1,3}){3}");
  }
}
