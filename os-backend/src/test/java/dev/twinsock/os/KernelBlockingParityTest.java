package dev.twinsock.os;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.twinsock.Message;
import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import dev.twinsock.Timeval;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Blocking calls whose emulation must wait exactly where the kernel's blocking call waits: the
 * timeouts an accepted socket inherits, MSG_WAITALL on every receive call, a blocking sendmsg on a
 * stream, a blocking connect on a connection already in progress. Timeouts are hang guards only.
 */
class KernelBlockingParityTest {
  private static final Duration HANG_GUARD = Duration.ofSeconds(20);
  private final OsSockets os = new OsSockets();

  @AfterEach
  void closeAll() {
    os.close();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private Socket listener(int backlog) {
    Socket l = os.create(AF_INET, SOCK_STREAM, SOL_TCP);
    l.bind("127.0.0.1", 0);
    l.listen(backlog);
    return l;
  }

  private Socket[] connected() {
    Socket l = listener(1);
    Socket c = os.create(AF_INET, SOCK_STREAM, SOL_TCP);
    c.connect("127.0.0.1", l.getsockname().port());
    Socket a = l.accept();
    l.close();
    return new Socket[] {c, a};
  }

  @Test
  void anAcceptedSocketInheritsTheListenersReceiveTimeout() {
    Socket l = listener(1);
    l.setOption(SOL_SOCKET, SO_RCVTIMEO, new Timeval(0, 20_000));
    Socket c = os.create(AF_INET, SOCK_STREAM, SOL_TCP);
    c.connect("127.0.0.1", l.getsockname().port());
    Socket a = l.accept();
    SocketError e = assertTimeoutPreemptively(HANG_GUARD, () -> assertThrows(SocketError.class, () -> a.recv(1, 0)));
    assertEquals(SOCKET_EAGAIN, e.code());
  }

  @Test
  void anAcceptedSocketInheritsTheListenersSendTimeout() {
    Socket l = listener(1);
    l.setOption(SOL_SOCKET, SO_SNDTIMEO, new Timeval(0, 20_000));
    Socket c = os.create(AF_INET, SOCK_STREAM, SOL_TCP);
    c.connect("127.0.0.1", l.getsockname().port());
    Socket a = l.accept();
    // The client never reads: the kernel queues what fits, then the timeout returns that count.
    byte[] big = new byte[64 << 20];
    int sent = assertTimeoutPreemptively(HANG_GUARD, () -> a.send(big, big.length, 0));
    assertTrue(sent > 0 && sent < big.length, "a partial count, got " + sent);
  }

  /**
   * The peer sends "abc", the call takes it and must wait for "def": the peer sends that only once
   * the bytes are gone from the receive queue, so a call that returned early returns "abc".
   */
  private byte[] waitAllAcrossTwoSends(Function<Socket, byte[]> call) {
    Socket[] pair = connected();
    pair[1].write(bytes("abc"));
    return assertTimeoutPreemptively(HANG_GUARD, () -> {
      CompletableFuture<byte[]> got = CompletableFuture.supplyAsync(() -> call.apply(pair[0]));
      while (!got.isDone() && queued(pair[0])) {
        Thread.onSpinWait();
      }
      pair[1].write(bytes("def"));
      return got.get();
    });
  }

  /**
   * An urgent byte that arrives while a MSG_WAITALL receive waits for more wakes the kernel's call,
   * which ends at the mark with what it has, and the byte stays urgent. A wait that the lone
   * urgent byte did not wake (it is not POLLIN), or a further receive that skipped it, would wait
   * on with no timeout: the hang guard fails.
   */
  @Test
  void anUrgentByteArrivingDuringAWaitAllEndsTheWaitAtTheMark() {
    Socket[] pair = connected();
    pair[1].write(bytes("abc"));
    byte[] got = assertTimeoutPreemptively(HANG_GUARD, () -> {
      CompletableFuture<byte[]> call = CompletableFuture.supplyAsync(() -> pair[0].recv(6, MSG_WAITALL));
      while (!call.isDone() && queued(pair[0])) {
        Thread.onSpinWait();
      }
      pair[1].send(bytes("!"), 1, MSG_OOB);
      return call.get();
    });
    assertArrayEquals(bytes("abc"), got);
    List<Socket> except = new ArrayList<>(List.of(pair[0]));
    assertEquals(1, os.select(null, null, except, 0L, 0), "the byte is still urgent");
    assertArrayEquals(bytes("!"), pair[0].recv(1, MSG_OOB));
  }

  /**
   * The same, many times over: the urgent byte is sent the moment "abc" has left the receive
   * queue, so now and then it lands between two of the emulation's non-blocking calls, where the
   * next call skips it (the kernel's own call stops at the mark only once it has copied bytes)
   * and the mark is gone before the wait starts. Only that the byte came during the call, which
   * poll reports as POLLPRI, can end the gather then; without it the call waits forever.
   */
  @Test
  void anUrgentByteArrivingBetweenTwoCallsOfAWaitAllEndsTheWaitEveryTime() throws Exception {
    for (int i = 0; i < ROUNDS; i++) {
      Socket[] pair = connected();
      pair[1].write(bytes("abc"));
      CompletableFuture<byte[]> call = CompletableFuture.supplyAsync(() -> pair[0].recv(6, MSG_WAITALL));
      while (!call.isDone() && queued(pair[0])) {
        Thread.onSpinWait();
      }
      pair[1].send(bytes("!"), 1, MSG_OOB);
      byte[] got;
      try {
        got = call.get(5, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        pair[0].close(); // ends the call
        throw new AssertionError("round " + i + ": the call waited on after the urgent byte came");
      }
      assertArrayEquals(bytes("abc"), got, "round " + i);
      assertArrayEquals(bytes("!"), pair[0].recv(1, MSG_OOB), "round " + i);
      pair[0].close();
      pair[1].close();
    }
  }

  /** Rounds of the race above: before the fix below, one in about a thousand met it; a few seconds. */
  private static final int ROUNDS = Integer.getInteger("twinsock.urgentRounds", 1500);

  private static boolean queued(Socket s) {
    try {
      return s.recv(1, MSG_PEEK | MSG_DONTWAIT).length > 0;
    } catch (SocketError e) {
      assertEquals(SOCKET_EAGAIN, e.code());
      return false;
    }
  }

  @Test
  void recvWithWaitAllWaitsForEveryByte() {
    assertArrayEquals(bytes("abcdef"), waitAllAcrossTwoSends(s -> s.recv(6, MSG_WAITALL)));
  }

  @Test
  void recvfromWithWaitAllOnAStreamWaitsForEveryByte() {
    assertArrayEquals(bytes("abcdef"), waitAllAcrossTwoSends(s -> s.recvfrom(6, MSG_WAITALL).data()));
  }

  @Test
  void recvmsgWithWaitAllOnAStreamWaitsForEveryByte() {
    assertArrayEquals(bytes("abcdef"), waitAllAcrossTwoSends(s -> s.recvmsg(6, 1, MSG_WAITALL).data()));
  }

  @Test
  void aBlockingSendmsgOnAStreamQueuesEveryByte() {
    Socket[] pair = os.createPair(AF_UNIX, SOCK_STREAM, 0);
    byte[] first = new byte[1 << 20];
    byte[] second = new byte[3 << 20];
    for (int i = 0; i < first.length; i++) {
      first[i] = (byte) i;
    }
    for (int i = 0; i < second.length; i++) {
      second[i] = (byte) (i * 7);
    }
    byte[] all = new byte[first.length + second.length];
    System.arraycopy(first, 0, all, 0, first.length);
    System.arraycopy(second, 0, all, first.length, second.length);
    assertTimeoutPreemptively(HANG_GUARD, () -> {
      CompletableFuture<byte[]> reader = CompletableFuture.supplyAsync(() -> pair[1].recv(all.length, MSG_WAITALL));
      assertEquals(all.length, pair[0].sendmsg(new Message(null, List.of(first, second), List.of(), 0), 0));
      assertArrayEquals(all, reader.get());
    });
  }

  @Test
  void aBlockingConnectOnAConnectionInProgressWaitsForIt() {
    // listen(0) holds one connection; the next SYN is dropped until the queue has room.
    Socket l = listener(0);
    int port = l.getsockname().port();
    Socket first = os.create(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, SOL_TCP);
    assertEquals(SOCKET_EINPROGRESS, assertThrows(SocketError.class, () -> first.connect("127.0.0.1", port)).code());
    List<Socket> write = new ArrayList<>(List.of(first));
    assertEquals(1, os.select(null, write, null, 5L, 0));
    Socket second = os.create(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, SOL_TCP);
    assertEquals(SOCKET_EINPROGRESS, assertThrows(SocketError.class, () -> second.connect("127.0.0.1", port)).code());
    l.accept();
    second.setBlock();
    // The kernel's blocking connect sleeps until the retransmitted SYN is accepted, then succeeds.
    assertTimeoutPreemptively(HANG_GUARD, () -> second.connect("127.0.0.1", port));
    assertEquals(port, second.getpeername().port());
    assertEquals(SOCKET_EISCONN, assertThrows(SocketError.class, () -> second.connect("127.0.0.1", port)).code());
  }
}
