package dev.twinsock.os;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.twinsock.ControlMessage;
import dev.twinsock.Message;
import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import java.nio.file.Files;
import java.nio.file.Path;
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

  @Test
  void closingASocketThatABlockedSendmsgPassesNeitherWaitsForTheSendNorChangesIt() throws Exception {
    Socket[] channel = os.createPair(AF_UNIX, SOCK_STREAM, 0);
    // Fill the channel so that the next blocking sendmsg waits for the reader.
    channel[0].setNonblock();
    byte[] filler = new byte[4096];
    int filled = 0;
    try {
      while (true) {
        filled += channel[0].write(filler);
      }
    } catch (SocketError e) {
      assertEquals(SOCKET_EAGAIN, e.code());
    }
    channel[0].setBlock();
    OsSocket sender = (OsSocket) channel[0];
    Socket passed = os.create(AF_INET, SOCK_DGRAM, SOL_UDP);
    String passedFile = java.nio.file.Files.readSymbolicLink(
        java.nio.file.Path.of("/proc/self/fd/" + ((OsSocket) passed).descriptorNumber())).toString();
    CompletableFuture<Integer> send = CompletableFuture.supplyAsync(() -> sender.sendmsg(new Message(null,
        List.of("x".getBytes()), List.of(new ControlMessage(SOL_SOCKET, SCM_RIGHTS, List.of(passed))), 0), 0));
    int drained = filled;
    Message got = assertTimeoutPreemptively(HANG_GUARD, () -> {
      // The sendmsg has taken its duplicate of the passed socket's descriptor once a second
      // descriptor refers to that socket (counting all of the process's descriptors would let
      // one opened elsewhere, a class file, pass for it); only then is closing the passed socket
      // the race this test is about.
      while (descriptorsOf(passedFile) < 2 && !send.isDone()) {
        Thread.onSpinWait();
      }
      while (sender.callsInFlight() == 0 && !send.isDone()) {
        Thread.onSpinWait();
      }
      assertFalse(send.isDone(), "the sendmsg did not block");
      // The kernel took its own reference when the sendmsg started: this close does not wait.
      passed.close();
      assertEquals(drained, channel[1].recv(drained, MSG_WAITALL).length);
      assertEquals(1, send.get());
      return channel[1].recvmsg(1, 64, 0);
    });
    List<?> sockets = (List<?>) got.control().get(0).data();
    assertEquals(1, sockets.size());
    assertEquals(SOCK_DGRAM, ((Socket) sockets.get(0)).getOption(SOL_SOCKET, SO_TYPE));
  }

  @Test
  void closeWakesABlockedUnixConnectWaitingForBacklogRoom() throws Exception {
    Path dir = Files.createTempDirectory("tws");
    try {
      String path = dir.resolve("full").toString();
      Socket l = os.create(AF_UNIX, SOCK_STREAM, 0);
      l.bind(path);
      l.listen(0);
      os.create(AF_UNIX, SOCK_STREAM, 0).connect(path); // fills the backlog of 0 + 1
      SocketError e = closeWhileBlocked((OsSocket) os.create(AF_UNIX, SOCK_STREAM, 0), s -> s.connect(path));
      assertEquals(SOCKET_EBADF, e.code());
      assertEquals("socket_connect", e.function());
    } finally {
      os.close();
      Files.deleteIfExists(dir.resolve("full"));
      Files.delete(dir);
    }
  }

  /** How many of this process's descriptors refer to {@code file} (a /proc/self/fd link target). */
  private static long descriptorsOf(String file) throws java.io.IOException {
    try (java.util.stream.Stream<java.nio.file.Path> fds = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
      return fds.filter(fd -> {
        try {
          return java.nio.file.Files.readSymbolicLink(fd).toString().equals(file);
        } catch (java.io.IOException e) {
          return false; // closed while listed
        }
      }).count();
    }
  }
}
