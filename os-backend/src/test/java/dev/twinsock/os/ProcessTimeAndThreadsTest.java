package dev.twinsock.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Sockets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The os backend's time and threads are the real ones: the system clock, Thread.sleep, plain threads. */
class ProcessTimeAndThreadsTest {
  @Test
  void theClockIsTheSystemClockInUtc() {
    try (Sockets os = new OsSockets()) {
      assertEquals(ZoneOffset.UTC, os.clock().getZone());
      assertEquals(Clock.systemUTC(), os.clock());
    }
  }

  @Test
  void sleepWaitsAndAnInterruptEndsItAndStaysSet() {
    try (Sockets os = new OsSockets()) {
      os.sleep(Duration.ZERO);
      os.sleep(Duration.ofNanos(-5));
      Thread.currentThread().interrupt();
      os.sleep(Duration.ofDays(365)); // returns at once: the thread was interrupted
      assertTrue(Thread.interrupted(), "the interrupt must stay set");
    }
  }

  @Test
  void theThreadFactoryMakesPlainUnstartedThreads() throws Exception {
    try (Sockets os = new OsSockets()) {
      AtomicBoolean ran = new AtomicBoolean();
      Thread thread = os.threadFactory().newThread(() -> ran.set(true));
      assertFalse(thread.isAlive());
      thread.start();
      thread.join();
      assertTrue(ran.get());
    }
  }
}
