package dev.twinsock.conformance;

import static dev.twinsock.SocketConstants.*;
import static dev.twinsock.conformance.Loopback.V4;
import static dev.twinsock.conformance.Loopback.awaitReadable;
import static dev.twinsock.conformance.Loopback.boundUdp;
import static dev.twinsock.conformance.Loopback.port;
import static dev.twinsock.conformance.SocketAssertions.assertBytes;
import static dev.twinsock.conformance.SocketAssertions.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Message;
import dev.twinsock.SockAddr;
import dev.twinsock.Socket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code sendmsg} and {@code recvmsg} without ancillary data: gathered buffers, names, MSG_TRUNC. */
public class MessageConformanceTest extends ConformanceTest {

  @Test
  void sendmsgGathersItsBuffersIntoOneDatagram() {
    Socket receiver = boundUdp(sockets);
    Socket sender = boundUdp(sockets);
    Message out = new Message(new SockAddr(V4, port(receiver)), List.of(bytes("ab"), bytes("cd")), List.of(), 0);
    assertEquals(4, sender.sendmsg(out, 0));
    assertTrue(awaitReadable(sockets, receiver));
    Message in = receiver.recvmsg(100, 1, 0);
    assertBytes("abcd", in.data());
    assertEquals(new SockAddr(V4, port(sender)), in.name());
    assertEquals(0, in.flags() & MSG_TRUNC);
  }

  @Test
  void recvmsgMarksATruncatedDatagram() {
    Socket receiver = boundUdp(sockets);
    Socket sender = boundUdp(sockets);
    sender.sendto(bytes("0123456789"), 10, 0, V4, port(receiver));
    assertTrue(awaitReadable(sockets, receiver));
    Message in = receiver.recvmsg(4, 1, 0);
    assertBytes("0123", in.data());
    assertEquals(MSG_TRUNC, in.flags() & MSG_TRUNC);
  }

  @Test
  void sendmsgOnAStreamPair() {
    Socket[] pair = sockets.createPair(AF_UNIX, SOCK_STREAM, 0);
    assertEquals(6, pair[0].sendmsg(Message.of(bytes("gat"), bytes("her")), 0));
    assertBytes("gather", pair[1].recvmsg(100, 1, 0).data());
  }

  @Test
  void recvmsgNamesTheUdpSender() {
    Socket receiver = boundUdp(sockets);
    Socket sender = boundUdp(sockets);
    sender.sendto(bytes("who"), 3, 0, V4, port(receiver));
    assertTrue(awaitReadable(sockets, receiver));
    Message in = receiver.recvmsg(100, 1, 0);
    assertBytes("who", in.data());
    assertEquals(new SockAddr(V4, port(sender)), in.name());
    assertEquals(0, in.flags());
    assertEquals(List.of(), in.control());
  }

  @Test
  void recvmsgOfATruncatedDatagramOnAnAfUnixPairIsMarked() {
    Socket[] pair = sockets.createPair(AF_UNIX, SOCK_DGRAM, 0);
    pair[0].send(bytes("abcdef"), 6, 0);
    Message in = pair[1].recvmsg(2, 1, 0);
    assertBytes("ab", in.data());
    assertEquals(MSG_TRUNC, in.flags());
  }

  @Test
  void sendmsgWithoutDataSendsAnEmptyDatagram() {
    Socket receiver = boundUdp(sockets);
    Socket sender = boundUdp(sockets);
    assertEquals(0, sender.sendmsg(new Message(new SockAddr(V4, port(receiver)), List.of(), List.of(), 0), 0));
    assertTrue(awaitReadable(sockets, receiver));
    Message in = receiver.recvmsg(100, 1, 0);
    assertEquals(0, in.data().length);
    assertEquals(new SockAddr(V4, port(sender)), in.name());
  }
}
