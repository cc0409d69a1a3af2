package dev.twinsock.jdk.net;

import dev.twinsock.Sockets;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketOption;
import java.util.Set;

/**
 * A plain {@link Socket} over a {@link BackendSocketImpl}: the JDK's own Socket class makes every
 * argument and state check, the impl does the work on the backend.
 */
final class AdapterSocket extends Socket {
  private final BackendSocketImpl impl;

  AdapterSocket(Sockets sockets) throws SocketException {
    this(new BackendSocketImpl(sockets, false));
  }

  private AdapterSocket(BackendSocketImpl impl) throws SocketException {
    super(impl);
    this.impl = impl;
  }

  /**
   * On a socket closed before its impl was ever created, the JDK's Socket creates it here (a
   * descriptor nobody closes) to answer "Not connected"; the adapter answers the same without
   * creating a backend socket.
   */
  @Override
  public void sendUrgentData(int data) throws IOException {
    if (isClosed() && impl.neverCreated()) {
      throw new SocketException("Not connected");
    }
    super.sendUrgentData(data);
  }

  /** Known without creating a backend socket, as a closed socket must not create one. */
  @Override
  public Set<SocketOption<?>> supportedOptions() {
    return OptionCodec.CLIENT;
  }
}
