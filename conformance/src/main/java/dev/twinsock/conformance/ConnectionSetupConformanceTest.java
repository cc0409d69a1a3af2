package dev.twinsock.conformance;

import static dev.twinsock.SocketConstants.*;
import static dev.twinsock.conformance.Loopback.V4;
import static dev.twinsock.conformance.Loopback.awaitReadable;
import static dev.twinsock.conformance.Loopback.awaitWritable;
import static dev.twinsock.conformance.Loopback.connectTo;
import static dev.twinsock.conformance.Loopback.freePort;
import static dev.twinsock.conformance.Loopback.letPacketsArrive;
import static dev.twinsock.conformance.Loopback.listener;
import static dev.twinsock.conformance.Loopback.port;
import static dev.twinsock.conformance.Loopback.tcp;
import static dev.twinsock.conformance.Loopback.udp;
import static dev.twinsock.conformance.SocketAssertions.assertSocketError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.SockAddr;
import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TCP connection set-up: the "Connection set-up" rows of LINUX-SEMANTICS.md. */
public class ConnectionSetupConformanceTest extends ConformanceTest {

  @Test
  void connectToAPortNobodyListensOnIsRefused() {
    int port = freePort(sockets);
    Socket client = tcp(sockets);
    SocketError error = assertSocketError(SOCKET_ECONNREFUSED, () -> client.connect(V4, port));
    assertEquals("Connection refused", error.reason());
  }

  @Test
  void nonBlockingConnectIsInProgressThenSucceedsOnceThenIsConnected() {
    Socket listener = listener(sockets);
    Socket client = tcp(sockets);
    client.setNonblock();
    assertSocketError(SOCKET_EINPROGRESS, () -> client.connect(V4, port(listener)));
    assertTrue(awaitWritable(sockets, client), "the handshake completes over loopback");
    // Linux reports the finished connect once as success, and only then as EISCONN.
    client.connect(V4, port(listener));
    assertSocketError(SOCKET_EISCONN, () -> client.connect(V4, port(listener)));
  }

  @Test
  void nonBlockingConnectToAClosedPortIsReadableAndWritableThenSoErrorIsRefusedOnce() {
    int port = freePort(sockets);
    Socket client = tcp(sockets);
    client.setNonblock();
    assertSocketError(SOCKET_EINPROGRESS, () -> client.connect(V4, port));
    assertTrue(awaitWritable(sockets, client), "the RST comes back over loopback");
    List<Socket> read = new ArrayList<>(List.of(client));
    List<Socket> write = new ArrayList<>(List.of(client));
    assertEquals(2, sockets.select(read, write, null, 0L, 0), "one socket counts once per list");
    assertEquals(List.of(client), read);
    assertEquals(List.of(client), write);
    // SO_ERROR hands the pending error out once and clears it.
    assertEquals(SOCKET_ECONNREFUSED, client.getOption(SOL_SOCKET, SO_ERROR));
    assertEquals(0, client.getOption(SOL_SOCKET, SO_ERROR));
  }

  @Test
  void connectOnAConnectedSocketIsAlreadyConnected() {
    Socket listener = listener(sockets);
    Socket client = connectTo(sockets, listener);
    assertSocketError(SOCKET_EISCONN, () -> client.connect(V4, port(listener)));
  }

  @Test
  void connectOnAListeningSocketIsAlreadyConnected() {
    Socket target = listener(sockets);
    Socket listening = listener(sockets);
    assertSocketError(SOCKET_EISCONN, () -> listening.connect(V4, port(target)));
  }

  @Test
  void connectToTheAnyAddressReachesLoopback() {
    Socket listener = listener(sockets);
    Socket client = tcp(sockets);
    client.connect("0.0.0.0", port(listener));
    assertEquals(new SockAddr(V4, port(listener)), client.getpeername());
    assertEquals(V4, client.getsockname().address());
  }

  @Test
  void connectToPortZeroIsRefused() {
    Socket client = tcp(sockets);
    assertSocketError(SOCKET_ECONNREFUSED, () -> client.connect(V4, 0));
  }

  @Test
  void ipv6SocketConnectsToAnIpv4ListenerThroughAMappedAddress() {
    Socket listener = listener(sockets);
    Socket client = sockets.create(AF_INET6, SOCK_STREAM, SOL_TCP);
    client.connect("::ffff:127.0.0.1", port(listener));
    assertEquals(new SockAddr("::ffff:127.0.0.1", port(listener)), client.getpeername());
    Socket accepted = listener.accept();
    // The v4 side sees a plain IPv4 peer.
    assertEquals(new SockAddr(V4, port(client)), accepted.getpeername());
  }

  @Test
  void acceptOnASocketThatIsNotListeningIsInvalid() {
    Socket socket = tcp(sockets);
    socket.bind(V4, 0);
    assertSocketError(SOCKET_EINVAL, socket::accept);
  }

  @Test
  void nonBlockingAcceptWithAnEmptyQueueWouldBlock() {
    Socket listener = listener(sockets);
    listener.setNonblock();
    SocketError error = assertSocketError(SOCKET_EAGAIN, listener::accept);
    assertEquals("Resource temporarily unavailable", error.reason());
  }

  @Test
  void listenZeroQueuesOneConnectionAndSilentlyDropsTheNextSyns() {
    Socket listener = listener(sockets, 0);
    Socket first = nonBlockingConnect(listener);
    assertTrue(awaitWritable(sockets, first), "the queue holds backlog + 1 = 1 connection");
    assertEquals(0, first.getOption(SOL_SOCKET, SO_ERROR));
    assertEquals(port(listener), first.getpeername().port());

    List<Socket> rest = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      rest.add(nonBlockingConnect(listener));
    }
    // The page's row: blocking connects with a 1.5 s timeout time out. Here the same 1.5 s is the
    // select bound; it spans the first SYN retransmission (at 1 s), which is dropped as well.
    List<Socket> write = new ArrayList<>(rest);
    assertEquals(0, sockets.select(null, write, null, 1L, 500_000), "a full accept queue drops SYNs without an answer");
    assertEquals(List.of(), write);
    for (Socket client : rest) {
      assertSocketError(SOCKET_ENOTCONN, client::getpeername);
      assertSocketError(SOCKET_EALREADY, () -> client.connect(V4, port(listener)));
    }
  }

  @Test
  void listenWithoutABacklogIsListenZero() {
    // socket_listen's $backlog defaults to 0, not to SOMAXCONN.
    Socket listener = tcp(sockets);
    listener.bind(V4, 0);
    listener.listen();
    Socket first = nonBlockingConnect(listener);
    assertTrue(awaitWritable(sockets, first), "the queue holds backlog + 1 = 1 connection");
    Socket second = nonBlockingConnect(listener);
    letPacketsArrive(sockets);
    List<Socket> write = new ArrayList<>(List.of(second));
    assertEquals(0, sockets.select(null, write, null, 0L, 0), "the second SYN was dropped");
    assertSocketError(SOCKET_ENOTCONN, second::getpeername);
  }

  @Test
  void listenOneLetsTwoOfFiveNonBlockingConnectsComplete() {
    Socket listener = listener(sockets, 1);
    List<Socket> completed = new ArrayList<>();
    // One at a time, so that each SYN meets the queue its predecessors left.
    for (int i = 0; i < 2; i++) {
      Socket client = nonBlockingConnect(listener);
      assertTrue(awaitWritable(sockets, client), "connection " + (i + 1) + " fits the queue of backlog + 1");
      assertEquals(0, client.getOption(SOL_SOCKET, SO_ERROR));
      completed.add(client);
    }
    List<Socket> rest = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      rest.add(nonBlockingConnect(listener));
    }
    List<Socket> write = new ArrayList<>(rest);
    assertEquals(0, sockets.select(null, write, null, 1L, 500_000), "the other three stay in progress");
    for (Socket client : rest) {
      assertSocketError(SOCKET_ENOTCONN, client::getpeername);
    }
    // Both queued connections are there to accept, in order.
    assertEquals(port(completed.get(0)), listener.accept().getpeername().port());
    assertEquals(port(completed.get(1)), listener.accept().getpeername().port());
  }

  @Test
  void listenTwiceOnlyChangesTheBacklog() {
    Socket listener = listener(sockets, 1);
    listener.listen(5);
    Socket client = connectTo(sockets, listener);
    assertEquals(port(client), listener.accept().getpeername().port());
  }

  @Test
  void listenOnADatagramSocketIsNotSupported() {
    Socket socket = udp(sockets);
    socket.bind(V4, 0);
    SocketError error = assertSocketError(SOCKET_EOPNOTSUPP, () -> socket.listen(1));
    assertEquals("Operation not supported", error.reason());
  }

  @Test
  void acceptOnADatagramSocketIsNotSupported() {
    Socket socket = udp(sockets);
    socket.bind(V4, 0);
    assertSocketError(SOCKET_EOPNOTSUPP, socket::accept);
  }

  @Test
  void closingAListenerResetsItsUnacceptedConnections() {
    Socket listener = listener(sockets);
    Socket client = connectTo(sockets, listener);
    listener.close();
    assertTrue(awaitReadable(sockets, client), "the RST arrives over loopback");
    assertSocketError(SOCKET_ECONNRESET, () -> client.recv(10, 0));
  }

  private Socket nonBlockingConnect(Socket listener) {
    Socket client = tcp(sockets);
    client.setNonblock();
    assertSocketError(SOCKET_EINPROGRESS, () -> client.connect(V4, port(listener)));
    return client;
  }

  /**
   * A connection reset while it waits in the accept queue stays there: the listener is still
   * readable, accept returns it, and the reset shows in the first call on it (ECONNRESET), after
   * which it reads end of file.
   */
  @Test
  void aConnectionResetInTheAcceptQueueIsStillAccepted() {
    Socket listener = listener(sockets);
    Socket client = connectTo(sockets, listener);
    client.setOption(SOL_SOCKET, SO_LINGER, new dev.twinsock.Linger(1, 0));
    client.close();
    letPacketsArrive(sockets);
    assertTrue(awaitReadable(sockets, listener));
    Socket accepted = listener.accept();
    accepted.setNonblock();
    assertSocketError(SOCKET_ECONNRESET, () -> accepted.recv(10, 0));
    assertEquals(0, accepted.recv(10, 0).length);
    assertSocketError(SOCKET_ENOTCONN, () -> accepted.getpeername());
    listener.setNonblock();
    assertSocketError(SOCKET_EAGAIN, () -> listener.accept());
  }

  /** A TCP socket connected to its own address and port talks to itself (simultaneous open). */
  @Test
  void aSocketConnectedToItsOwnPortTalksToItself() {
    Socket self = tcp(sockets);
    self.bind(V4, 0);
    self.connect(V4, port(self));
    assertEquals(self.getsockname(), self.getpeername());
    assertEquals(2, self.write(SocketAssertions.bytes("hi")));
    assertTrue(awaitReadable(sockets, self));
    SocketAssertions.assertBytes("hi", self.recv(10, 0));
  }

  /** TCP does not connect to a broadcast address, loopback's own included. */
  @Test
  void connectToTheLoopbackBroadcastAddressIsUnreachable() {
    assertSocketError(SOCKET_ENETUNREACH, () -> tcp(sockets).connect("127.255.255.255", 9));
  }
}
