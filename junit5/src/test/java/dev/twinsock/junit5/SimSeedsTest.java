package dev.twinsock.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.sim.SimNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** @SimSeeds runs a test once per seed, each named with it, and replays one seed with @Seed or twinsock.seed. */
class SimSeedsTest {
  static final List<Long> seeds = new ArrayList<>();

  @TempDir
  Path traces;

  @BeforeEach
  void forget() {
    seeds.clear();
  }

  static class Sweep {
    @SimSeeds(5)
    void sweep(SimNetwork net) {
      seeds.add(net.seed());
      Echo.run(net);
    }
  }

  /** Records seeds only: a random sweep must not depend on what a random seed does to a scenario. */
  static class RecordingSweep {
    @SimSeeds(5)
    void sweep(SimNetwork net) {
      seeds.add(net.seed());
    }
  }

  static class PinnedSweep {
    @SimSeeds(5)
    @Seed(42)
    void sweep(SimNetwork net) {
      seeds.add(net.seed());
    }
  }

  static class EmptySweep {
    @SimSeeds(0)
    void sweep(SimNetwork net) {}
  }

  static class FailingSweep {
    @SimSeeds(3)
    void sweep(SimNetwork net) {
      seeds.add(net.seed());
      Echo.run(net);
      if (seeds.size() == 2) {
        throw new AssertionError("the second seed fails");
      }
    }
  }

  private static List<Long> sweep(String... parameters) {
    seeds.clear();
    Kit.run(RecordingSweep.class, parameters).testEvents().assertStatistics(stats -> stats.succeeded(5).failed(0));
    return new ArrayList<>(seeds);
  }

  @Test
  void aSweepRunsDistinctSeedsEachInvocationNamedWithItsSeed() {
    seeds.clear();
    List<String> names = Kit.finishedNames(Kit.run(Sweep.class));
    assertEquals(5, new HashSet<>(seeds).size(), "distinct: " + seeds);
    assertEquals(seeds.stream().map(seed -> "seed " + seed).collect(Collectors.toList()), names);
  }

  @Test
  void aSweepRunsTheSameSeedsOnEveryRunAndFreshOnesWhenRandom() {
    List<Long> once = sweep();
    assertEquals(once, sweep());
    List<Long> random = sweep("twinsock.seeds", "random");
    assertNotEquals(once, random);
    assertNotEquals(random, sweep("twinsock.seeds", "random"));
  }

  @Test
  void theSeedAnnotationReducesASweepToThatSeed() {
    Kit.run(PinnedSweep.class).testEvents().assertStatistics(stats -> stats.succeeded(1));
    assertEquals(List.of(42L), seeds);
  }

  @Test
  void theSeedPropertyReducesASweepToThatSeed() {
    assertEquals(List.of(9L), sweep9());
  }

  private List<Long> sweep9() {
    seeds.clear();
    assertEquals(List.of("seed 9"), Kit.finishedNames(Kit.run(Sweep.class, "twinsock.seed", "9")));
    return seeds;
  }

  @Test
  void aSweepOfNoSeedsIsAConfigurationError() {
    Throwable failure = Kit.run(EmptySweep.class).containerEvents().failed().stream().findFirst().orElseThrow()
        .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
    assertEquals("@SimSeeds needs at least one seed, not 0", failure.getMessage());
  }

  @Test
  void aFailingInvocationReportsItsSeedAndWritesTracesNamedWithIt() throws Exception {
    Throwable failure = Kit.onlyFailure(Kit.run(FailingSweep.class, "twinsock.traceDir", traces.toString()));
    long seed = seeds.get(1);
    assertEquals("the second seed fails", failure.getMessage());
    assertTrue(Kit.report(failure).startsWith("twinsock: seed " + seed + " — replay with @Seed(" + seed + ")"),
        Kit.report(failure));
    Path directory = traces.resolve(FailingSweep.class.getName());
    try (var files = Files.list(directory)) {
      assertEquals(List.of("sweep-" + seed + ".pcap", "sweep-" + seed + ".txt"),
          files.map(file -> file.getFileName().toString()).sorted().collect(Collectors.toList()));
    }
  }
}
