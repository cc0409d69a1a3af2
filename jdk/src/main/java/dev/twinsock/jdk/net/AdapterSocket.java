package dev.twinsock.jdk.net;

import dev.twinsock.Sockets;
import java.net.Socket;
import java.net.SocketException;

/**
 * A plain {@link Socket} over a {@link BackendSocketImpl}: the JDK's own Socket class makes every
 * argument and state check, the impl does the work on the backend.
 */
final class AdapterSocket extends Socket {
  AdapterSocket(Sockets sockets) throws SocketException {
    super(new BackendSocketImpl(sockets, false));
  }
}
