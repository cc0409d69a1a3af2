package dev.twinsock.junit5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.sim.FaultPlan;
import dev.twinsock.sim.SimNetwork;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** A failing test keeps its message and carries its seed, the replay line, the fault plan and its trace files. */
class FailureReportTest {
  static final FaultPlan SHORT_READS = FaultPlan.none().withShortReads(0.5);
  static SimNetwork network;
  static String hash;

  @TempDir
  Path traces;

  @BeforeEach
  void forget() {
    network = null;
    hash = null;
  }

  @ExtendWith(TwinsockExtension.class)
  static class FailsWithFaults {
    @Test
    @Seed(42)
    void echo(SimNetwork net) {
      network = net;
      Echo.run(net);
      net.faults(SHORT_READS);
      throw new AssertionError("the echo came back wrong");
    }
  }

  @ExtendWith(TwinsockExtension.class)
  static class FailsWithDerivedSeed {
    @Test
    void echo(SimNetwork net) {
      network = net;
      Echo.run(net);
      hash = net.trace().hash();
      throw new AssertionError("fails on every seed");
    }
  }

  @ExtendWith(TwinsockExtension.class)
  static class PinnedEcho {
    @Test
    @Seed(42)
    void echo(SimNetwork net) {
      Echo.run(net);
      hash = net.trace().hash();
    }
  }

  @ExtendWith(TwinsockExtension.class)
  static class Passes {
    @Test
    void echo(SimNetwork net) {
      Echo.run(net);
    }
  }

  @ExtendWith(TwinsockExtension.class)
  static class Aborts {
    @Test
    void echo(SimNetwork net) {
      Echo.run(net);
      Assumptions.assumeTrue(false, "not today");
    }
  }

  @ExtendWith(TwinsockExtension.class)
  static class FailsInAfterEach {
    @Test
    void echo(SimNetwork net) {
      Echo.run(net);
    }

    @AfterEach
    void check(SimNetwork net) {
      throw new AssertionError("checked after the test");
    }
  }

  @Test
  void theMessageIsKeptAndTheReportGivesSeedReplayLineFaultsAndTracePaths() {
    Throwable failure = Kit.onlyFailure(Kit.run(FailsWithFaults.class, "twinsock.traceDir", traces.toString()));
    assertEquals("the echo came back wrong", failure.getMessage());
    Path directory = traces.resolve(FailsWithFaults.class.getName()).toAbsolutePath();
    assertEquals("twinsock: seed 42 — replay with @Seed(42) or -Dtwinsock.seed=42\n"
        + "  faults: " + SHORT_READS + "\n"
        + "  trace: " + directory.resolve("echo.txt") + "\n"
        + "  pcap:  " + directory.resolve("echo.pcap"), Kit.report(failure));
  }

  @Test
  void theTraceIsWrittenAsTextAndAsPcap() throws Exception {
    Kit.run(FailsWithFaults.class, "twinsock.traceDir", traces.toString());
    Path directory = traces.resolve(FailsWithFaults.class.getName());
    String text = Files.readString(directory.resolve("echo.txt"), StandardCharsets.UTF_8);
    assertEquals(network.trace().toText(), text);
    assertTrue(text.contains(" send ") && text.contains(" recv "), text);
    Path expected = traces.resolve("expected.pcap");
    network.trace().writePcap(expected);
    assertArrayEquals(Files.readAllBytes(expected), Files.readAllBytes(directory.resolve("echo.pcap")));
    assertTrue(Files.size(expected) > 24, "more than a pcap header");
  }

  @Test
  void theFactsArePublishedAsReportEntries() {
    EngineExecutionResults results = Kit.run(FailsWithFaults.class, "twinsock.traceDir", traces.toString());
    List<Map<String, String>> entries = results.allEvents().reportingEntryPublished().stream()
        .map(event -> event.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs())
        .collect(Collectors.toList());
    assertEquals(1, entries.size(), entries.toString());
    Map<String, String> entry = entries.get(0);
    assertEquals("42", entry.get("twinsock.seed"));
    assertEquals("@Seed(42)", entry.get("twinsock.replay"));
    assertEquals(SHORT_READS.toString(), entry.get("twinsock.faults"));
    assertEquals(traces.resolve(FailsWithFaults.class.getName()).resolve("echo.pcap").toAbsolutePath().toString(),
        entry.get("twinsock.pcap"));
  }

  @Test
  void theReportedSeedReplaysTheSameTrace() {
    Throwable failure = Kit.onlyFailure(Kit.run(FailsWithDerivedSeed.class, "twinsock.traceDir", traces.toString()));
    Matcher seed = Pattern.compile("^twinsock: seed (\\d+) — replay with @Seed\\(\\1\\) or -Dtwinsock.seed=\\1\n")
        .matcher(Kit.report(failure));
    assertTrue(seed.find(), Kit.report(failure));
    assertFalse(Kit.report(failure).contains("faults:"), "no fault plan was set");
    String first = hash;

    Kit.run(FailsWithDerivedSeed.class, "twinsock.traceDir", traces.toString(), "twinsock.seed", seed.group(1));
    assertEquals(first, hash, "same seed, same trace");
    Kit.run(FailsWithDerivedSeed.class, "twinsock.traceDir", traces.toString(),
        "twinsock.seed", Long.toString(Long.parseLong(seed.group(1)) + 1));
    assertNotEquals(first, hash, "another seed, another trace");
  }

  @Test
  void theSeedAnnotationReplaysWhatTheSeedPropertyRan() {
    Kit.run(PinnedEcho.class).testEvents().assertStatistics(stats -> stats.succeeded(1));
    String pinned = hash;
    Kit.run(FailsWithDerivedSeed.class, "twinsock.traceDir", traces.toString(), "twinsock.seed", "42");
    assertEquals(pinned, hash);
  }

  @Test
  void aSeedBeyondIntIsReportedAsALongLiteral() {
    Throwable failure = Kit.onlyFailure(Kit.run(FailsWithDerivedSeed.class,
        "twinsock.traceDir", traces.toString(), "twinsock.seed", "5000000000"));
    assertTrue(Kit.report(failure).startsWith(
        "twinsock: seed 5000000000 — replay with @Seed(5000000000L) or -Dtwinsock.seed=5000000000\n"),
        Kit.report(failure));
  }

  @Test
  void aPassingTestWritesNothing() throws Exception {
    EngineExecutionResults results = Kit.run(Passes.class, "twinsock.traceDir", traces.toString());
    results.testEvents().assertStatistics(stats -> stats.succeeded(1));
    assertEquals(0, results.allEvents().reportingEntryPublished().count());
    try (var files = Files.list(traces)) {
      assertEquals(0, files.count());
    }
  }

  @Test
  void anAbortedTestIsNoFailureToReport() throws Exception {
    EngineExecutionResults results = Kit.run(Aborts.class, "twinsock.traceDir", traces.toString());
    results.testEvents().assertStatistics(stats -> stats.aborted(1));
    try (var files = Files.list(traces)) {
      assertEquals(0, files.count());
    }
  }

  @Test
  void aFailureInAnAfterEachMethodIsReportedToo() {
    Throwable failure = Kit.onlyFailure(Kit.run(FailsInAfterEach.class, "twinsock.traceDir", traces.toString()));
    assertEquals("checked after the test", failure.getMessage());
    assertTrue(Kit.report(failure).startsWith("twinsock: seed "), Kit.report(failure));
  }

  @Test
  void withoutTheDirectoryParameterTracesGoUnderTargetTwinsock() throws Exception {
    Path directory = Path.of("target", "twinsock", FailsWithFaults.class.getName());
    Kit.run(FailsWithFaults.class);
    try {
      assertTrue(Files.size(directory.resolve("echo.txt")) > 0);
      assertTrue(Files.size(directory.resolve("echo.pcap")) > 24);
    } finally {
      Files.deleteIfExists(directory.resolve("echo.txt"));
      Files.deleteIfExists(directory.resolve("echo.pcap"));
    }
  }
}
