package dev.twinsock.sim;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import org.junit.jupiter.api.Test;

/**
 * {@link SimNetwork.Builder#fixedTcpRoles}: by default a TCP socket whose connect was refused may
 * listen and a listener shut down may connect; with fixed roles, as a 6.18.44 kernel build
 * answers, both are EINVAL (a connect's after its route is checked), while each socket may still
 * do again what it did. The kernel's side: the os backend's FixedTcpRolesTest; the parity
 * property compares the sim configured as the kernel answers.
 */
class FixedTcpRolesTest {
  private static SimHost host(boolean fixed) {
    return SimNetwork.builder().seed(1).fixedTcpRoles(fixed).build().addHost("h", "10.0.0.1");
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

  private static Socket shutListener(SimHost host, int family) {
    Socket socket = host.create(family, SOCK_STREAM, 0);
    socket.listen();
    socket.shutdown(SHUT_RD);
    return socket;
  }

  private static int errno(Runnable call) {
    return assertThrows(SocketError.class, call::run).code();
  }

  @Test
  void byDefaultARefusedSocketListensAndAShutListenerConnects() {
    SimHost host = host(false);
    Socket socket = refused(host, AF_INET, null);
    socket.listen();
    Socket client = shutListener(host, AF_INET);
    client.connect("127.0.0.1", socket.getsockname().port());
    socket.accept().close();
    host.close();
  }

  @Test
  void withFixedRolesBothAreEinvalAfterTheRoute() {
    SimHost host = host(true);
    Socket target = host.createListen(0);
    int port = target.getsockname().port();
    for (Socket socket : new Socket[] {refused(host, AF_INET, null), refused(host, AF_INET, "0.0.0.0"),
        refused(host, AF_INET, "127.0.0.1"), refused(host, AF_INET6, null), refused(host, AF_INET6, "::1")}) {
      assertEquals(SOCKET_EINVAL, errno(socket::listen));
    }
    Socket shut = shutListener(host, AF_INET);
    assertEquals(SOCKET_ENETUNREACH, errno(() -> shut.connect("255.255.255.255", 1)));
    assertEquals(SOCKET_EINVAL, errno(() -> shut.connect("127.0.0.1", port)));
    Socket shut6 = shutListener(host, AF_INET6);
    assertEquals(SOCKET_EINVAL, errno(() -> shut6.connect("::ffff:127.0.0.1", port)));
    Socket v6only = host.create(AF_INET6, SOCK_STREAM, 0);
    v6only.setOption(IPPROTO_IPV6, IPV6_V6ONLY, 1);
    v6only.listen();
    v6only.shutdown(SHUT_RD);
    assertEquals(SOCKET_ENETUNREACH, errno(() -> v6only.connect("::ffff:127.0.0.1", port)));
    host.close();
  }

  @Test
  void withFixedRolesARefusedListenStillTakesAPort() {
    SimHost host = host(true);
    Socket socket = refused(host, AF_INET, "127.0.0.1");
    assertEquals(SOCKET_EINVAL, errno(socket::listen));
    int port = socket.getsockname().port();
    Socket other = host.create(AF_INET, SOCK_STREAM, 0);
    assertEquals(SOCKET_EADDRINUSE, errno(() -> other.bind("127.0.0.1", port)));
    assertEquals(SOCKET_EINVAL, errno(() -> socket.bind("127.0.0.1", 0)));
    host.close();
  }

  @Test
  void withFixedRolesASocketMayDoAgainWhatItDid() {
    SimHost host = host(true);
    Socket target = host.createListen(0);
    refused(host, AF_INET, null).connect("127.0.0.1", target.getsockname().port());
    shutListener(host, AF_INET).listen();
    Socket fresh = host.create(AF_INET, SOCK_STREAM, 0);
    assertEquals(SOCKET_ENOTCONN, errno(() -> fresh.shutdown(SHUT_RDWR)));
    fresh.listen();
    host.close();
  }
}
