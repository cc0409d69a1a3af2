package dev.twinsock.jdk.net;

import dev.twinsock.Sockets;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Objects;
import javax.net.ServerSocketFactory;

/**
 * A {@link ServerSocketFactory} whose server sockets run on a twinsock backend: real {@code
 * java.net.ServerSocket}s over a {@code SocketImpl} of twinsock's, accepting real {@code
 * java.net.Socket}s. On a simulated host, {@code accept} and the accepted sockets' reads wait on the
 * virtual clock.
 */
public final class TwinsockServerSocketFactory extends ServerSocketFactory {
  private final Sockets sockets;

  private TwinsockServerSocketFactory(Sockets sockets) {
    this.sockets = sockets;
  }

  /** A factory of server sockets on {@code sockets}. */
  public static TwinsockServerSocketFactory over(Sockets sockets) {
    return new TwinsockServerSocketFactory(Objects.requireNonNull(sockets, "sockets"));
  }

  /** An unbound server socket; {@code bind} makes it listen. */
  @Override
  public ServerSocket createServerSocket() throws IOException {
    return new AdapterServerSocket(sockets);
  }

  @Override
  public ServerSocket createServerSocket(int port) throws IOException {
    return createServerSocket(port, 50, null);
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog) throws IOException {
    return createServerSocket(port, backlog, null);
  }

  /** As {@code new ServerSocket(port, backlog, bindAddr)}: a null address is the wildcard. */
  @Override
  public ServerSocket createServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
    if (port < 0 || port > 0xFFFF) {
      throw new IllegalArgumentException("Port value out of range: " + port);
    }
    ServerSocket server = createServerSocket();
    try {
      server.bind(new InetSocketAddress(bindAddress, port), backlog < 1 ? 50 : backlog);
      return server;
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
  }

  @Override
  public String toString() {
    return "TwinsockServerSocketFactory[" + sockets + "]";
  }
}
