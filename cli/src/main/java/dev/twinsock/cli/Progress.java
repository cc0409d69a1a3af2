package dev.twinsock.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sweep's progress on stderr: seeds done of all, failures, seeds per second and the time left.
 * On a terminal it is one bar redrawn in place; elsewhere (a CI log, a file) a plain line at every
 * tenth of the way, so a log stays short and readable.
 */
final class Progress {
  private static final int WIDTH = 30;
  private final PrintWriter err;
  private final boolean terminal;
  private final long total;
  private final long startNanos = System.nanoTime();
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private int lastTenth;
  private long lastDraw;

  private final boolean shown;

  Progress(PrintWriter err, boolean terminal, long total, boolean shown) {
    this.err = err;
    this.terminal = terminal;
    this.total = total;
    this.shown = shown;
  }

  void seedDone(boolean failed) {
    long now = done.incrementAndGet();
    long failedSoFar = failed ? failures.incrementAndGet() : failures.get();
    if (!shown) {
      return;
    }
    synchronized (this) {
      if (terminal) {
        long nanos = System.nanoTime();
        if (now == total || nanos - lastDraw > 100_000_000L) {
          lastDraw = nanos;
          err.print("\r" + line(now, failedSoFar, true));
          err.flush();
        }
      } else {
        int tenth = total == 0 ? 10 : (int) (now * 10 / total);
        if (tenth > lastTenth) {
          lastTenth = tenth;
          err.println(line(now, failedSoFar, false));
          err.flush();
        }
      }
    }
  }

  /** Ends the bar's line, so what follows starts on a line of its own. */
  synchronized void finish() {
    if (shown && terminal) {
      err.print("\r" + line(done.get(), failures.get(), true) + "\n");
      err.flush();
    }
  }

  private String line(long now, long failed, boolean bar) {
    double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
    double rate = now / seconds;
    StringBuilder text = new StringBuilder();
    if (bar) {
      int filled = total == 0 ? WIDTH : (int) (now * WIDTH / total);
      text.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ");
    }
    text.append(String.format(Locale.ROOT, "%d/%d seeds, %d failed, %.1f seeds/s", now, total, failed, rate));
    if (now < total && rate > 0) {
      text.append(", ").append(duration((total - now) / rate)).append(" left");
    } else if (now == total) {
      text.append(", done in ").append(duration(seconds));
    }
    return text.toString();
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    if (seconds < 10) {
      return String.format(Locale.ROOT, "%.1f s", seconds);
    }
    if (s < 3600) {
      return s / 60 > 0 ? String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60) : s + " s";
    }
    return String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
  }
}
