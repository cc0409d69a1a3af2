package dev.twinsock.conformance;

import static dev.twinsock.SocketConstants.*;
import static dev.twinsock.conformance.Loopback.V4;
import static dev.twinsock.conformance.Loopback.awaitReadable;
import static dev.twinsock.conformance.Loopback.awaitWritable;
import static dev.twinsock.conformance.Loopback.listener;
import static dev.twinsock.conformance.Loopback.port;
import static dev.twinsock.conformance.SocketAssertions.assertBytes;
import static dev.twinsock.conformance.SocketAssertions.assertSocketError;
import static dev.twinsock.conformance.SocketAssertions.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.SockAddr;
import dev.twinsock.Socket;
import org.junit.jupiter.api.Test;

/**
 * SOCK_NONBLOCK or'ed into the type of {@code create} makes the socket non-blocking from the start
 * (see docs/semantics.md; PHP 8.4 accepts the flag but leaves its own blocking flag set).
 */
public class NonBlockingTypeFlagConformanceTest extends ConformanceTest {

  @Test
  void aNonBlockingListenerWithNothingPendingWouldBlock() {
    Socket listener = sockets.create(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    listener.bind(V4, 0);
    listener.listen(4);
    assertSocketError(SOCKET_EAGAIN, listener::accept);
  }

  @Test
  void aNonBlockingClientConnectsInProgress() {
    Socket listener = listener(sockets);
    Socket client = sockets.create(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, SOL_TCP);
    assertSocketError(SOCKET_EINPROGRESS, () -> client.connect(V4, port(listener)));
    assertTrue(awaitWritable(sockets, client));
    assertEquals(0, client.getOption(SOL_SOCKET, SO_ERROR));
    Socket server = listener.accept();
    assertSocketError(SOCKET_EAGAIN, () -> client.read(10));
    server.write(bytes("late"));
    assertTrue(awaitReadable(sockets, client));
    assertBytes("late", client.read(10));
  }

  @Test
  void aNonBlockingDatagramSocketWithNothingQueuedWouldBlock() {
    Socket udp = sockets.create(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    udp.bind(V4, 0);
    assertSocketError(SOCKET_EAGAIN, () -> udp.read(10));
    assertSocketError(SOCKET_EAGAIN, () -> udp.recvfrom(10, 0));
  }

  @Test
  void closeOnExecAloneLeavesTheSocketBlocking() {
    Socket listener = listener(sockets);
    Socket client = sockets.create(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    // A blocking connect: it returns connected, with no EINPROGRESS.
    client.connect(V4, port(listener));
    assertEquals(new SockAddr(V4, port(listener)), client.getpeername());
  }

  @Test
  void setBlockUndoesTheFlag() {
    Socket nonBlocking = sockets.create(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    nonBlocking.bind(backend.unixPath("nonblock-flag"));
    assertSocketError(SOCKET_EAGAIN, () -> nonBlocking.recv(10, 0));
    nonBlocking.setBlock();
    Socket sender = sockets.create(AF_UNIX, SOCK_DGRAM, 0);
    sender.sendto(bytes("now"), 3, 0, nonBlocking.getsockname().address());
    // Blocking again, and a datagram is queued: this read returns it.
    assertBytes("now", nonBlocking.read(10));
  }
}
