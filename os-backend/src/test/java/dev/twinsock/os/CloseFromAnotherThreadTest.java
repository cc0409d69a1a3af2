package dev.twinsock.os;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Closing a socket from another thread ends a call blocked on it, with EBADF. Each test waits
 * until the call is really in flight on the socket, closes it, and asserts on the error; the
 * timeouts only guard against a hang.
 */
class CloseFromAnotherThreadTest {
  private static final Duration HANG_GUARD = Duration.ofSeconds(20);

  private final OsSockets os = new OsSockets();

  @AfterEach
  void closeAll() {
    os.close();
  }

  /** Runs {@code call} on another thread, waits until it is inside the socket, closes it, returns its error. */
  private SocketError closeWhileBlocked(OsSocket socket, Consumer<OsSocket> call) {
    return assertTimeoutPreemptively(HANG_GUARD, () -> {
      CompletableFuture<Object> blocked = CompletableFuture.supplyAsync(() -> {
        call.accept(socket);
        return "returned";
      });
      while (socket.callsInFlight() == 0 && !blocked.isDone()) {
        Thread.onSpinWait();
      }
      assertFalse(blocked.isDone(), "the call did not block");
      socket.close();
      try {
        Object result = blocked.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
        return fail("the call returned " + result + " instead of failing");
      } catch (ExecutionException e) {
        return assertInstanceOf(SocketError.class, e.getCause());
      }
    });
  }

  private OsSocket listener() {
    OsSocket l = (OsSocket) os.create(AF_INET, SOCK_STREAM, SOL_TCP);
    l.bind("127.0.0.1", 0);
    l.listen(8);
    return l;
  }

  private OsSocket[] connected() {
    OsSocket l = listener();
    OsSocket c = (OsSocket) os.create(AF_INET, SOCK_STREAM, SOL_TCP);
    c.connect("127.0.0.1", l.getsockname().port());
    OsSocket a = (OsSocket) l.accept();
    l.close();
    return new OsSocket[] {c, a};
  }

  @Test
  void closeWakesABlockedAccept() {
    SocketError e = closeWhileBlocked(listener(), Socket::accept);
    assertEquals(SOCKET_EBADF, e.code());
    assertEquals("socket_accept", e.function());
  }

  @Test
  void closeWakesABlockedRead() {
    OsSocket[] pair = connected();
    SocketError e = closeWhileBlocked(pair[0], s -> s.read(10));
    assertEquals(SOCKET_EBADF, e.code());
    assertEquals("socket_read", e.function());
  }

  @Test
  void closeWakesABlockedLineRead() {
    OsSocket[] pair = connected();
    SocketError e = closeWhileBlocked(pair[0], s -> s.read(10, PHP_NORMAL_READ));
    assertEquals(SOCKET_EBADF, e.code());
  }

  @Test
  void closeWakesABlockedRecv() {
    OsSocket[] pair = connected();
    SocketError e = closeWhileBlocked(pair[0], s -> s.recv(10, MSG_WAITALL));
    assertEquals(SOCKET_EBADF, e.code());
    assertEquals("socket_recv", e.function());
  }

  @Test
  void closeWakesABlockedRecvfromOnUdp() {
    OsSocket udp = (OsSocket) os.create(AF_INET, SOCK_DGRAM, SOL_UDP);
    udp.bind("127.0.0.1", 0);
    SocketError e = closeWhileBlocked(udp, s -> s.recvfrom(10, 0));
    assertEquals(SOCKET_EBADF, e.code());
  }

  @Test
  void closeWakesABlockedSelect() {
    OsSocket[] pair = connected();
    SocketError e = closeWhileBlocked(pair[0], s -> {
      List<Socket> read = new ArrayList<>(List.of(s));
      os.select(read, null, null, null, 0);
    });
    assertEquals(SOCKET_EBADF, e.code());
    assertEquals("socket_select", e.function());
    assertEquals(SOCKET_EBADF, os.lastError());
  }

  @Test
  void closeWakesABlockedSend() {
    OsSocket[] pair = connected();
    pair[0].setOption(SOL_SOCKET, SO_SNDBUF, 4096);
    // Nobody reads the peer: a blocking send of 64 MB fills both buffers and waits.
    SocketError e = closeWhileBlocked(pair[0], s -> {
      byte[] big = new byte[64 << 20];
      s.send(big, big.length, 0);
    });
    assertEquals(SOCKET_EBADF, e.code());
  }

  @Test
  void closeWakesABlockedConnect() {
    // A listener with a full accept queue drops further SYNs, so the next blocking connect waits
    // for SYN retransmissions.
    OsSocket l = (OsSocket) os.create(AF_INET, SOCK_STREAM, SOL_TCP);
    l.bind("127.0.0.1", 0);
    l.listen(0);
    int port = l.getsockname().port();
    List<Socket> queued = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Socket c = os.create(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, SOL_TCP);
      try {
        c.connect("127.0.0.1", port);
      } catch (SocketError e) {
        assertEquals(SOCKET_EINPROGRESS, e.code());
      }
      queued.add(c);
    }
    // Wait (bounded) until the first connection has completed, so the queue is really full.
    List<Socket> write = new ArrayList<>(queued.subList(0, 1));
    assertEquals(1, os.select(null, write, null, 5L, 0));
    OsSocket blocked = (OsSocket) os.create(AF_INET, SOCK_STREAM, SOL_TCP);
    SocketError e = closeWhileBlocked(blocked, s -> s.connect("127.0.0.1", port));
    assertEquals(SOCKET_EBADF, e.code());
    assertEquals("socket_connect", e.function());
  }
}
