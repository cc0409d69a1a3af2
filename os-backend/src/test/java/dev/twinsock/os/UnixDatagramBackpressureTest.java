package dev.twinsock.os;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import dev.twinsock.Timeval;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A blocking sendto to an AF_UNIX datagram socket whose queue is full. The kernel sleeps until the
 * receiver reads; poll cannot see that queue from an unconnected sender (it reports writable), so
 * the emulation must wait on a timer rather than spin on poll.
 */
class UnixDatagramBackpressureTest {
  private static final Duration HANG_GUARD = Duration.ofSeconds(20);
  private final OsSockets os = new OsSockets();
  private Path dir;
  private String path;
  private Socket receiver;

  @BeforeEach
  void makeDirectory() throws Exception {
    dir = Files.createTempDirectory("tws");
    path = dir.resolve("r").toString();
  }

  @AfterEach
  void closeAll() throws Exception {
    os.close();
    Files.deleteIfExists(dir.resolve("r"));
    Files.delete(dir);
  }

  /** A bound receiver whose queue is full, and an unconnected blocking sender. */
  private Socket fullReceiverAndSender() {
    receiver = os.create(AF_UNIX, SOCK_DGRAM, 0);
    receiver.bind(path);
    Socket sender = os.create(AF_UNIX, SOCK_DGRAM, 0);
    sender.setNonblock();
    byte[] one = new byte[16];
    try {
      while (true) {
        sender.sendto(one, one.length, 0, path);
      }
    } catch (SocketError e) {
      assertEquals(SOCKET_EAGAIN, e.code());
    }
    sender.setBlock();
    return sender;
  }

  @Test
  void sendTimeoutEndsTheWaitWithEagainWithoutSpinning() {
    Socket sender = fullReceiverAndSender();
    sender.setOption(SOL_SOCKET, SO_SNDTIMEO, new Timeval(0, 500_000));
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    SocketError e = assertTimeoutPreemptively(HANG_GUARD, () -> {
      long cpuBefore = threads.getCurrentThreadCpuTime();
      SocketError error = assertThrows(SocketError.class, () -> sender.sendto(new byte[16], 16, 0, path));
      long cpu = threads.getCurrentThreadCpuTime() - cpuBefore;
      // A spinning wait burns the whole half second; a sleeping one a few milliseconds.
      assertTrue(cpu < 150_000_000L, "the wait used " + cpu / 1_000_000 + " ms of CPU");
      return error;
    });
    assertEquals(SOCKET_EAGAIN, e.code());
  }

  @Test
  void theDatagramGoesOutOnceTheReceiverReads() {
    OsSocket sender = (OsSocket) fullReceiverAndSender();
    assertTimeoutPreemptively(HANG_GUARD, () -> {
      CompletableFuture<Integer> send = CompletableFuture.supplyAsync(() -> sender.sendto(new byte[3], 3, 0, path));
      while (sender.callsInFlight() == 0 && !send.isDone()) {
        Thread.onSpinWait();
      }
      receiver.recv(16, 0);
      assertEquals(3, send.get());
    });
  }

  @Test
  void closeEndsTheWaitWithEbadf() {
    OsSocket sender = (OsSocket) fullReceiverAndSender();
    SocketError e = assertTimeoutPreemptively(HANG_GUARD, () -> {
      CompletableFuture<Integer> send = CompletableFuture.supplyAsync(() -> sender.sendto(new byte[3], 3, 0, path));
      while (sender.callsInFlight() == 0 && !send.isDone()) {
        Thread.onSpinWait();
      }
      assertFalse(send.isDone(), "the sendto did not block");
      sender.close();
      ExecutionException failed = assertThrows(ExecutionException.class, send::get);
      return assertInstanceOf(SocketError.class, failed.getCause());
    });
    assertEquals(SOCKET_EBADF, e.code());
  }
}
