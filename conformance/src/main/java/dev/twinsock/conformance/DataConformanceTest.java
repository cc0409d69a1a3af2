package dev.twinsock.conformance;

import static dev.twinsock.SocketConstants.*;
import static dev.twinsock.conformance.Loopback.V4;
import static dev.twinsock.conformance.Loopback.awaitReadable;
import static dev.twinsock.conformance.Loopback.connectedPair;
import static dev.twinsock.conformance.Loopback.letPacketsArrive;
import static dev.twinsock.conformance.Loopback.tcp;
import static dev.twinsock.conformance.SocketAssertions.assertBytes;
import static dev.twinsock.conformance.SocketAssertions.assertSocketError;
import static dev.twinsock.conformance.SocketAssertions.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Linger;
import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import dev.twinsock.Sockets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Moving bytes over TCP, closing and resetting: the "Data" rows of LINUX-SEMANTICS.md. */
public class DataConformanceTest extends ConformanceTest {

  @Test
  void recvAfterThePeerClosedNormallyIsEof() {
    Socket[] pair = connectedPair(sockets);
    pair[1].close();
    assertTrue(awaitReadable(sockets, pair[0]), "the FIN arrives");
    assertEquals(0, pair[0].recv(10, 0).length);
  }

  @Test
  void firstSendAfterThePeerClosedSucceedsAndTheNextIsABrokenPipe() {
    Socket[] pair = connectedPair(sockets);
    Socket client = pair[0];
    pair[1].close();
    assertTrue(awaitReadable(sockets, client), "the FIN arrives");
    // A FIN only says the peer will not send; the kernel accepts the data and the peer,
    // having no socket left, answers with RST.
    assertEquals(1, client.send(bytes("x"), 1, MSG_NOSIGNAL));
    letPacketsArrive(sockets);
    SocketError error = assertSocketError(SOCKET_EPIPE, () -> client.send(bytes("y"), 1, MSG_NOSIGNAL));
    assertEquals("Broken pipe", error.reason());
  }

  @Test
  void peerClosingWithUnreadDataResetsTheConnection() {
    Socket[] pair = connectedPair(sockets);
    Socket client = pair[0];
    Socket server = pair[1];
    client.write(bytes("unread"));
    assertTrue(awaitReadable(sockets, server), "the data reaches the server's receive queue");
    server.close();
    assertTrue(awaitReadable(sockets, client), "the RST arrives");
    SocketError error = assertSocketError(SOCKET_ECONNRESET, () -> client.recv(10, 0));
    assertEquals("Connection reset by peer", error.reason());
    assertSocketError(SOCKET_EPIPE, () -> client.send(bytes("x"), 1, MSG_NOSIGNAL));
  }

  @Test
  void peerClosingWithLingerZeroResetsTheConnection() {
    Socket[] pair = connectedPair(sockets);
    pair[1].setOption(SOL_SOCKET, SO_LINGER, new Linger(1, 0));
    pair[1].close();
    assertTrue(awaitReadable(sockets, pair[0]), "the RST arrives");
    assertSocketError(SOCKET_ECONNRESET, () -> pair[0].recv(10, 0));
  }

  @Test
  void shutdownWriteGivesThePeerEofAndLeavesTheOtherDirectionOpen() {
    Socket[] pair = connectedPair(sockets);
    Socket client = pair[0];
    Socket server = pair[1];
    client.shutdown(SHUT_WR);
    assertTrue(awaitReadable(sockets, server), "the FIN arrives");
    assertEquals(0, server.recv(10, 0).length);
    assertEquals(5, server.write(bytes("still")));
    assertTrue(awaitReadable(sockets, client));
    assertBytes("still", client.recv(10, 0));
  }

  @Test
  void sendAfterOwnShutdownWriteIsABrokenPipe() {
    Socket client = connectedPair(sockets)[0];
    client.shutdown(SHUT_WR);
    assertSocketError(SOCKET_EPIPE, () -> client.send(bytes("x"), 1, MSG_NOSIGNAL));
  }

  @Test
  void recvAfterOwnShutdownReadIsEofInsteadOfBlocking() {
    Socket[] pair = connectedPair(sockets);
    pair[0].shutdown(SHUT_RD);
    // A blocking recv with nothing queued returns EOF at once.
    assertEquals(0, pair[0].recv(10, 0).length);
  }

  @Test
  void recvAfterOwnShutdownReadStillDeliversWhatThePeerSendsThenEof() {
    // LINUX-SEMANTICS.md's row says "empty (EOF)"; re-measured on Linux 6.18 (C, loopback):
    // TCP keeps accepting data after SHUT_RD and recv returns it; EOF comes once it is drained.
    // The peer's sends keep succeeding (no RST).
    Socket[] pair = connectedPair(sockets);
    pair[0].shutdown(SHUT_RD);
    assertEquals(4, pair[1].write(bytes("late")));
    // A SHUT_RD socket is always readable, so select cannot say when "late" arrived.
    letPacketsArrive(sockets);
    assertBytes("late", pair[0].recv(10, 0));
    assertEquals(0, pair[0].recv(10, 0).length);
    assertEquals(4, pair[1].send(bytes("more"), 4, MSG_NOSIGNAL));
  }

  @Test
  void recvOnAnUnconnectedStreamSocketIsNotConnected() {
    Socket socket = tcp(sockets);
    SocketError error = assertSocketError(SOCKET_ENOTCONN, () -> socket.recv(10, 0));
    assertEquals("Transport endpoint is not connected", error.reason());
  }

  @Test
  void sendOnAnUnconnectedStreamSocketIsABrokenPipe() {
    Socket socket = tcp(sockets);
    assertSocketError(SOCKET_EPIPE, () -> socket.send(bytes("x"), 1, MSG_NOSIGNAL));
  }

  @Test
  void shutdownOnAnUnconnectedSocketIsNotConnected() {
    Socket socket = tcp(sockets);
    assertSocketError(SOCKET_ENOTCONN, () -> socket.shutdown(SHUT_RDWR));
  }

  @Test
  void getpeernameOnAnUnconnectedSocketIsNotConnected() {
    Socket socket = tcp(sockets);
    assertSocketError(SOCKET_ENOTCONN, socket::getpeername);
  }

  @Test
  void peekLeavesTheDataQueued() {
    Socket[] pair = connectedPair(sockets);
    pair[0].write(bytes("hello"));
    assertTrue(awaitReadable(sockets, pair[1]));
    // MSG_WAITALL so the test does not depend on how the 5 bytes were segmented.
    assertBytes("hello", pair[1].recv(5, MSG_PEEK | MSG_WAITALL));
    assertBytes("hello", pair[1].recv(5, MSG_PEEK | MSG_WAITALL));
    assertBytes("hello", pair[1].recv(5, MSG_WAITALL));
    assertSocketError(SOCKET_EAGAIN, () -> pair[1].recv(5, MSG_DONTWAIT));
  }

  @Test
  void dontWaitWithNoDataWouldBlock() {
    Socket[] pair = connectedPair(sockets);
    assertSocketError(SOCKET_EAGAIN, () -> pair[0].recv(10, MSG_DONTWAIT));
  }

  @Test
  void nonBlockingWritesToAPeerThatNeverReadsFillAbout4MegabytesWithDefaultBuffers() {
    Socket[] pair = connectedPair(sockets);
    long accepted = fill(sockets, pair[0], 65_536);
    // Measured ~3.9 MB on Linux 6.18: the send buffer autotunes up to tcp_wmem[2] (4 MiB) and the
    // peer's receive window adds its share. Both depend on the machine's sysctls, so only the
    // order of magnitude is pinned: megabytes, far above the 16 KiB initial send buffer.
    assertTrue(accepted > 1_000_000 && accepted < 64_000_000, "accepted " + accepted + " bytes");
  }

  @Test
  void nonBlockingWritesWithSmallBuffersFillTensOfKilobytes() {
    Socket listener = tcp(sockets);
    // Set before the handshake, so the window the peer advertises already reflects it.
    listener.setOption(SOL_SOCKET, SO_RCVBUF, 4096);
    listener.bind(V4, 0);
    listener.listen(1);
    Socket client = tcp(sockets);
    client.setOption(SOL_SOCKET, SO_SNDBUF, 4096);
    client.connect(V4, Loopback.port(listener));
    Socket server = listener.accept();
    assertEquals(8192, server.getOption(SOL_SOCKET, SO_RCVBUF));
    long accepted = fill(sockets, client, 65_536);
    // LINUX-SEMANTICS.md says "about 37 KB"; the exact figure depends on when the buffers are
    // set and on segment overheads (10 KB with both set before connect on Linux 6.18, 64 KB when
    // the receiver's is set after accept). Pinned: kilobytes, not megabytes.
    assertTrue(accepted >= 4096 && accepted <= 131_072, "accepted " + accepted + " bytes");
  }

  /**
   * Writes {@code chunk}-byte blocks without blocking until the socket stays unwritable for half
   * a second, and returns how many bytes the kernel took. Waiting after EAGAIN matters on the sim,
   * where data leaves the send buffer only as virtual time passes.
   */
  static long fill(Sockets sockets, Socket socket, int chunk) {
    socket.setNonblock();
    byte[] block = new byte[chunk];
    long total = 0;
    while (true) {
      try {
        total += socket.write(block);
      } catch (SocketError e) {
        assertEquals(SOCKET_EAGAIN, e.code(), e.getMessage());
        List<Socket> write = new ArrayList<>(List.of(socket));
        if (sockets.select(null, write, null, 0L, 500_000) == 0) {
          return total;
        }
      }
    }
  }
}
