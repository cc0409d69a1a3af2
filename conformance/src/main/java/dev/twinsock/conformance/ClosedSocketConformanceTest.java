package dev.twinsock.conformance;

import static dev.twinsock.SocketConstants.*;
import static dev.twinsock.conformance.Loopback.V4;
import static dev.twinsock.conformance.Loopback.connectedPair;
import static dev.twinsock.conformance.Loopback.tcp;
import static dev.twinsock.conformance.SocketAssertions.assertSocketError;
import static dev.twinsock.conformance.SocketAssertions.bytes;

import dev.twinsock.Socket;
import org.junit.jupiter.api.Test;

/** A closed socket answers every call with EBADF; closing twice is harmless. */
public class ClosedSocketConformanceTest extends ConformanceTest {

  @Test
  void everyCallOnAClosedSocketIsABadDescriptor() {
    Socket socket = connectedPair(sockets)[0];
    socket.close();
    assertSocketError(SOCKET_EBADF, socket::getsockname);
    assertSocketError(SOCKET_EBADF, socket::getpeername);
    assertSocketError(SOCKET_EBADF, () -> socket.read(1));
    assertSocketError(SOCKET_EBADF, () -> socket.write(bytes("x")));
    assertSocketError(SOCKET_EBADF, () -> socket.recv(1, 0));
    assertSocketError(SOCKET_EBADF, () -> socket.send(bytes("x"), 1, 0));
    assertSocketError(SOCKET_EBADF, () -> socket.getOption(SOL_SOCKET, SO_TYPE));
    assertSocketError(SOCKET_EBADF, () -> socket.setOption(SOL_SOCKET, SO_KEEPALIVE, 1));
    assertSocketError(SOCKET_EBADF, () -> socket.shutdown(SHUT_RDWR));
  }

  @Test
  void aClosedUnboundSocketCannotBindConnectOrListen() {
    Socket socket = tcp(sockets);
    socket.close();
    assertSocketError(SOCKET_EBADF, () -> socket.bind(V4, 0));
    assertSocketError(SOCKET_EBADF, () -> socket.connect(V4, 1));
    assertSocketError(SOCKET_EBADF, () -> socket.listen(1));
    assertSocketError(SOCKET_EBADF, socket::accept);
    assertSocketError(SOCKET_EBADF, socket::setNonblock);
  }

  @Test
  void closingTwiceIsHarmless() {
    Socket socket = tcp(sockets);
    socket.close();
    socket.close();
    assertSocketError(SOCKET_EBADF, socket::getsockname);
  }

  @Test
  void closingTheProcessClosesEverySocketItMade() {
    Socket[] pair = connectedPair(sockets);
    Socket unbound = tcp(sockets);
    sockets.close();
    assertSocketError(SOCKET_EBADF, pair[0]::getsockname);
    assertSocketError(SOCKET_EBADF, pair[1]::getsockname);
    assertSocketError(SOCKET_EBADF, unbound::getsockname);
  }
}
