package dev.twinsock.conformance;

import static dev.twinsock.SocketConstants.*;
import static dev.twinsock.conformance.Loopback.V4;
import static dev.twinsock.conformance.Loopback.V6;
import static dev.twinsock.conformance.Loopback.connectTo;
import static dev.twinsock.conformance.Loopback.listener;
import static dev.twinsock.conformance.Loopback.port;
import static dev.twinsock.conformance.Loopback.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.SockAddr;
import dev.twinsock.Socket;
import org.junit.jupiter.api.Test;

/** {@code getsockname} and {@code getpeername}: numeric addresses and ports, seen from both ends. */
public class SocketNamesConformanceTest extends ConformanceTest {

  @Test
  void bothEndsOfAConnectionNameEachOther() {
    Socket listener = listener(sockets);
    Socket client = connectTo(sockets, listener);
    Socket server = listener.accept();
    assertEquals(client.getsockname(), server.getpeername());
    assertEquals(server.getsockname(), client.getpeername());
    assertEquals(new SockAddr(V4, port(listener)), server.getsockname());
  }

  @Test
  void connectingBindsTheClientToLoopbackAndAnEphemeralPort() {
    Socket listener = listener(sockets);
    Socket client = connectTo(sockets, listener);
    SockAddr name = client.getsockname();
    assertEquals(V4, name.address());
    assertTrue(name.port() >= 32768 && name.port() <= 60999, "ephemeral port " + name.port());
  }

  @Test
  void ipv6NamesAreCompactNumericAddresses() {
    Socket listener = sockets.create(AF_INET6, SOCK_STREAM, SOL_TCP);
    listener.bind("0:0:0:0:0:0:0:1", 0);
    listener.listen(1);
    assertEquals(new SockAddr(V6, port(listener)), listener.getsockname());
    Socket client = sockets.create(AF_INET6, SOCK_STREAM, SOL_TCP);
    client.connect(V6, port(listener));
    Socket server = listener.accept();
    assertEquals(new SockAddr(V6, port(listener)), client.getpeername());
    assertEquals(client.getsockname(), server.getpeername());
  }

  @Test
  void bindToTheAnyAddressIsNamedSo() {
    Socket socket = tcp(sockets);
    socket.bind("0.0.0.0", 0);
    assertEquals("0.0.0.0", socket.getsockname().address());
    assertTrue(port(socket) > 0);
  }
}
