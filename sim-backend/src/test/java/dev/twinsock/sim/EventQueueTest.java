package dev.twinsock.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The event queue's order, and its sweep of cancelled events. */
class EventQueueTest {

  @Test
  void aTimerReArmedOnEveryCallWhileTheClockStandsStillKeepsTheQueueSmall() {
    EventQueue queue = new EventQueue();
    Timer armed = queue.schedule(200, () -> { });
    for (int i = 0; i < 100_000; i++) {
      armed.cancel();
      armed = queue.schedule(200, () -> { });
    }
    assertTrue(queue.size() <= 200, "events queued: " + queue.size());
    assertEquals(armed, queue.poll());
    assertNull(queue.poll());
  }

  @Test
  void sweepsChangeNothingAboutWhatRunsWhen() {
    Random random = new Random(7);
    EventQueue queue = new EventQueue();
    List<Timer> live = new ArrayList<>();
    List<Timer> all = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      Timer timer = queue.schedule(random.nextInt(500), () -> { });
      all.add(timer);
      if (random.nextInt(3) == 0) {
        all.get(random.nextInt(all.size())).cancel(); // some twice, some already cancelled
      }
    }
    for (Timer timer : all) {
      if (!timer.cancelled()) {
        live.add(timer);
      }
    }
    live.sort(null); // (time, sequence): the order the queue must give
    List<Timer> polled = new ArrayList<>();
    Timer next;
    while ((next = queue.poll()) != null) {
      polled.add(next);
      next.cancel(); // cancelling one that has left the queue is harmless
    }
    assertEquals(live, polled);
    assertEquals(0, queue.size());
  }
}
