package dev.twinsock.conformance;

import static dev.twinsock.SocketConstants.*;
import static dev.twinsock.conformance.Loopback.V4;
import static dev.twinsock.conformance.Loopback.boundUdp;
import static dev.twinsock.conformance.Loopback.connectedPair;
import static dev.twinsock.conformance.Loopback.port;
import static dev.twinsock.conformance.Loopback.udp;
import static dev.twinsock.conformance.SocketAssertions.assertBytes;
import static dev.twinsock.conformance.SocketAssertions.assertRejected;
import static dev.twinsock.conformance.SocketAssertions.assertSocketError;
import static dev.twinsock.conformance.SocketAssertions.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinsock.Datagram;
import dev.twinsock.Socket;
import org.junit.jupiter.api.Test;

/**
 * Lengths the seed refuses before any system call: recv and recvfrom of fewer than 1 byte, recvmsg
 * with no room for ancillary data. The seed returns false and records nothing; here each throws
 * IllegalArgumentException (docs/semantics.md), receives nothing and records nothing, so a
 * datagram waiting stays queued whole.
 */
public class ReceiveLengthConformanceTest extends ConformanceTest {

  private static final String RECV = "socket_recv(): Argument #3 ($length) must be greater than 0";
  private static final String RECVFROM = "socket_recvfrom(): Argument #3 ($length) must be greater than 0";
  private static final String CONTROLLEN =
      "socket_recvmsg(): error converting user data (path: msghdr > controllen): controllen cannot be 0";

  private Socket receiverWithADatagram() {
    Socket receiver = boundUdp(sockets);
    Socket sender = udp(sockets);
    assertEquals(5, sender.sendto(bytes("hello"), 5, 0, V4, port(receiver)));
    Loopback.letPacketsArrive(sockets);
    return receiver;
  }

  @Test
  void aRecvfromOfNoBytesLeavesTheDatagramQueued() {
    Socket receiver = receiverWithADatagram();
    assertRejected(RECVFROM, () -> receiver.recvfrom(0, 0));
    assertRejected(RECVFROM, () -> receiver.recvfrom(-1, 0));
    Datagram whole = receiver.recvfrom(5, 0);
    assertBytes("hello", whole.data());
    assertEquals(V4, whole.from().address());
  }

  @Test
  void aRecvOfNoBytesOrFewerLeavesTheDatagramQueued() {
    Socket receiver = receiverWithADatagram();
    assertRejected(RECV, () -> receiver.recv(0, 0));
    assertRejected(RECV, () -> receiver.recv(-1, 0));
    assertRejected(RECV, () -> receiver.recv(Integer.MIN_VALUE, MSG_DONTWAIT));
    assertBytes("hello", receiver.recv(5, 0));
  }

  @Test
  void aRecvmsgWithNoControlRoomReceivesNothing() {
    Socket receiver = receiverWithADatagram();
    assertRejected(CONTROLLEN, () -> receiver.recvmsg(10, 0, 0));
    assertBytes("hello", receiver.recvmsg(10, 1, 0).data());
  }

  @Test
  void aStreamKeepsItsBytesToo() {
    Socket[] pair = connectedPair(sockets);
    pair[0].write(bytes("abc"));
    Loopback.awaitReadable(sockets, pair[1]);
    assertRejected(RECV, () -> pair[1].recv(0, MSG_PEEK));
    assertRejected(RECVFROM, () -> pair[1].recvfrom(0, 0));
    assertBytes("abc", pair[1].recv(3, MSG_WAITALL));
  }

  @Test
  void aRefusedLengthRecordsNoError() {
    Socket receiver = receiverWithADatagram();
    assertSocketError(SOCKET_ENOTCONN, receiver::getpeername);
    assertRejected(RECV, () -> receiver.recv(0, 0));
    assertRejected(RECVFROM, () -> receiver.recvfrom(0, 0));
    assertRejected(CONTROLLEN, () -> receiver.recvmsg(1, 0, 0));
    assertEquals(SOCKET_ENOTCONN, receiver.lastError());
    assertEquals(SOCKET_ENOTCONN, sockets.lastError());
  }
}
