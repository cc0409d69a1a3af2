package dev.twinsock.conformance;

import static dev.twinsock.SocketConstants.*;
import static dev.twinsock.conformance.Loopback.V4;
import static dev.twinsock.conformance.Loopback.boundUdp;
import static dev.twinsock.conformance.Loopback.connectedPair;
import static dev.twinsock.conformance.Loopback.listener;
import static dev.twinsock.conformance.Loopback.port;
import static dev.twinsock.conformance.Loopback.tcp;
import static dev.twinsock.conformance.SocketAssertions.assertBytes;
import static dev.twinsock.conformance.SocketAssertions.assertSocketError;
import static dev.twinsock.conformance.SocketAssertions.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import dev.twinsock.Timeval;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * A socket closed by another thread while a call waits on it ends that call at once with EBADF, for
 * every call that waits, on TCP, UDP and AF_UNIX. The closing thread comes from the process's
 * {@link dev.twinsock.Sockets#threadFactory()}: a real thread on the os backend, a task on the sim.
 * Each waiting call has a timeout of {@value #GUARD_SECONDS} s, so a call that close does not end
 * fails the test (EAGAIN or a timed-out select) instead of hanging it.
 */
public class CloseEndsABlockedCallConformanceTest extends ConformanceTest {
  private static final int GUARD_SECONDS = 5;

  /**
   * Runs {@code call} on this thread while another thread closes {@code socket} once the call is
   * inside it; asserts the call fails with EBADF and returns the error.
   */
  private SocketError closedUnder(Socket socket, Executable call) {
    OtherThread closer = OtherThread.start(sockets, Duration.ofMillis(20), () -> {
      backend.awaitCallIn(socket);
      socket.close();
    });
    SocketError error;
    try {
      error = assertSocketError(SOCKET_EBADF, call);
    } finally {
      closer.join();
    }
    return error;
  }

  private static void guard(Socket socket) {
    socket.setOption(SOL_SOCKET, SO_RCVTIMEO, new Timeval(GUARD_SECONDS, 0));
    socket.setOption(SOL_SOCKET, SO_SNDTIMEO, new Timeval(GUARD_SECONDS, 0));
  }

  private static Socket[] guardedPair(Socket[] pair) {
    guard(pair[0]);
    guard(pair[1]);
    return pair;
  }

  /** Fills {@code socket}'s way to a peer that never reads, until a send would wait. */
  private static void fill(Socket socket) {
    byte[] chunk = new byte[4096];
    while (true) {
      try {
        socket.send(chunk, chunk.length, MSG_DONTWAIT);
      } catch (SocketError e) {
        assertEquals(SOCKET_EAGAIN, e.code());
        return;
      }
    }
  }

  // ---- TCP

  @Test
  void aBlockedTcpAcceptEndsWithEbadf() {
    Socket listener = listener(sockets);
    guard(listener);
    SocketError error = closedUnder(listener, listener::accept);
    assertEquals("socket_accept", error.function());
  }

  @Test
  void aBlockedTcpReadEndsWithEbadf() {
    Socket[] pair = guardedPair(connectedPair(sockets));
    assertEquals("socket_read", closedUnder(pair[1], () -> pair[1].read(10)).function());
    assertEquals(SOCKET_EBADF, sockets.lastError()); // the socket itself is closed: asking it is an error now
    // the peer sees the close as a close: end of file
    assertBytes("", pair[0].read(10));
  }

  @Test
  void aBlockedTcpLineReadEndsWithEbadf() {
    Socket[] pair = guardedPair(connectedPair(sockets));
    closedUnder(pair[1], () -> pair[1].read(10, PHP_NORMAL_READ));
  }

  @Test
  void aBlockedTcpRecvEndsWithEbadf() {
    Socket[] pair = guardedPair(connectedPair(sockets));
    closedUnder(pair[1], () -> pair[1].recv(10, 0));
  }

  @Test
  void aTcpRecvWaitingForAllEndsWithEbadfThoughSomeBytesCame() {
    Socket[] pair = guardedPair(connectedPair(sockets));
    pair[0].write(bytes("abc"));
    closedUnder(pair[1], () -> pair[1].recv(10, MSG_WAITALL));
  }

  @Test
  void aBlockedTcpRecvfromEndsWithEbadf() {
    Socket[] pair = guardedPair(connectedPair(sockets));
    closedUnder(pair[1], () -> pair[1].recvfrom(10, 0));
  }

  @Test
  void aBlockedTcpRecvmsgEndsWithEbadf() {
    Socket[] pair = guardedPair(connectedPair(sockets));
    SocketError error = closedUnder(pair[1], () -> pair[1].recvmsg(10, 64, 0));
    assertEquals("socket_recvmsg", error.function());
  }

  @Test
  void aTcpWriteBlockedOnAFullSendBufferEndsWithEbadf() {
    Socket[] pair = guardedPair(connectedPair(sockets));
    pair[0].setOption(SOL_SOCKET, SO_SNDBUF, 4096);
    pair[1].setOption(SOL_SOCKET, SO_RCVBUF, 4096);
    fill(pair[0]);
    byte[] more = new byte[1 << 20];
    closedUnder(pair[0], () -> pair[0].write(more));
  }

  @Test
  void aTcpConnectWaitingForAnUnansweredSynEndsWithEbadf() {
    // a listener whose accept queue is full drops further SYNs: the next connect waits for retries
    Socket listener = listener(sockets, 0);
    List<Socket> queued = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Socket c = tcp(sockets);
      c.setNonblock();
      assertSocketError(SOCKET_EINPROGRESS, () -> c.connect(V4, port(listener)));
      queued.add(c);
    }
    Loopback.letPacketsArrive(sockets);
    Socket client = tcp(sockets);
    guard(client);
    SocketError error = closedUnder(client, () -> client.connect(V4, port(listener)));
    assertEquals("socket_connect", error.function());
  }

  @Test
  void aTcpSelectWaitingToReadEndsWithEbadf() {
    Socket[] pair = connectedPair(sockets);
    List<Socket> read = new ArrayList<>(List.of(pair[1]));
    SocketError error = closedUnder(pair[1], () -> sockets.select(read, null, null, (long) GUARD_SECONDS, 0));
    assertEquals("socket_select", error.function());
    assertEquals(SOCKET_EBADF, sockets.lastError());
  }

  @Test
  void aSelectEndsWithEbadfWhenOneOfItsSocketsIsClosed() {
    Socket[] pair = connectedPair(sockets);
    Socket udp = boundUdp(sockets);
    List<Socket> read = new ArrayList<>(List.of(pair[1], udp));
    closedUnder(udp, () -> sockets.select(read, null, null, (long) GUARD_SECONDS, 0));
    // the lists are left as they were: nothing was ready
    assertEquals(2, read.size());
  }

  @Test
  void closingAnotherDescriptorOfTheSameSocketLeavesAWaitingCallWaiting() {
    Socket[] carrier = sockets.createPair(AF_UNIX, SOCK_STREAM, 0);
    Socket udp = boundUdp(sockets);
    guard(udp);
    carrier[0].sendmsg(new dev.twinsock.Message(null, List.of(bytes("fd")),
        List.of(new dev.twinsock.ControlMessage(SOL_SOCKET, SCM_RIGHTS, List.of(udp))), 0), 0);
    dev.twinsock.Message in = carrier[1].recvmsg(10, sockets.cmsgSpace(SOL_SOCKET, SCM_RIGHTS, 1), 0);
    Socket copy = (Socket) ((List<?>) in.control().get(0).data()).get(0);
    int port = port(copy);
    OtherThread other = OtherThread.start(sockets, Duration.ofMillis(20), () -> {
      backend.awaitCallIn(copy);
      udp.close();
      // the socket lives on in the copy, which still receives
      Socket sender = Loopback.udp(sockets);
      sender.sendto(bytes("still"), 5, 0, V4, port);
      sender.close();
    });
    try {
      assertBytes("still", copy.recv(10, 0));
    } finally {
      other.join();
    }
  }

  // ---- UDP

  @Test
  void aBlockedUdpRecvEndsWithEbadf() {
    Socket udp = boundUdp(sockets);
    guard(udp);
    closedUnder(udp, () -> udp.recv(10, 0));
  }

  @Test
  void aBlockedUdpRecvfromEndsWithEbadf() {
    Socket udp = boundUdp(sockets);
    guard(udp);
    assertEquals("socket_recvfrom", closedUnder(udp, () -> udp.recvfrom(10, 0)).function());
  }

  @Test
  void aBlockedUdpRecvmsgEndsWithEbadf() {
    Socket udp = boundUdp(sockets);
    guard(udp);
    closedUnder(udp, () -> udp.recvmsg(10, 64, 0));
  }

  @Test
  void aUdpSelectWaitingToReadEndsWithEbadf() {
    Socket udp = boundUdp(sockets);
    List<Socket> read = new ArrayList<>(List.of(udp));
    closedUnder(udp, () -> sockets.select(read, null, null, (long) GUARD_SECONDS, 0));
  }

  // ---- AF_UNIX

  @Test
  void aBlockedUnixAcceptEndsWithEbadf() {
    Socket listener = sockets.create(AF_UNIX, SOCK_STREAM, 0);
    listener.bind(backend.unixPath("accept"));
    listener.listen(4);
    guard(listener);
    closedUnder(listener, listener::accept);
  }

  @Test
  void aBlockedUnixStreamReadEndsWithEbadf() {
    Socket[] pair = guardedPair(sockets.createPair(AF_UNIX, SOCK_STREAM, 0));
    closedUnder(pair[1], () -> pair[1].read(10));
    assertBytes("", pair[0].read(10));
  }

  @Test
  void aBlockedUnixStreamRecvmsgEndsWithEbadf() {
    Socket[] pair = guardedPair(sockets.createPair(AF_UNIX, SOCK_STREAM, 0));
    closedUnder(pair[1], () -> pair[1].recvmsg(10, 64, MSG_WAITALL));
  }

  @Test
  void aUnixStreamWriteBlockedOnAFullBufferEndsWithEbadf() {
    Socket[] pair = guardedPair(sockets.createPair(AF_UNIX, SOCK_STREAM, 0));
    pair[0].setOption(SOL_SOCKET, SO_SNDBUF, 4096);
    fill(pair[0]);
    byte[] more = new byte[1 << 20];
    closedUnder(pair[0], () -> pair[0].write(more));
  }

  @Test
  void aBlockedUnixDatagramRecvfromEndsWithEbadf() {
    Socket[] pair = guardedPair(sockets.createPair(AF_UNIX, SOCK_DGRAM, 0));
    closedUnder(pair[1], () -> pair[1].recvfrom(10, 0));
  }

  @Test
  void aUnixDatagramSendBlockedOnAFullPeerEndsWithEbadf() {
    Socket[] pair = guardedPair(sockets.createPair(AF_UNIX, SOCK_DGRAM, 0));
    fill(pair[0]);
    byte[] one = new byte[4096];
    closedUnder(pair[0], () -> pair[0].send(one, one.length, 0));
  }

  @Test
  void aUnixSeqpacketSelectWaitingToReadEndsWithEbadf() {
    Socket[] pair = sockets.createPair(AF_UNIX, SOCK_SEQPACKET, 0);
    List<Socket> read = new ArrayList<>(List.of(pair[1]));
    closedUnder(pair[1], () -> sockets.select(read, null, null, (long) GUARD_SECONDS, 0));
  }
}
