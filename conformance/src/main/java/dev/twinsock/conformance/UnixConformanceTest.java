package dev.twinsock.conformance;

import static dev.twinsock.SocketConstants.*;
import static dev.twinsock.conformance.Loopback.awaitReadable;
import static dev.twinsock.conformance.SocketAssertions.assertBytes;
import static dev.twinsock.conformance.SocketAssertions.assertRejected;
import static dev.twinsock.conformance.SocketAssertions.assertSocketError;
import static dev.twinsock.conformance.SocketAssertions.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Datagram;
import dev.twinsock.SockAddr;
import dev.twinsock.Socket;
import org.junit.jupiter.api.Test;

/** AF_UNIX sockets: the "AF_UNIX" rows of LINUX-SEMANTICS.md, paths, pairs and the abstract namespace. */
public class UnixConformanceTest extends ConformanceTest {

  @Test
  void bindToAPathThatExistsIsInUseEvenAfterItsSocketClosed() {
    String path = backend.unixPath("taken");
    Socket first = sockets.create(AF_UNIX, SOCK_STREAM, 0);
    first.bind(path);
    first.close();
    // The socket file outlives the socket until someone unlinks it.
    Socket second = sockets.create(AF_UNIX, SOCK_STREAM, 0);
    assertSocketError(SOCKET_EADDRINUSE, () -> second.bind(path));
  }

  @Test
  void connectToAPathWithNoListenerIsRefused() {
    String path = backend.unixPath("bound-only");
    Socket bound = sockets.create(AF_UNIX, SOCK_STREAM, 0);
    bound.bind(path);
    Socket client = sockets.create(AF_UNIX, SOCK_STREAM, 0);
    assertSocketError(SOCKET_ECONNREFUSED, () -> client.connect(path));
  }

  @Test
  void connectToAMissingPathIsNoSuchFile() {
    Socket client = sockets.create(AF_UNIX, SOCK_STREAM, 0);
    assertSocketError(SOCKET_ENOENT, () -> client.connect(backend.unixPath("missing")));
  }

  @Test
  void aPathOf108BytesIsRejectedBeforeTheCall() {
    String tooLong = "/" + "x".repeat(107);
    Socket socket = sockets.create(AF_UNIX, SOCK_STREAM, 0);
    assertRejected("socket_bind(): Argument #2 ($address) must be less than 108", () -> socket.bind(tooLong));
    assertRejected("socket_connect(): Argument #2 ($address) must be less than 108", () -> socket.connect(tooLong));
    // Rejected before any system call: no errno recorded.
    assertEquals(0, socket.lastError());
    assertEquals(0, sockets.lastError());
  }

  @Test
  void streamOverAPathCarriesBytesBothWays() {
    String path = backend.unixPath("stream");
    Socket listener = sockets.create(AF_UNIX, SOCK_STREAM, 0);
    listener.bind(path);
    listener.listen(1);
    assertEquals(new SockAddr(path, 0), listener.getsockname());
    Socket client = sockets.create(AF_UNIX, SOCK_STREAM, 0);
    client.connect(path);
    Socket server = listener.accept();
    assertEquals(new SockAddr(path, 0), client.getpeername());
    client.write(bytes("ping"));
    assertBytes("ping", server.read(4));
    server.write(bytes("pong"));
    assertBytes("pong", client.read(4));
  }

  @Test
  void datagramsOverPathsKeepBoundariesAndTheSendersName() {
    String receiverPath = backend.unixPath("dgram-rx");
    String senderPath = backend.unixPath("dgram-tx");
    Socket receiver = sockets.create(AF_UNIX, SOCK_DGRAM, 0);
    receiver.bind(receiverPath);
    Socket sender = sockets.create(AF_UNIX, SOCK_DGRAM, 0);
    sender.bind(senderPath);
    assertEquals(3, sender.sendto(bytes("one"), 3, 0, receiverPath));
    assertEquals(3, sender.sendto(bytes("two"), 3, 0, receiverPath));
    assertTrue(awaitReadable(sockets, receiver));
    Datagram first = receiver.recvfrom(100, 0);
    assertBytes("one", first.data());
    assertEquals(new SockAddr(senderPath, 0), first.from());
    assertBytes("two", receiver.recvfrom(100, 0).data());
  }

  @Test
  void sendtoAMissingPathIsNoSuchFile() {
    Socket sender = sockets.create(AF_UNIX, SOCK_DGRAM, 0);
    assertSocketError(SOCKET_ENOENT, () -> sender.sendto(bytes("x"), 1, 0, backend.unixPath("nobody")));
  }

  /**
   * A datagram send takes its room in the send buffer before it looks at the receiver: a full
   * buffer says EAGAIN even to a receiver that has shut down, and EPIPE comes once there is room.
   */
  @Test
  void aFullSendBufferComesBeforeTheReceiversShutdown() {
    Socket[] pair = sockets.createPair(AF_UNIX, SOCK_DGRAM, 0);
    pair[0].setNonblock();
    pair[0].setOption(SOL_SOCKET, SO_SNDBUF, 1);
    int sent = 0;
    while (sent < 100) {
      try {
        pair[0].send(bytes("x".repeat(1000)), 1000, 0);
        sent++;
      } catch (dev.twinsock.SocketError e) {
        assertEquals(SOCKET_EAGAIN, e.code());
        break;
      }
    }
    assertTrue(sent > 0 && sent < 100, "sent " + sent);
    pair[1].shutdown(SHUT_RD);
    assertSocketError(SOCKET_EAGAIN, () -> pair[0].send(bytes("y"), 1, 0));
    for (int i = 0; i < sent; i++) {
      assertEquals(1000, pair[1].recv(2000, 0).length);
    }
    assertSocketError(SOCKET_EPIPE, () -> pair[0].send(bytes("y"), 1, 0));
  }

  @Test
  void anUnconnectedDatagramSocketShutDownSaysBrokenPipeBeforeNotConnected() {
    Socket socket = sockets.create(AF_UNIX, SOCK_DGRAM, 0);
    socket.shutdown(SHUT_WR);
    assertSocketError(SOCKET_EPIPE, () -> socket.send(bytes("x"), 1, 0));
    assertSocketError(SOCKET_EPIPE, () -> socket.sendto(bytes("x"), 1, 0, backend.unixPath("nobody")));
  }

  @Test
  void abstractNamesLeaveNoFileAndReadBackWithTheirLeadingNul() {
    // A leading NUL puts the name in the abstract namespace; the path makes it unique per test.
    String name = "\0" + backend.unixPath("abstract");
    Socket listener = sockets.create(AF_UNIX, SOCK_STREAM, 0);
    listener.bind(name);
    listener.listen(1);
    assertEquals(new SockAddr(name, 0), listener.getsockname());
    Socket client = sockets.create(AF_UNIX, SOCK_STREAM, 0);
    client.connect(name);
    Socket server = listener.accept();
    client.write(bytes("abstract"));
    assertBytes("abstract", server.read(8));
    listener.close();
    // Unlike a path, an abstract name is free again as soon as its socket is closed.
    Socket again = sockets.create(AF_UNIX, SOCK_STREAM, 0);
    again.bind(name);
    assertEquals(new SockAddr(name, 0), again.getsockname());
  }

  @Test
  void streamPairIsConnectedBothWays() {
    Socket[] pair = sockets.createPair(AF_UNIX, SOCK_STREAM, 0);
    pair[0].write(bytes("left"));
    assertBytes("left", pair[1].read(100));
    pair[1].write(bytes("right"));
    assertBytes("right", pair[0].read(100));
    pair[0].close();
    assertEquals(0, pair[1].read(100).length);
  }

  /**
   * unix_writable: four times the sender's unread buffers (truesize, overhead included) must fit
   * its send buffer, counted from sk_wmem_alloc's starting 1. These writes leave exactly a quarter
   * of the default 212992 bytes unread as whole buffers (768 + 4352 + 20736 + 2304 + 4352 +
   * 20736 = 53248): the one byte more makes the socket not writable until a buffer is read.
   */
  @Test
  void aStreamIsNotWritableOnceAQuarterOfItsSendBufferIsUnread() {
    Socket[] pair = sockets.createPair(AF_UNIX, SOCK_STREAM, 0);
    for (int size : new int[] {1, 3000, 20000, 1000, 3000, 20000}) {
      assertEquals(size, pair[1].write(new byte[size]));
    }
    assertEquals(0, sockets.select(null, new java.util.ArrayList<>(java.util.List.of(pair[1])), null, 0L, 0));
    assertEquals(1, pair[0].read(1).length); // the first buffer, 768 bytes of truesize
    assertEquals(1, sockets.select(null, new java.util.ArrayList<>(java.util.List.of(pair[1])), null, 0L, 0));
  }

  @Test
  void datagramPairKeepsBoundariesAndAShortRecvTruncates() {
    Socket[] pair = sockets.createPair(AF_UNIX, SOCK_DGRAM, 0);
    pair[0].send(bytes("first"), 5, 0);
    pair[0].send(bytes("second"), 6, 0);
    assertBytes("fir", pair[1].recv(3, 0));
    assertBytes("second", pair[1].recv(100, 0));
    assertSocketError(SOCKET_EAGAIN, () -> pair[1].recv(100, MSG_DONTWAIT));
  }

  @Test
  void seqpacketPairKeepsBoundariesAndAShortRecvDiscardsTheRest() {
    Socket[] pair = sockets.createPair(AF_UNIX, SOCK_SEQPACKET, 0);
    pair[0].send(bytes("first"), 5, 0);
    pair[0].send(bytes("second"), 6, 0);
    assertBytes("fir", pair[1].recv(3, 0));
    assertBytes("second", pair[1].recv(100, 0));
    pair[0].close();
    assertEquals(0, pair[1].recv(100, 0).length, "EOF after the peer closed");
  }

  @Test
  void pairsExistOnlyForUnixSockets() {
    // socketpair(2) on AF_INET: Linux answers EOPNOTSUPP.
    assertSocketError(SOCKET_EOPNOTSUPP, () -> sockets.createPair(AF_INET, SOCK_STREAM, 0));
  }

  /**
   * A stream read that runs out of bytes short of SO_RCVLOWAT takes the pending reset with it,
   * though it returns its bytes; one that reaches its target leaves the reset for the next read.
   */
  @Test
  void aReadShortOfItsLowWaterMarkTakesThePendingReset() {
    for (int lowat : new int[] {1, 10}) {
      Socket[] pair = sockets.createPair(AF_UNIX, SOCK_STREAM, 0);
      pair[1].setNonblock();
      pair[1].setOption(SOL_SOCKET, SO_RCVLOWAT, lowat);
      pair[0].write(bytes("a"));
      pair[1].write(bytes("unread"));
      pair[0].close();
      assertBytes("a", pair[1].recv(4, 0));
      if (lowat == 1) {
        assertSocketError(SOCKET_ECONNRESET, () -> pair[1].recv(4, 0));
      } else {
        assertEquals(0, pair[1].recv(4, 0).length);
      }
    }
  }
}
