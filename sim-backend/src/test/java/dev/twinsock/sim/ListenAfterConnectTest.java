package dev.twinsock.sim;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import org.junit.jupiter.api.Test;

/**
 * {@link SimNetwork.Builder#listenAfterConnect}: a TCP socket that sent a SYN may listen after its
 * connect was refused (the default), or never again (EINVAL, as some 6.18 kernel builds answer);
 * a socket that never sent one listens either way. The kernel's side: the os backend's
 * ListenAfterConnectTest; the parity property compares the sim configured as the kernel answers.
 */
class ListenAfterConnectTest {
  private static SimHost host(boolean listenAfterConnect) {
    return SimNetwork.builder().seed(1).listenAfterConnect(listenAfterConnect).build().addHost("h", "10.0.0.1");
  }

  private static Socket refused(SimHost host, int family, String bindTo) {
    Socket socket = host.create(family, SOCK_STREAM, 0);
    if (bindTo != null) {
      socket.bind(bindTo, 0);
    }
    SocketError e = assertThrows(SocketError.class, () -> socket.connect(family == AF_INET ? "127.0.0.1" : "::1", 0));
    assertEquals(SOCKET_ECONNREFUSED, e.code());
    return socket;
  }

  @Test
  void byDefaultARefusedSocketListensOnAPortOfItsOwn() {
    SimHost host = host(true);
    Socket socket = refused(host, AF_INET, null);
    socket.listen();
    Socket client = host.create(AF_INET, SOCK_STREAM, 0);
    client.connect("127.0.0.1", socket.getsockname().port());
    socket.accept().close();
    host.close();
  }

  @Test
  void whereTheKernelSaysNoEverySocketThatSentASynIsEinval() {
    SimHost host = host(false);
    for (Socket socket : new Socket[] {refused(host, AF_INET, null), refused(host, AF_INET, "0.0.0.0"),
        refused(host, AF_INET, "127.0.0.1"), refused(host, AF_INET6, null), refused(host, AF_INET6, "::1")}) {
      SocketError e = assertThrows(SocketError.class, socket::listen);
      assertEquals(SOCKET_EINVAL, e.code());
    }
    host.close();
  }

  @Test
  void aSocketThatNeverSentASynListensEitherWay() {
    SimHost host = host(false);
    Socket socket = host.create(AF_INET, SOCK_STREAM, 0);
    socket.bind("127.0.0.1", 0);
    socket.listen();
    socket.shutdown(SHUT_RD);
    socket.listen();
    Socket fresh = host.create(AF_INET, SOCK_STREAM, 0);
    assertEquals(SOCKET_ENOTCONN, assertThrows(SocketError.class, () -> fresh.shutdown(SHUT_RDWR)).code());
    fresh.listen();
    host.close();
  }
}
