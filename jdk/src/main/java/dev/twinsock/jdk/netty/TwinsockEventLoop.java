package dev.twinsock.jdk.netty;

import dev.twinsock.Sockets;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.SingleThreadIoEventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Ticker;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * One event loop of a {@link TwinsockEventLoopGroup}. Netty's NIO loop mixes its ticker with
 * {@code System.nanoTime()} in three places; on a clock that only moves when the simulation moves
 * it, each of them would make a virtual wait depend on real time. This loop closes all three:
 *
 * <ul>
 *   <li>{@link #ticker()} is the backend's clock, so scheduled tasks (connect timeouts, idle and read
 *       timeouts) fall due on it;
 *   <li>{@link #delayNanos(long)} ignores the real {@code nanoTime} that {@code NioIoHandler.select}
 *       passes in, rounds the delay up to whole milliseconds (the selector rounds to the nearest,
 *       which would wake a loop before its task is due, and then it recomputes the rest from real
 *       time), and with nothing scheduled waits for I/O or a wake-up alone instead of in one-second
 *       slices timed in real time;
 *   <li>{@link #confirmShutdown()} lets the quiet period pass on the clock: Netty ends a graceful
 *       shutdown once no task ran for the quiet period, and otherwise sleeps 100 ms of real time, but
 *       no virtual time passes while a loop runs, so that check could never pass on its own. This
 *       loop waits on the clock until the quiet period since its last task has passed.
 * </ul>
 *
 * On a backend on the real clock the ticker is Netty's own and only the first two rules apply; they
 * change nothing there but the idle slices.
 */
final class TwinsockEventLoop extends SingleThreadIoEventLoop {
  /** The ticker of the loop being built: Netty's constructor reads {@link #ticker()} before ours runs. */
  private static final ThreadLocal<Ticker> BUILDING = new ThreadLocal<>();

  private final Sockets sockets;
  private final Ticker ticker;
  private final boolean virtual;
  private volatile long quietPeriodNanos;
  private long lastRan;

  static TwinsockEventLoop create(IoEventLoopGroup parent, Executor executor, IoHandlerFactory handler,
      Sockets sockets, Ticker ticker) {
    BUILDING.set(ticker);
    try {
      return new TwinsockEventLoop(parent, executor, handler, sockets, ticker);
    } finally {
      BUILDING.remove();
    }
  }

  private TwinsockEventLoop(IoEventLoopGroup parent, Executor executor, IoHandlerFactory handler, Sockets sockets,
      Ticker ticker) {
    super(parent, executor, handler);
    this.sockets = sockets;
    this.ticker = ticker;
    this.virtual = ticker instanceof ClockTicker;
    this.lastRan = ticker.nanoTime();
  }

  @Override
  public Ticker ticker() {
    Ticker own = ticker;
    return own != null ? own : BUILDING.get();
  }

  @Override
  protected long delayNanos(long ignoredRealNanos) {
    long delay = nextScheduledTaskNano();
    if (delay < 0) {
      return Long.MAX_VALUE; // NioIoHandler then selects without a timeout
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(delay) + (delay % 1_000_000 == 0 ? 0 : 1);
    return millis >= Long.MAX_VALUE / 1_000_000 ? Long.MAX_VALUE - 1 : TimeUnit.MILLISECONDS.toNanos(millis);
  }

  @Override
  public Future<?> shutdownGracefully(long quietPeriod, long timeout, TimeUnit unit) {
    quietPeriodNanos = unit.toNanos(Math.max(0, quietPeriod));
    return super.shutdownGracefully(quietPeriod, timeout, unit);
  }

  @Override
  protected boolean confirmShutdown() {
    if (virtual && isShuttingDown() && !isShutdown() && inEventLoop()) {
      // what Netty's check does first, so that the wait below counts from the last task
      cancelScheduledTasks();
      runAllTasks();
      long quietUntil = lastRan + quietPeriodNanos + 1;
      long now = ticker.nanoTime();
      if (quietUntil > now) {
        sockets.sleep(Duration.ofNanos(quietUntil - now));
      }
    }
    return super.confirmShutdown();
  }

  // Netty keeps the time its last task ran in a private field, set when the thread starts and
  // after tasks ran; this is the same time, for the quiet period (Netty also sets it after its
  // shutdown hooks, which a loop of this group seldom has)
  @Override
  protected void updateLastExecutionTime() {
    super.updateLastExecutionTime();
    lastRan = ticker().nanoTime();
  }

  @Override
  protected boolean runAllTasks() {
    return ran(super.runAllTasks());
  }

  @Override
  protected boolean runAllTasks(long timeoutNanos) {
    return ran(super.runAllTasks(timeoutNanos));
  }

  private boolean ran(boolean any) {
    if (any) {
      lastRan = ticker().nanoTime();
    }
    return any;
  }
}
