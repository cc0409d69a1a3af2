package dev.twinsock.conformance;

import static dev.twinsock.SocketConstants.*;
import static dev.twinsock.conformance.Loopback.V4;
import static dev.twinsock.conformance.Loopback.port;
import static dev.twinsock.conformance.Loopback.tcp;
import static dev.twinsock.conformance.SocketAssertions.assertBytes;
import static dev.twinsock.conformance.SocketAssertions.assertRejected;
import static dev.twinsock.conformance.SocketAssertions.assertSocketError;
import static dev.twinsock.conformance.SocketAssertions.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code createListen}: a TCP listener on 0.0.0.0 in one call, without SO_REUSEADDR, with a backlog
 * of 128 unless told otherwise (see docs/semantics.md: PHP 8.3's default, not 8.4's SOMAXCONN).
 */
public class CreateListenConformanceTest extends ConformanceTest {

  @Test
  void listensOnTheAnyAddressAndAnEphemeralPort() {
    Socket listener = sockets.createListen(0);
    assertEquals("0.0.0.0", listener.getsockname().address());
    assertEquals(SOCK_STREAM, listener.getOption(SOL_SOCKET, SO_TYPE));
    assertEquals(1, listener.getOption(SOL_SOCKET, SO_ACCEPTCONN));
    Socket client = tcp(sockets);
    client.connect(V4, port(listener));
    Socket server = listener.accept();
    client.write(bytes("hi"));
    assertBytes("hi", server.recv(2, MSG_WAITALL));
  }

  @Test
  void aTakenPortIsInUse() {
    Socket first = sockets.createListen(0);
    SocketError error = assertSocketError(SOCKET_EADDRINUSE, () -> sockets.createListen(port(first), 5));
    assertEquals("socket_create_listen", error.function());
    assertEquals(SOCKET_EADDRINUSE, sockets.lastError());
  }

  @Test
  void aPortOutOfRangeIsRejected() {
    assertRejected("socket_create_listen(): Argument #1 ($port) must be between 0 and 65535",
        () -> sockets.createListen(65536));
  }

  @Test
  void aTakenPortFailsWithTheSeedsBindWording() {
    Socket first = sockets.createListen(0);
    SocketError error = assertSocketError(SOCKET_EADDRINUSE, () -> sockets.createListen(port(first)));
    assertEquals("socket_create_listen(): unable to bind to given address [98]: Address already in use",
        error.getMessage());
  }

  @Test
  void noAddressReuseIsAskedFor() {
    Socket listener = sockets.createListen(0);
    assertEquals(0, listener.getOption(SOL_SOCKET, SO_REUSEADDR));
    assertEquals(AF_INET, listener.getOption(SOL_SOCKET, SO_DOMAIN));
    assertEquals(0, listener.lastError());
  }

  @Test
  void theDefaultBacklogQueues129Connections() {
    // Linux queues backlog + 1 completed connections and drops further SYNs: 128 + 1.
    assertEquals(129, connectionsQueuedBeforeADrop(sockets.createListen(0), 130));
  }

  @Test
  void anExplicitBacklogIsUsed() {
    assertEquals(3, connectionsQueuedBeforeADrop(sockets.createListen(0, 2), 4));
  }

  /**
   * Connects {@code clients} non-blocking clients one after the other, each but the last given
   * time to finish its handshake, then counts the connections {@code listener} has queued. The
   * last client's SYN must find the queue full: it must still be connecting.
   */
  private int connectionsQueuedBeforeADrop(Socket listener, int clients) {
    Socket last = null;
    for (int i = 0; i < clients; i++) {
      Socket client = tcp(sockets);
      client.setNonblock();
      assertSocketError(SOCKET_EINPROGRESS, () -> client.connect(V4, port(listener)));
      if (i < clients - 1) {
        assertTrue(Loopback.awaitWritable(sockets, client), "client " + i + " connects");
      }
      last = client;
    }
    Loopback.letPacketsArrive(sockets);
    List<Socket> write = new ArrayList<>(List.of(last));
    assertEquals(0, sockets.select(null, write, null, 0L, 0), "the last SYN was dropped: the queue was full");
    listener.setNonblock();
    for (int queued = 0; queued <= clients; queued++) {
      try {
        listener.accept();
      } catch (SocketError e) {
        assertEquals(SOCKET_EAGAIN, e.code(), e.getMessage());
        return queued;
      }
    }
    throw new AssertionError("more connections accepted than clients connected");
  }
}
