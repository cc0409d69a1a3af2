package dev.twinsock.jdk.net;

import dev.twinsock.Sockets;
import dev.twinsock.jdk.HostResolver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.Objects;
import javax.net.SocketFactory;

/**
 * A {@link SocketFactory} whose sockets run on a twinsock backend: real {@code java.net.Socket}s
 * (the JDK's own class over a {@code SocketImpl} of twinsock's), so code that takes a factory works
 * unchanged, over the real kernel ({@code OsSockets}) or a simulated host ({@code SimHost}, where
 * timeouts run on the virtual clock). Host names resolve through the backend's {@code
 * addrinfoLookup} ({@link HostResolver}): a simulated network's host names, never DNS.
 *
 * <pre>{@code
 * SocketFactory factory = TwinsockSocketFactory.over(simHost);
 * try (Socket socket = factory.createSocket("server", 80)) { ... }
 * }</pre>
 */
public final class TwinsockSocketFactory extends SocketFactory {
  private final Sockets sockets;
  private final HostResolver resolver;

  private TwinsockSocketFactory(Sockets sockets) {
    this.sockets = sockets;
    this.resolver = HostResolver.over(sockets);
  }

  /** A factory of sockets on {@code sockets}. */
  public static TwinsockSocketFactory over(Sockets sockets) {
    return new TwinsockSocketFactory(Objects.requireNonNull(sockets, "sockets"));
  }

  /** An unconnected socket; {@code connect(address, timeout)} connects it. */
  @Override
  public Socket createSocket() throws IOException {
    return new AdapterSocket(sockets);
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return connected(address(host, port), null);
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
    return connected(address(host, port), new InetSocketAddress(localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return connected(new InetSocketAddress(Objects.requireNonNull(host, "host"), port), null);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return connected(new InetSocketAddress(Objects.requireNonNull(address, "address"), port),
        new InetSocketAddress(localAddress, localPort));
  }

  /** As {@code new Socket(host, port)}: a null host is the loopback address; the port is checked before any lookup. */
  private InetSocketAddress address(String host, int port) throws UnknownHostException {
    if (port < 0 || port > 0xFFFF) {
      throw new IllegalArgumentException("port out of range:" + port);
    }
    if (host == null) {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }
    try {
      return new InetSocketAddress(resolver.lookup(host).get(0), port);
    } catch (UnknownHostException e) {
      // worded as the JDK's Socket(host, port) words it: the name alone; the backend's reason is the cause
      UnknownHostException unknown = new UnknownHostException(host);
      unknown.initCause(e);
      throw unknown;
    }
  }

  private Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
    Socket socket = createSocket();
    try {
      if (local != null) {
        socket.bind(local);
      }
      socket.connect(remote);
      return socket;
    } catch (IOException | RuntimeException e) {
      try {
        socket.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  @Override
  public String toString() {
    return "TwinsockSocketFactory[" + sockets + "]";
  }
}
