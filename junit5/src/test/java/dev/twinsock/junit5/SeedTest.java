package dev.twinsock.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.sim.SimNetwork;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** Where a test's seed comes from: derived and stable, @Seed, twinsock.seed, twinsock.seeds=random. */
class SeedTest {
  static final Map<String, Long> seeds = new TreeMap<>();

  @BeforeEach
  void forget() {
    seeds.clear();
  }

  @ExtendWith(TwinsockExtension.class)
  static class ThreeTests {
    @Test
    void first(SimNetwork net) {
      seeds.put("first", net.seed());
    }

    @Test
    void second(SimNetwork net) {
      seeds.put("second", net.seed());
    }

    @Test
    @Seed(42)
    void pinned(SimNetwork net) {
      seeds.put("pinned", net.seed());
    }
  }

  private static Map<String, Long> seedsOf(String... parameters) {
    seeds.clear();
    Kit.run(ThreeTests.class, parameters).testEvents().assertStatistics(stats -> stats.succeeded(3));
    return new TreeMap<>(seeds);
  }

  @Test
  void aTestsSeedIsDerivedFromItsIdAndTheSameOnEveryRun() {
    Map<String, Long> once = seedsOf();
    assertEquals(once, seedsOf());
    assertNotEquals(once.get("first"), once.get("second"));
    assertTrue(once.get("first") >= 0 && once.get("first") < 1L << 31, "a derived seed is a plain int: " + once);
  }

  @Test
  void theSeedAnnotationFixesTheSeed() {
    assertEquals(42L, seedsOf().get("pinned"));
  }

  @Test
  void theSeedPropertyOverridesDerivedSeedsAndTheAnnotation() {
    assertEquals(Map.of("first", 7L, "second", 7L, "pinned", 7L), seedsOf("twinsock.seed", "7"));
  }

  @Test
  void theSeedSystemPropertyWorksAsMavenPassesIt() {
    System.setProperty("twinsock.seed", "11");
    try {
      seeds.clear();
      Kit.runWithSystemProperties(ThreeTests.class).testEvents().assertStatistics(stats -> stats.succeeded(3));
      assertEquals(Map.of("first", 11L, "second", 11L, "pinned", 11L), seeds);
    } finally {
      System.clearProperty("twinsock.seed");
    }
  }

  @Test
  void randomModeDrawsFreshSeedsButKeepsTheAnnotation() {
    Map<String, Long> stable = seedsOf();
    Map<String, Long> random = seedsOf("twinsock.seeds", "random");
    Map<String, Long> again = seedsOf("twinsock.seeds", "random");
    assertNotEquals(stable.get("first"), random.get("first"));
    assertNotEquals(random.get("first"), again.get("first"));
    assertEquals(42L, random.get("pinned"));
  }

  @Test
  void aSeedPropertyThatIsNoNumberFailsTheTestsNamingIt() {
    Throwable failure = Kit.run(ThreeTests.class, "twinsock.seed", "forty-two").testEvents()
        .assertStatistics(stats -> stats.failed(3)).failed().stream().findFirst().orElseThrow()
        .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
    Throwable cause = failure;
    while (!(cause instanceof ExtensionConfigurationException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    assertEquals("twinsock.seed must be a whole number (a long), not 'forty-two'", cause.getMessage());
  }

  @Test
  void anUnknownSeedsModeFailsTheTests() {
    Kit.run(ThreeTests.class, "twinsock.seeds", "sometimes").testEvents().assertStatistics(stats -> stats.failed(2).succeeded(1));
  }

  @Test
  void theSweepMixIsABijectionOnItsRange() {
    Set<Long> seen = new HashSet<>();
    for (long i = 0; i < 1 << 16; i++) {
      long mixed = Seeds.mix(i);
      assertTrue(mixed >= 0 && mixed < 1L << 31);
      assertTrue(seen.add(mixed), "collision at " + i);
    }
    assertEquals(Seeds.mix(5), Seeds.mix(5 + (1L << 31)), "taken mod 2^31");
  }

  @Test
  void aSeedReadsAsAJavaLiteral() {
    assertEquals("42", Seeds.literal(42));
    assertEquals("-3", Seeds.literal(-3));
    assertEquals("5000000000L", Seeds.literal(5_000_000_000L));
  }
}
