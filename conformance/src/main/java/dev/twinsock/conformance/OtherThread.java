package dev.twinsock.conformance;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Sockets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.function.Executable;

/**
 * A body run on a thread of the process under test ({@link Sockets#threadFactory()}: a real thread
 * on the os backend, a task on the sim) while the test's own thread makes a call that waits.
 * {@link #join()} waits for it on the process's clock, which on the sim is what lets it run.
 */
final class OtherThread {
  private final Sockets sockets;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final AtomicBoolean ended = new AtomicBoolean();

  private OtherThread(Sockets sockets) {
    this.sockets = sockets;
  }

  /** Starts {@code body} after {@code delay} on the process's clock. */
  static OtherThread start(Sockets sockets, Duration delay, Executable body) {
    OtherThread other = new OtherThread(sockets);
    sockets.threadFactory().newThread(() -> {
      try {
        sockets.sleep(delay);
        body.execute();
      } catch (Throwable t) {
        other.failure.set(t);
      } finally {
        other.ended.set(true);
      }
    }).start();
    return other;
  }

  /** Waits until the body ended (at most ten seconds of the process's clock); fails if it threw. */
  void join() {
    for (int i = 0; i < 10_000 && !ended.get(); i++) {
      sockets.sleep(Duration.ofMillis(1));
    }
    assertTrue(ended.get(), "the other thread did not end");
    assertNull(failure.get(), () -> "the other thread failed: " + failure.get());
  }
}
