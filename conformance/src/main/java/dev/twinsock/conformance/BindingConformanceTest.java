package dev.twinsock.conformance;

import static dev.twinsock.SocketConstants.*;
import static dev.twinsock.conformance.Loopback.V4;
import static dev.twinsock.conformance.Loopback.awaitReadable;
import static dev.twinsock.conformance.Loopback.connectTo;
import static dev.twinsock.conformance.Loopback.listener;
import static dev.twinsock.conformance.Loopback.port;
import static dev.twinsock.conformance.Loopback.tcp;
import static dev.twinsock.conformance.SocketAssertions.assertSocketError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.SockAddr;
import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import org.junit.jupiter.api.Test;

/** Binding addresses and ports: the "Binding" rows of LINUX-SEMANTICS.md. */
public class BindingConformanceTest extends ConformanceTest {

  @Test
  void bindToAPortHeldByAListenerIsInUse() {
    Socket listener = listener(sockets);
    Socket other = tcp(sockets);
    SocketError error = assertSocketError(SOCKET_EADDRINUSE, () -> other.bind(V4, port(listener)));
    assertEquals("Address already in use", error.reason());
  }

  @Test
  void bindToTheAnyAddressWhileLoopbackHoldsThePortIsInUse() {
    Socket loopback = tcp(sockets);
    loopback.bind(V4, 0);
    Socket any = tcp(sockets);
    assertSocketError(SOCKET_EADDRINUSE, () -> any.bind("0.0.0.0", port(loopback)));
  }

  @Test
  void twoListenersOnOnePortWithReuseAddrAreInUse() {
    Socket first = tcp(sockets);
    first.setOption(SOL_SOCKET, SO_REUSEADDR, 1);
    first.bind(V4, 0);
    first.listen(1);
    Socket second = tcp(sockets);
    second.setOption(SOL_SOCKET, SO_REUSEADDR, 1);
    // SO_REUSEADDR never lets two sockets share a listening port; only SO_REUSEPORT does.
    assertSocketError(SOCKET_EADDRINUSE, () -> second.bind(V4, port(first)));
  }

  @Test
  void bindToAPortInTimeWaitIsInUse() {
    int port = portInTimeWait(false);
    Socket fresh = tcp(sockets);
    assertSocketError(SOCKET_EADDRINUSE, () -> fresh.bind(V4, port));
  }

  @Test
  void bindToAPortInTimeWaitWithReuseAddrOnlyOnTheNewSocketIsInUse() {
    int port = portInTimeWait(false);
    Socket fresh = tcp(sockets);
    fresh.setOption(SOL_SOCKET, SO_REUSEADDR, 1);
    assertSocketError(SOCKET_EADDRINUSE, () -> fresh.bind(V4, port));
  }

  @Test
  void bindToAPortInTimeWaitWithReuseAddrOnTheOldAndTheNewSocketSucceeds() {
    int port = portInTimeWait(true);
    Socket fresh = tcp(sockets);
    fresh.setOption(SOL_SOCKET, SO_REUSEADDR, 1);
    fresh.bind(V4, port);
    assertEquals(new SockAddr(V4, port), fresh.getsockname());
  }

  @Test
  void bindTwiceIsInvalid() {
    Socket socket = tcp(sockets);
    socket.bind(V4, 0);
    assertSocketError(SOCKET_EINVAL, () -> socket.bind(V4, 0));
  }

  @Test
  void bindToAnAddressNotOnTheHostCannotBeAssigned() {
    Socket socket = tcp(sockets);
    assertSocketError(SOCKET_EADDRNOTAVAIL, () -> socket.bind("10.255.255.1", 0));
  }

  @Test
  void unboundIpv4SocketIsNamedTheAnyAddressPortZero() {
    assertEquals(new SockAddr("0.0.0.0", 0), tcp(sockets).getsockname());
  }

  @Test
  void unboundIpv6SocketIsNamedTheAnyAddressPortZero() {
    assertEquals(new SockAddr("::", 0), sockets.create(AF_INET6, SOCK_STREAM, SOL_TCP).getsockname());
  }

  @Test
  void ephemeralPortsComeFromTheLinuxDefaultRange() {
    // net.ipv4.ip_local_port_range defaults to 32768-60999; tcp and udp draw from it alike.
    for (int i = 0; i < 8; i++) {
      Socket socket = i % 2 == 0 ? tcp(sockets) : Loopback.udp(sockets);
      socket.bind(V4, 0);
      int port = port(socket);
      assertTrue(port >= 32768 && port <= 60999, "ephemeral port " + port);
    }
  }

  @Test
  void portsBelow1024NeedPrivilege() {
    if (backend.privileged()) {
      // Root binds below net.ipv4.ip_unprivileged_port_start (1024). Some low port may be taken
      // by a service of the machine, so look for a free one downwards from 1023.
      boolean bound = false;
      for (int port = 1023; port > 1000 && !bound; port--) {
        Socket socket = tcp(sockets);
        try {
          socket.bind(V4, port);
          assertEquals(port, port(socket));
          bound = true;
        } catch (SocketError e) {
          assertEquals(SOCKET_EADDRINUSE, e.code(), e.getMessage());
        } finally {
          socket.close();
        }
      }
      assertTrue(bound, "root binds a port below 1024");
    } else {
      Socket socket = tcp(sockets);
      assertSocketError(SOCKET_EACCES, () -> socket.bind(V4, 1023));
      // 1024 is the first port anyone may bind (if it is free).
      Socket high = tcp(sockets);
      try {
        high.bind(V4, 1024);
      } catch (SocketError e) {
        assertEquals(SOCKET_EADDRINUSE, e.code(), e.getMessage());
      }
    }
  }

  /**
   * Leaves a connection of 127.0.0.1:P in TIME_WAIT and returns P. The server side closes first
   * (so it is the one to wait), and every step waits for the packet it needs to have arrived:
   * the server's FIN before the client closes, the client's FIN before the server's fd goes.
   */
  private int portInTimeWait(boolean reuseAddr) {
    Socket listener = tcp(sockets);
    if (reuseAddr) {
      // An accepted socket inherits SO_REUSEADDR from its listener.
      listener.setOption(SOL_SOCKET, SO_REUSEADDR, 1);
    }
    listener.bind(V4, 0);
    listener.listen(1);
    int port = port(listener);
    Socket client = connectTo(sockets, listener);
    Socket server = listener.accept();
    listener.close();

    server.shutdown(SHUT_WR);
    assertTrue(awaitReadable(sockets, client), "the server's FIN arrives");
    assertEquals(0, client.recv(1, 0).length);
    client.close();
    assertTrue(awaitReadable(sockets, server), "the client's FIN arrives");
    assertEquals(0, server.recv(1, 0).length);
    // Its FIN sent and the peer's FIN acknowledged, the server side is now in TIME_WAIT.
    server.close();
    return port;
  }

  /**
   * A reset connection gives its port back, so it may bind again; a bind that then finds the
   * port taken leaves getsockname with the old port and the any address.
   */
  @Test
  void aFailedBindAfterAResetForgetsTheConnectionsAddressButNotItsPort() {
    Socket listener = Loopback.listener(sockets);
    Socket client = Loopback.connectTo(sockets, listener);
    Socket server = listener.accept();
    int clientPort = Loopback.port(client);
    client.write(SocketAssertions.bytes("unread"));
    Loopback.letPacketsArrive(sockets);
    server.close();
    Loopback.letPacketsArrive(sockets);
    SocketAssertions.assertSocketError(SOCKET_EADDRINUSE, () -> client.bind(Loopback.V4, Loopback.port(listener)));
    assertEquals(new dev.twinsock.SockAddr("0.0.0.0", clientPort), client.getsockname());
  }

  /**
   * The address bind chose stays the source once the port has gone back (a listener shut down):
   * an IPv6 socket bound to a v4-mapped address still cannot reach an IPv6 peer.
   */
  @Test
  void theBoundAddressOutlivesThePortItWasBoundWith() {
    Socket socket = sockets.create(AF_INET6, SOCK_STREAM, 0);
    socket.bind("::ffff:127.0.0.1", 0);
    socket.listen(1);
    socket.shutdown();
    assertSocketError(SOCKET_EAFNOSUPPORT, () -> socket.connect("::1", 9));
  }
}
