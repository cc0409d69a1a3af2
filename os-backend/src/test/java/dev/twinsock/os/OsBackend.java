package dev.twinsock.os;

import dev.twinsock.Socket;
import dev.twinsock.Sockets;
import dev.twinsock.conformance.Backend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.stream.Stream;

/** The os backend under the shared conformance suite: the real kernel, loopback and temp dirs only. */
public final class OsBackend implements Backend {
  private Path dir;

  @Override
  public String name() {
    return "os";
  }

  @Override
  public Sockets open() {
    return new OsSockets();
  }

  @Override
  public String unixPath(String name) {
    try {
      if (dir == null) {
        dir = Files.createTempDirectory(Paths.get(System.getProperty("java.io.tmpdir")), "tws");
      }
      return dir.resolve(name).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public boolean privileged() {
    return Native.POSIX.geteuid() == 0;
  }

  @Override
  public void awaitCallIn(Socket socket) {
    // a guard, not a wait on time: a call that never starts fails the test that waits for it
    long guard = System.nanoTime() + 10_000_000_000L;
    while (((OsSocket) socket).callsInFlight() == 0 && System.nanoTime() - guard < 0) {
      Thread.onSpinWait();
    }
  }

  @Override
  public void close() {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      dir = null;
    }
  }
}
