package dev.twinsock.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SackBlocksTest {
  private static TreeMap<Long, byte[]> pieces(long... startAndLength) {
    TreeMap<Long, byte[]> map = new TreeMap<>();
    for (int i = 0; i < startAndLength.length; i += 2) {
      map.put(startAndLength[i], new byte[(int) startAndLength[i + 1]]);
    }
    return map;
  }

  @Test
  void noOutOfOrderDataNoBlocks() {
    assertArrayEquals(new long[0], SackBlocks.of(new TreeMap<>(), -1));
  }

  @Test
  void adjacentPiecesMergeAndTheNewestArrivalsBlockComesFirst() {
    TreeMap<Long, byte[]> ooo = pieces(100, 100, 200, 100, 500, 100, 900, 50);
    assertArrayEquals(new long[] {500, 600, 900, 950, 100, 300}, SackBlocks.of(ooo, 500));
  }

  @Test
  void atMostThreeBlocksTheNewestFirstThenTheHighest() {
    TreeMap<Long, byte[]> ooo = pieces(100, 10, 200, 10, 300, 10, 400, 10, 500, 10);
    assertArrayEquals(new long[] {200, 210, 500, 510, 400, 410}, SackBlocks.of(ooo, 200));
  }
}
