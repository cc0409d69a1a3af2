package dev.twinsock.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Reassembly of segments that arrive out of order, and a byte queue that holds no array idle. */
class ReceiveBufferTest {

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void bytesAheadWaitForTheGapThenJoinTheQueueInOrder() {
    ReceiveBuffer buffer = new ReceiveBuffer();
    buffer.synchronize(99); // the first byte is 100
    buffer.holdAhead(106, bytes("ghij"));
    buffer.holdAhead(103, bytes("def"));
    assertEquals(0, buffer.queued());
    assertEquals(7, buffer.held());
    buffer.appendInOrder(bytes("abc"));
    assertEquals(110, buffer.next());
    assertEquals(10, buffer.queued());
    assertEquals(10, buffer.held());
    assertArrayEquals(bytes("abcdefghij"), buffer.take(10));
    assertTrue(buffer.isEmpty());
  }

  @Test
  void aHeldSegmentThatOverlapsWhatArrivedAddsOnlyItsNewBytes() {
    ReceiveBuffer buffer = new ReceiveBuffer();
    buffer.synchronize(-1); // the first byte is 0
    buffer.holdAhead(2, bytes("cdef"));
    buffer.holdAhead(3, bytes("d")); // wholly inside the bytes that fill the gap
    buffer.appendInOrder(bytes("abcd"));
    assertEquals(6, buffer.next());
    assertArrayEquals(bytes("abcdef"), buffer.copy(0, 6));
    assertArrayEquals(bytes("cd"), buffer.copy(2, 2));
    assertEquals(6, buffer.queued());
  }

  @Test
  void theFinTakesOneSequenceNumberAndClearKeepsIt() {
    ReceiveBuffer buffer = new ReceiveBuffer();
    buffer.synchronize(9);
    buffer.finSeen(12); // a FIN after a gap waits for the bytes before it
    assertFalse(buffer.finDue());
    buffer.appendInOrder(bytes("xy"));
    buffer.holdAhead(20, bytes("z"));
    assertTrue(buffer.finDue());
    buffer.finArrived();
    assertTrue(buffer.finReceived());
    assertFalse(buffer.finDue());
    assertEquals(13, buffer.next());
    buffer.clear();
    assertEquals(0, buffer.held());
    assertFalse(buffer.finReceived());
    assertEquals(13, buffer.next());
  }

  @Test
  void aByteQueueDrainedToEmptyAcceptsBytesAgainAndWrapsAround() {
    ByteQueue queue = new ByteQueue();
    assertEquals(0, queue.copy(0, 0).length); // empty, no array yet
    queue.drop(0);
    queue.append(new byte[0], 0, 0);
    byte[] block = new byte[200];
    for (int i = 0; i < block.length; i++) {
      block[i] = (byte) i;
    }
    for (int round = 0; round < 3; round++) {
      queue.append(block, 0, 200);
      assertArrayEquals(java.util.Arrays.copyOf(block, 150), queue.take(150));
      queue.append(block, 0, 200); // wraps past the end of the 256-byte array, then grows
      assertEquals(250, queue.size());
      assertArrayEquals(java.util.Arrays.copyOfRange(block, 150, 200), queue.take(50));
      assertArrayEquals(block, queue.take(200));
      assertTrue(queue.isEmpty());
    }
  }
}
