package dev.twinsock.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

/**
 * How near a kernel time must be to the model's to count as the same. A kernel time may be up to
 * 100 ms early and up to 100 ms + 12.5 % late: Linux's timer wheel rounds a timer up to its level's
 * granularity (8^n jiffies for a timer of up to 64·8^n jiffies, so at most 1/8 late: a 3.264 s RTO
 * fires up to 256 ms late at HZ=250), timers tick in jiffies (4 ms at HZ=250; an RTO of 200 ms is
 * 51 of them, 204 ms), the tcp_info poll adds up to 1 ms, and a child JVM on a busy 2-core machine
 * is woken late (at a load average of 17 the poll saw a tail loss probe 84 ms after the kernel
 * sent it, as the RTO that followed it on time shows); beyond that a difference is the model's. Sim times are
 * virtual and exact, and are pinned to the millisecond.
 */
final class Tolerance {
  static final double ABSOLUTE_MS = 100;
  static final double RELATIVE = 0.125;

  private Tolerance() {}

  static boolean near(double expectedMs, double actualMs) {
    double late = actualMs - expectedMs;
    return late >= -ABSOLUTE_MS && late <= ABSOLUTE_MS + RELATIVE * Math.abs(expectedMs);
  }

  static void assertNear(double expectedMs, double actualMs, String what) {
    assertTrue(near(expectedMs, actualMs), () -> what + ": expected " + expectedMs + " ms (up to " + ABSOLUTE_MS
        + " ms early or " + ABSOLUTE_MS + " ms + " + RELATIVE * 100 + " % late), was " + actualMs + " ms");
  }

  /** Each time of a schedule near its expected one, and as many of them. */
  static void assertSchedule(List<Double> expectedMs, List<Double> actualMs, String what) {
    assertEquals(expectedMs.size(), actualMs.size(), () -> what + ": expected " + expectedMs + ", was " + actualMs);
    for (int i = 0; i < expectedMs.size(); i++) {
      assertNear(expectedMs.get(i), actualMs.get(i), what + " #" + (i + 1) + " of " + actualMs);
    }
  }

  /** A virtual time (sim) to the millisecond. */
  static void assertExact(double expectedMs, double actualMs, String what) {
    assertEquals(expectedMs, actualMs, 1.0, what);
  }

  static void assertExactSchedule(List<Double> expectedMs, List<Double> actualMs, String what) {
    assertEquals(expectedMs.size(), actualMs.size(), () -> what + ": expected " + expectedMs + ", was " + actualMs);
    for (int i = 0; i < expectedMs.size(); i++) {
      assertExact(expectedMs.get(i), actualMs.get(i), what + " #" + (i + 1) + " of " + actualMs);
    }
  }
}
