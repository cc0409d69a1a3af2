package dev.twinsock.jdk.netty;

import dev.twinsock.Sockets;
import io.netty.util.concurrent.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * A Netty {@link Ticker} on a backend's clock: the nanoseconds since the epoch of {@link
 * Sockets#clock()}, and {@link Sockets#sleep} for its waits. A simulated host's clock starts at the
 * epoch and only moves when the simulation moves it, so scheduled tasks, timeouts and the loop's
 * own time checks all run on virtual time.
 */
final class ClockTicker implements Ticker {
  private final Sockets sockets;
  private final Clock clock;

  ClockTicker(Sockets sockets) {
    this.sockets = sockets;
    this.clock = sockets.clock();
  }

  @Override
  public long initialNanoTime() {
    return 0;
  }

  @Override
  public long nanoTime() {
    Instant now = clock.instant();
    return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
  }

  @Override
  public void sleep(long delay, TimeUnit unit) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    sockets.sleep(Duration.ofNanos(unit.toNanos(delay)));
  }
}
