package dev.twinsock.benchmarks;

import dev.twinsock.Sockets;
import dev.twinsock.os.OsSockets;

/** A {@link Testbed} on the real kernel: every host is this process's {@link OsSockets} on 127.0.0.1. */
final class OsTestbed implements Testbed {
  private final OsSockets sockets = new OsSockets();
  private final Threads threads = new Threads();

  @Override
  public Sockets host(int index) {
    return sockets;
  }

  @Override
  public String address(int index) {
    return "127.0.0.1";
  }

  @Override
  public void spawn(int index, String name, Runnable body) {
    threads.add(name, body);
  }

  @Override
  public void runAll() {
    threads.runAll();
  }

  @Override
  public void close() {
    sockets.close();
  }
}
