package dev.twinsock.sim;

import java.util.function.Consumer;

/**
 * The trace events a {@link SimTrace} keeps: the newest {@code capacity} of them, oldest first, in
 * an array that grows as needed up to that capacity and then wraps. The packets they hold for the
 * pcap are bounded too: once their payloads pass {@code payloadBudget} bytes, the oldest events let
 * theirs go (they keep their lines), so neither a long run nor a bulk transfer grows the heap.
 */
final class TraceRing {
  private final int capacity;
  private final long payloadBudget;
  private TraceEvent[] slots;
  private int head;
  private int size;
  /** Events older than this (counted from the oldest kept) hold no payload any more. */
  private int firstWithPayload;
  private long payloadBytes;

  TraceRing(int capacity, long payloadBudget) {
    this.capacity = capacity;
    this.payloadBudget = payloadBudget;
    this.slots = new TraceEvent[Math.min(capacity, 256)];
  }

  boolean keepsAny() {
    return capacity > 0;
  }

  int size() {
    return size;
  }

  void add(TraceEvent event) {
    if (capacity == 0) {
      return;
    }
    if (size == capacity) {
      TraceEvent oldest = slots[head];
      payloadBytes -= oldest.heldPayload();
      slots[head] = null;
      head = (head + 1) % slots.length;
      size--;
      if (firstWithPayload > 0) {
        firstWithPayload--;
      }
    } else if (size == slots.length) {
      grow();
    }
    slots[(head + size) % slots.length] = event;
    size++;
    payloadBytes += event.heldPayload();
    while (payloadBytes > payloadBudget) {
      TraceEvent old = get(firstWithPayload++);
      payloadBytes -= old.heldPayload();
      old.letGoOfPayload();
    }
  }

  private void grow() {
    int length = (int) Math.min(capacity, Math.max(16L, slots.length * 2L));
    TraceEvent[] grown = new TraceEvent[length];
    for (int i = 0; i < size; i++) {
      grown[i] = get(i);
    }
    slots = grown;
    head = 0;
  }

  /** The {@code index}-th kept event, 0 the oldest. */
  TraceEvent get(int index) {
    return slots[(head + index) % slots.length];
  }

  void forEach(Consumer<TraceEvent> action) {
    for (int i = 0; i < size; i++) {
      action.accept(get(i));
    }
  }
}
