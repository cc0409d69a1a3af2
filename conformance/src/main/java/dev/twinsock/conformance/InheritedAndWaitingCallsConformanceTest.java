package dev.twinsock.conformance;

import static dev.twinsock.SocketConstants.*;
import static dev.twinsock.conformance.Loopback.V4;
import static dev.twinsock.conformance.Loopback.awaitWritable;
import static dev.twinsock.conformance.Loopback.connectedPair;
import static dev.twinsock.conformance.Loopback.listener;
import static dev.twinsock.conformance.Loopback.port;
import static dev.twinsock.conformance.Loopback.tcp;
import static dev.twinsock.conformance.SocketAssertions.assertBytes;
import static dev.twinsock.conformance.SocketAssertions.assertSocketError;
import static dev.twinsock.conformance.SocketAssertions.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Datagram;
import dev.twinsock.Message;
import dev.twinsock.Socket;
import dev.twinsock.Timeval;
import org.junit.jupiter.api.Test;

/**
 * What a socket inherits from its listener, and calls that wait for the kernel in ways that are
 * easy to get wrong: MSG_WAITALL through recvfrom and recvmsg, a blocking connect on a connect
 * already in progress, and urgent data that is not there.
 */
public class InheritedAndWaitingCallsConformanceTest extends ConformanceTest {

  @Test
  void anAcceptedSocketInheritsTheListenersTimeouts() {
    Socket listener = listener(sockets);
    listener.setOption(SOL_SOCKET, SO_RCVTIMEO, new Timeval(0, 40_000));
    listener.setOption(SOL_SOCKET, SO_SNDTIMEO, new Timeval(1, 0));
    Socket client = tcp(sockets);
    client.connect(V4, port(listener));
    Socket accepted = listener.accept();
    assertEquals(new Timeval(0, 40_000), accepted.getOption(SOL_SOCKET, SO_RCVTIMEO));
    assertEquals(new Timeval(1, 0), accepted.getOption(SOL_SOCKET, SO_SNDTIMEO));
    // The inherited timeout ends a receive that nothing will satisfy.
    assertSocketError(SOCKET_EAGAIN, () -> accepted.recv(10, 0));
  }

  @Test
  void recvfromWithWaitAllGathersSeveralWrites() {
    Socket[] pair = connectedPair(sockets);
    pair[0].write(bytes("hello"));
    pair[0].write(bytes("world"));
    Datagram got = pair[1].recvfrom(10, MSG_WAITALL);
    assertBytes("helloworld", got.data());
    // A stream socket has no per-message sender: the kernel fills in no address at all.
    assertEquals(new dev.twinsock.SockAddr("0.0.0.0", 0), got.from());
  }

  @Test
  void recvmsgWithWaitAllGathersSeveralWrites() {
    Socket[] pair = connectedPair(sockets);
    pair[0].write(bytes("abc"));
    pair[0].write(bytes("def"));
    Message got = pair[1].recvmsg(6, 1, MSG_WAITALL);
    assertBytes("abcdef", got.data());
  }

  @Test
  void aTcpWaitAllCutShortByAResetLeavesTheResetForTheNextCall() {
    Socket[] pair = connectedPair(sockets);
    pair[1].setOption(SOL_SOCKET, SO_RCVTIMEO, new Timeval(0, 40_000));
    pair[0].write(bytes("abcde"));
    pair[1].shutdown(SHUT_RDWR);
    // bytes for a socket that can no longer read: it answers with a reset
    pair[0].write(bytes("x"));
    // tcp_recvmsg returns what it copied and leaves the pending error for the next call
    assertBytes("abcde", pair[1].recv(16, MSG_WAITALL));
    assertSocketError(SOCKET_ECONNRESET, () -> pair[1].recv(16, 0));
  }

  @Test
  void anAfUnixWaitAllCutShortByAResetTakesTheResetWithIt() {
    Socket[] pair = sockets.createPair(AF_UNIX, SOCK_STREAM, 0);
    pair[0].setOption(SOL_SOCKET, SO_RCVTIMEO, new Timeval(0, 40_000));
    pair[1].write(bytes("xy"));
    pair[0].write(bytes("abc"));
    // closed with bytes it never read: its peer gets ECONNRESET
    pair[1].close();
    // unix_stream_read_generic takes the error (sock_error) and returns what it copied
    Message got = pair[0].recvmsg(16, 1, MSG_WAITALL);
    assertBytes("xy", got.data());
    assertBytes("", pair[0].recv(16, 0));
  }

  @Test
  void aBlockingConnectOnAConnectInProgressWaitsForItThenTheSocketIsConnected() {
    Socket listener = listener(sockets);
    Socket client = tcp(sockets);
    client.setNonblock();
    assertSocketError(SOCKET_EINPROGRESS, () -> client.connect(V4, port(listener)));
    client.setBlock();
    // Blocking now, the second connect waits for the handshake instead of saying EALREADY,
    // and finishes it: a third is EISCONN.
    try {
      client.connect(V4, port(listener));
    } catch (dev.twinsock.SocketError e) {
      assertEquals(SOCKET_EISCONN, e.code(), "the handshake may have finished first: then it is EISCONN");
    }
    assertTrue(awaitWritable(sockets, client));
    assertSocketError(SOCKET_EISCONN, () -> client.connect(V4, port(listener)));
  }

  @Test
  void urgentDataThatIsNotThereIsInvalidEvenOnABlockingSocket() {
    Socket[] pair = connectedPair(sockets);
    // The kernel never waits for urgent data: without any, MSG_OOB fails at once.
    assertSocketError(SOCKET_EINVAL, () -> pair[1].recv(1, MSG_OOB));
    pair[0].write(bytes("plain"));
    assertSocketError(SOCKET_EINVAL, () -> pair[1].recv(1, MSG_OOB));
  }

  /**
   * A datagram socket shut down for receiving: a receive that would wait returns 0 bytes (the
   * kernel stops waiting at RCV_SHUTDOWN), while one that may not wait says EAGAIN. Shutdown
   * marks an unconnected UDP socket though it fails with ENOTCONN.
   */
  @Test
  void anUrgentReceiveOnUdpIsAnOrdinaryReceive() {
    Socket udp = Loopback.boundUdp(sockets);
    udp.setOption(SOL_SOCKET, SO_RCVTIMEO, new Timeval(0, 20_000));
    assertSocketError(SOCKET_EAGAIN, () -> udp.recv(100, MSG_OOB));
    Socket sender = Loopback.udp(sockets);
    sender.sendto(bytes("x"), 1, 0, Loopback.V4, Loopback.port(udp));
    assertBytes("x", udp.recv(100, MSG_OOB));
  }

  @Test
  void aBlockingReceiveOnADatagramSocketShutDownReturnsNothingAtOnce() {
    Socket udp = Loopback.udp(sockets);
    assertSocketError(SOCKET_ENOTCONN, () -> udp.shutdown());
    udp.setOption(SOL_SOCKET, SO_RCVTIMEO, new Timeval(5, 0));
    assertEquals(0, udp.recv(100, 0).length);
    assertEquals(0, udp.recvmsg(100, 1, 0).data().length);
    dev.twinsock.Datagram nothing = udp.recvfrom(100, 0);
    assertEquals(0, nothing.data().length);
    assertEquals(new dev.twinsock.SockAddr("0.0.0.0", 0), nothing.from());
    // UDP ignores MSG_OOB on receive: it waits, and ends, as any receive does
    assertEquals(0, udp.recv(100, MSG_OOB).length);
    assertSocketError(SOCKET_EAGAIN, () -> udp.recv(100, MSG_DONTWAIT));
    udp.setNonblock();
    assertSocketError(SOCKET_EAGAIN, () -> udp.recv(100, 0));

    Socket[] unix = sockets.createPair(AF_UNIX, SOCK_DGRAM, 0);
    unix[0].shutdown(SHUT_RD);
    unix[0].setOption(SOL_SOCKET, SO_RCVTIMEO, new Timeval(5, 0));
    assertEquals(0, unix[0].recv(100, 0).length);
    assertSocketError(SOCKET_EAGAIN, () -> unix[0].recv(100, MSG_DONTWAIT));
  }
}
