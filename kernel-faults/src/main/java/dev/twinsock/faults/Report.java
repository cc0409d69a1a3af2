package dev.twinsock.faults;

import java.util.Locale;

/**
 * What a scenario observed, written to standard output one fact a line, {@code @obs name value},
 * for the parent test to parse; anything else the child prints is commentary. A name may repeat
 * (one line per retransmission). Times are milliseconds since the scenario's own start.
 */
final class Report {
  static final String PREFIX = "@obs ";
  private final long start = System.nanoTime();

  /** Milliseconds since this report began, to a tenth. */
  double now() {
    return (System.nanoTime() - start) / 1e6;
  }

  long startNanos() {
    return start;
  }

  synchronized void fact(String name, Object value) {
    String text = value instanceof Double ? String.format(Locale.ROOT, "%.1f", (Double) value) : String.valueOf(value);
    System.out.println(PREFIX + name + " " + text);
    System.out.flush();
  }

  /** The moment something happened: {@code name} at now. */
  void at(String name) {
    fact(name, now());
  }
}
