package dev.twinsock.conformance;

import static dev.twinsock.SocketConstants.*;
import static dev.twinsock.conformance.Loopback.V4;
import static dev.twinsock.conformance.Loopback.connectedPair;
import static dev.twinsock.conformance.Loopback.tcp;
import static dev.twinsock.conformance.SocketAssertions.assertSocketError;
import static dev.twinsock.conformance.SocketAssertions.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.twinsock.Linger;
import dev.twinsock.Message;
import dev.twinsock.Socket;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * A call on a closed socket throws IllegalStateException with the seed's message ({@code
 * socket_write(): Argument #1 ($socket) has already been closed}), before any other check and
 * without touching the last error; closing twice is harmless.
 */
public class ClosedSocketConformanceTest extends ConformanceTest {

  private void assertClosed(String function, Executable call) {
    IllegalStateException e = assertThrows(IllegalStateException.class, call, function);
    assertEquals(function + "(): Argument #1 ($socket) has already been closed", e.getMessage());
  }

  /** Every call of the socket, in the order of the interface, each with the seed's name. */
  private Map<String, Executable> everyCall(Socket socket) {
    Map<String, Executable> calls = new LinkedHashMap<>();
    calls.put("socket_accept", socket::accept);
    calls.put("socket_bind", () -> socket.bind(V4, 0));
    calls.put("socket_connect", () -> socket.connect(V4, 1));
    calls.put("socket_listen", () -> socket.listen(1));
    calls.put("socket_read", () -> socket.read(1));
    calls.put("socket_write", () -> socket.write(bytes("x")));
    calls.put("socket_recv", () -> socket.recv(1, 0));
    calls.put("socket_send", () -> socket.send(bytes("x"), 1, 0));
    calls.put("socket_recvfrom", () -> socket.recvfrom(1, 0));
    calls.put("socket_sendto", () -> socket.sendto(bytes("x"), 1, 0, V4, 1));
    calls.put("socket_recvmsg", () -> socket.recvmsg(1, 1, 0));
    calls.put("socket_sendmsg", () -> socket.sendmsg(new Message(null, List.of(bytes("x")), List.of(), 0), 0));
    calls.put("socket_get_option", () -> socket.getOption(SOL_SOCKET, SO_TYPE));
    calls.put("socket_set_option", () -> socket.setOption(SOL_SOCKET, SO_KEEPALIVE, 1));
    calls.put("socket_getpeername", socket::getpeername);
    calls.put("socket_getsockname", socket::getsockname);
    calls.put("socket_set_block", socket::setBlock);
    calls.put("socket_set_nonblock", socket::setNonblock);
    calls.put("socket_shutdown", () -> socket.shutdown(SHUT_RDWR));
    calls.put("socket_export_stream", socket::exportStream);
    calls.put("socket_last_error", socket::lastError);
    calls.put("socket_clear_error", socket::clearError);
    return calls;
  }

  @Test
  void everyCallOnAClosedSocketThrowsIllegalStateWithTheSeedsMessage() {
    Socket socket = connectedPair(sockets)[0];
    socket.close();
    everyCall(socket).forEach(this::assertClosed);
  }

  @Test
  void aClosedUnboundSocketRefusesEveryCallToo() {
    Socket socket = tcp(sockets);
    socket.close();
    everyCall(socket).forEach(this::assertClosed);
  }

  @Test
  void theClosedCheckComesBeforeEveryArgumentCheck() {
    Socket socket = tcp(sockets);
    socket.close();
    // each of these arguments alone is rejected on an open socket; the seed looks at the socket first
    assertClosed("socket_bind", () -> socket.bind(V4, 70000));
    assertClosed("socket_connect", () -> socket.connect(V4, -1));
    assertClosed("socket_connect", () -> socket.connect(V4));
    assertClosed("socket_read", () -> socket.read(0));
    assertClosed("socket_read", () -> socket.read(1, 7));
    assertClosed("socket_recv", () -> socket.recv(-1, 0));
    assertClosed("socket_write", () -> socket.write(bytes("x"), -1));
    assertClosed("socket_recvmsg", () -> socket.recvmsg(10, 1, 0));
    assertClosed("socket_set_option", () -> socket.setOption(SOL_SOCKET, SO_LINGER, Map.of("l_onoff", 1)));
    assertClosed("socket_set_option", () -> socket.setOption(SOL_SOCKET, SO_LINGER, new Linger(1, 0)));
  }

  @Test
  void aCallOnAClosedSocketRecordsNoError() {
    Socket other = tcp(sockets);
    assertSocketError(SOCKET_ENOTCONN, other::getpeername);
    Socket socket = tcp(sockets);
    socket.close();
    assertClosed("socket_getsockname", socket::getsockname);
    assertClosed("socket_write", () -> socket.write(bytes("x")));
    assertEquals(SOCKET_ENOTCONN, sockets.lastError(), "the process's last error is the one before");
  }

  @Test
  void closingTwiceIsHarmless() {
    Socket socket = tcp(sockets);
    socket.close();
    socket.close();
    assertClosed("socket_getsockname", socket::getsockname);
  }

  @Test
  void tryWithResourcesMayCloseAClosedSocket() {
    try (Socket socket = tcp(sockets)) {
      socket.close();
    }
  }

  @Test
  void closingTheProcessClosesEverySocketItMade() {
    Socket[] pair = connectedPair(sockets);
    Socket unbound = tcp(sockets);
    Socket closedBefore = tcp(sockets);
    closedBefore.close();
    sockets.close();
    assertClosed("socket_getsockname", pair[0]::getsockname);
    assertClosed("socket_getsockname", pair[1]::getsockname);
    assertClosed("socket_getsockname", unbound::getsockname);
  }

  @Test
  void theStreamOfAClosedSocketFailsWithAnIoException() {
    Socket[] pair = connectedPair(sockets);
    var stream = pair[0].exportStream();
    pair[0].close();
    IOException read = assertThrows(IOException.class, () -> stream.input().read());
    assertEquals(IllegalStateException.class, read.getCause().getClass());
    IOException write = assertThrows(IOException.class, () -> stream.output().write(1));
    assertEquals(IllegalStateException.class, write.getCause().getClass());
  }
}
