package dev.twinsock.parity;

import dev.twinsock.Socket;
import dev.twinsock.Sockets;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One backend under test for the length of one program: its {@link Sockets}, the directory and
 * abstract-namespace tag its AF_UNIX names live under, and how it lets in-flight work finish.
 * Closing it closes every socket and removes the directory.
 */
abstract class Target implements AutoCloseable {
  /** How long a settle may wait for one connect in progress; loopback needs microseconds. */
  static final int SETTLE_BOUND_MICROS = 500_000;

  private final String name;
  private final Path tmp;
  private final String tag;

  /** One directory per JVM, made on first use; each target gets a fresh one inside it. */
  private static Path base;

  private static final AtomicLong RUNS = new AtomicLong();

  Target(String name) {
    this.name = name;
    long run = RUNS.incrementAndGet();
    try {
      this.tmp = Files.createDirectory(base().resolve("r" + run));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.tag = "tw" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL) + "r" + run;
  }

  private static synchronized Path base() throws IOException {
    if (base == null) {
      // Short, under /tmp: AF_UNIX paths must fit 107 bytes.
      base = Files.createTempDirectory(Path.of("/tmp"), "tw");
      base.toFile().deleteOnExit();
    }
    return base;
  }

  String name() {
    return name;
  }

  abstract Sockets sockets();

  String tmpDir() {
    return tmp.toString();
  }

  String tag() {
    return tag;
  }

  /**
   * Lets in-flight work finish: waits until each of {@code connecting} (connects in progress) is
   * writable, which is when the handshake has succeeded or failed, each wait bounded by {@link
   * #SETTLE_BOUND_MICROS}. A socket that the bound runs out on is left as it is: the next steps
   * will show it on both backends. On loopback the kernel delivers everything else a call starts
   * within that call; a backend that does not overrides this to run its own work to the end.
   * Work a kernel timer starts (a SYN sent again after a full accept queue dropped it) runs
   * outside any call: Run waits for what that work leaves behind (see its awaitLateHandshakes).
   */
  void settle(List<Socket> connecting) {
    List<Socket> waiting = new ArrayList<>(connecting);
    for (int round = 0; round < connecting.size() && !waiting.isEmpty(); round++) {
      List<Socket> write = new ArrayList<>(waiting);
      int ready;
      try {
        ready = sockets().select(null, write, null, 0L, SETTLE_BOUND_MICROS);
      } catch (RuntimeException e) {
        return;
      }
      if (ready == 0) {
        return;
      }
      waiting.removeAll(write);
    }
  }

  /**
   * Runs {@code actor} while {@code waiter} waits, and returns their outcomes, the waiter's
   * first. The kernel's loopback delivers within the sending call and wakes a waiter from there,
   * so what a waiter sees once woken is what it sees when the actor has already run: this makes
   * the actor's call first, then the waiter's, which returns at once. A backend whose waiters park
   * runs the actor beside the parked waiter instead (see SimTarget).
   */
  List<Outcome> meanwhile(Supplier<Outcome> waiter, Supplier<Outcome> actor) {
    Outcome acted = actor.get();
    return List.of(waiter.get(), acted);
  }

  /**
   * Runs {@code closer}, which closes {@code closing}, while {@code waiter} waits in a call on
   * that socket, and returns their outcomes, the waiter's first. Unlike {@link #meanwhile}, the
   * order matters to the kernel: the close must come while the call is inside the socket (it
   * then ends with EBADF), so the closer needs a thread of the backend's own beside the waiter.
   */
  abstract List<Outcome> closeMeanwhile(Supplier<Outcome> waiter, Socket closing, Supplier<Outcome> closer);

  @Override
  public void close() {
    try {
      sockets().close();
    } finally {
      // The run's names lie directly in its directory (paths under a missing directory are
      // never made), so one listing removes them all.
      File dir = tmp.toFile();
      File[] files = dir.listFiles();
      if (files != null) {
        for (File f : files) {
          f.delete();
        }
      }
      dir.delete();
    }
  }
}
