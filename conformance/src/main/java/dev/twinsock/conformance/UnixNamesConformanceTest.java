package dev.twinsock.conformance;

import static dev.twinsock.SocketConstants.*;
import static dev.twinsock.conformance.Loopback.awaitReadable;
import static dev.twinsock.conformance.SocketAssertions.assertBytes;
import static dev.twinsock.conformance.SocketAssertions.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Datagram;
import dev.twinsock.SockAddr;
import dev.twinsock.Socket;
import org.junit.jupiter.api.Test;

/**
 * The names of AF_UNIX sockets as {@code getsockname}, {@code getpeername} and {@code recvfrom}
 * report them (see docs/semantics.md): a bound path as it was bound, an abstract name with its
 * leading {@code "\0"}, an unnamed socket as {@code ""}; the port is always 0.
 */
public class UnixNamesConformanceTest extends ConformanceTest {

  private static final SockAddr UNNAMED = new SockAddr("", 0);

  @Test
  void aConnectionOverAPathNamesThePathOnTheListeningSideOnly() {
    String path = backend.unixPath("names");
    Socket listener = sockets.create(AF_UNIX, SOCK_STREAM, 0);
    listener.bind(path);
    listener.listen(1);
    Socket client = sockets.create(AF_UNIX, SOCK_STREAM, 0);
    client.connect(path);
    Socket server = listener.accept();
    assertEquals(new SockAddr(path, 0), listener.getsockname());
    assertEquals(new SockAddr(path, 0), server.getsockname());
    assertEquals(new SockAddr(path, 0), client.getpeername());
    // The client never bound, so it has no name, and the server's peer is that nameless client.
    assertEquals(UNNAMED, client.getsockname());
    assertEquals(UNNAMED, server.getpeername());
  }

  @Test
  void anAbstractNameIsReturnedWithItsLeadingNul() {
    String name = "\0" + backend.unixPath("abstract-names");
    Socket listener = sockets.create(AF_UNIX, SOCK_STREAM, 0);
    listener.bind(name);
    listener.listen(1);
    Socket client = sockets.create(AF_UNIX, SOCK_STREAM, 0);
    client.connect(name);
    Socket server = listener.accept();
    assertEquals(new SockAddr(name, 0), listener.getsockname());
    assertEquals(new SockAddr(name, 0), server.getsockname());
    assertEquals(new SockAddr(name, 0), client.getpeername());
    assertEquals(UNNAMED, server.getpeername());
  }

  @Test
  void anUnboundSocketIsUnnamed() {
    assertEquals(UNNAMED, sockets.create(AF_UNIX, SOCK_STREAM, 0).getsockname());
    assertEquals(UNNAMED, sockets.create(AF_UNIX, SOCK_DGRAM, 0).getsockname());
  }

  @Test
  void bothEndsOfAPairAreUnnamed() {
    Socket[] pair = sockets.createPair(AF_UNIX, SOCK_STREAM, 0);
    assertEquals(UNNAMED, pair[0].getsockname());
    assertEquals(UNNAMED, pair[0].getpeername());
    assertEquals(UNNAMED, pair[1].getsockname());
    assertEquals(UNNAMED, pair[1].getpeername());
  }

  @Test
  void aDatagramFromAnUnboundSenderComesFromNoName() {
    String receiverPath = backend.unixPath("from-unnamed");
    Socket receiver = sockets.create(AF_UNIX, SOCK_DGRAM, 0);
    receiver.bind(receiverPath);
    Socket sender = sockets.create(AF_UNIX, SOCK_DGRAM, 0);
    assertEquals(2, sender.sendto(bytes("hi"), 2, 0, receiverPath));
    assertTrue(awaitReadable(sockets, receiver));
    Datagram received = receiver.recvfrom(100, 0);
    assertBytes("hi", received.data());
    assertEquals(UNNAMED, received.from());
  }

  @Test
  void aDatagramFromAnAbstractSenderComesFromItsNameWithTheNul() {
    String receiverPath = backend.unixPath("from-abstract");
    String senderName = "\0" + backend.unixPath("abstract-sender");
    Socket receiver = sockets.create(AF_UNIX, SOCK_DGRAM, 0);
    receiver.bind(receiverPath);
    Socket sender = sockets.create(AF_UNIX, SOCK_DGRAM, 0);
    sender.bind(senderName);
    sender.sendto(bytes("abs"), 3, 0, receiverPath);
    assertTrue(awaitReadable(sockets, receiver));
    assertEquals(new SockAddr(senderName, 0), receiver.recvfrom(100, 0).from());
  }

  @Test
  void aDatagramOverAPairComesFromNoName() {
    Socket[] pair = sockets.createPair(AF_UNIX, SOCK_DGRAM, 0);
    pair[0].send(bytes("p"), 1, 0);
    Datagram received = pair[1].recvfrom(100, 0);
    assertBytes("p", received.data());
    assertEquals(UNNAMED, received.from());
  }

  @Test
  void aPortGivenWithAPathIsIgnored() {
    String receiverPath = backend.unixPath("port-ignored");
    Socket receiver = sockets.create(AF_UNIX, SOCK_DGRAM, 0);
    receiver.bind(receiverPath, 1234);
    assertEquals(new SockAddr(receiverPath, 0), receiver.getsockname());
    Socket sender = sockets.create(AF_UNIX, SOCK_DGRAM, 0);
    assertEquals(1, sender.sendto(bytes("p"), 1, 0, receiverPath, 4321));
    assertTrue(awaitReadable(sockets, receiver));
    assertBytes("p", receiver.recv(10, 0));
  }
}
