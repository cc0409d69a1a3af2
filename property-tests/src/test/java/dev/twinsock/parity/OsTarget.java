package dev.twinsock.parity;

import dev.twinsock.Socket;
import dev.twinsock.Sockets;
import dev.twinsock.os.CallsInFlight;
import dev.twinsock.os.OsSockets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/** The real kernel: a fresh {@link OsSockets}, on loopback and AF_UNIX only. */
final class OsTarget extends Target {
  private final OsSockets sockets = new OsSockets();

  OsTarget() {
    super("os");
  }

  @Override
  Sockets sockets() {
    return sockets;
  }

  /**
   * Starts a real thread that closes the socket as soon as the waiter's call is inside it, and
   * makes the waiter's call on this thread. The closer spins for the moment the call takes to
   * enter, and gives up spinning when the waiter has returned (a call that did not wait after
   * all: the close then follows it, as on the sim, where the closing task runs after a call that
   * did not park).
   */
  @Override
  List<Outcome> closeMeanwhile(Supplier<Outcome> waiter, Socket closing, Supplier<Outcome> closer) {
    AtomicBoolean returned = new AtomicBoolean();
    AtomicBoolean running = new AtomicBoolean();
    Outcome[] closed = new Outcome[1];
    Thread thread = new Thread(() -> {
      running.set(true);
      while (CallsInFlight.of(closing) == 0 && !returned.get()) {
        Thread.onSpinWait();
      }
      closed[0] = closer.get();
    }, "parity-closer");
    thread.start();
    // the call's timeout runs from its start: the closer must be on a core by then
    while (!running.get()) {
      Thread.onSpinWait();
    }
    Outcome waited;
    try {
      waited = waiter.get();
    } finally {
      returned.set(true);
    }
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return List.of(waited, closed[0]);
  }
}
