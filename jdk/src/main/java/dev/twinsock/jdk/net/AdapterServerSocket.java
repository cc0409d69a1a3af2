package dev.twinsock.jdk.net;

import dev.twinsock.Sockets;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;

/**
 * A {@link ServerSocket} over a {@link BackendSocketImpl}. {@link #accept()} hands the connection to
 * a new {@link AdapterSocket}: the JDK's own accept would make a Socket with no impl, which a
 * custom server impl may not fill unless a process-wide socket impl factory is set.
 */
final class AdapterServerSocket extends ServerSocket {
  private final Sockets sockets;

  AdapterServerSocket(Sockets sockets) throws IOException {
    super(new BackendSocketImpl(sockets, true));
    this.sockets = sockets;
  }

  @Override
  public Socket accept() throws IOException {
    if (isClosed()) {
      throw new SocketException("Socket is closed");
    }
    if (!isBound()) {
      throw new SocketException("Socket is not bound yet");
    }
    Socket accepted = new AdapterSocket(sockets);
    implAccept(accepted);
    return accepted;
  }
}
