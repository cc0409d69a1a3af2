package dev.twinsock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The twinsock command as a CI runs it: exit codes, usage errors, sharded sweeps merged, replays. */
class TwinsockCommandTest {
  @TempDir Path dir;

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    CommandLine line = Twinsock.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    int code = line.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  private static final String SCENARIO = EchoScenario.class.getName();

  @Test
  void aSweepOfPassingSeedsExitsZero() {
    Result result = run("sweep", "--scenario", SCENARIO, "--seeds", "1..6", "--jobs", "2", "--progress", "none");
    assertEquals(0, result.code(), result.out() + result.err());
  }

  @Test
  void twoShardsMergedEqualTheUnshardedSweep() {
    Path whole = dir.resolve("whole.json");
    Path first = dir.resolve("shard1.json");
    Path second = dir.resolve("shard2.json");
    Path merged = dir.resolve("merged.json");
    int code = run("sweep", "--scenario", SCENARIO, "--seeds", "1..24", "--swarm", "--jobs", "2", "--progress", "none",
        "--json", whole.toString()).code();
    run("sweep", "--scenario", SCENARIO, "--seeds", "1..24", "--swarm", "--shard", "1/2", "--progress", "none",
        "--json", first.toString());
    run("sweep", "--scenario", SCENARIO, "--seeds", "1..24", "--swarm", "--shard", "2/2", "--progress", "none",
        "--json", second.toString());
    Result merge = run("merge", first.toString(), second.toString(), "--json", merged.toString());
    SweepReport unsharded = SweepReport.read(whole);
    SweepReport together = SweepReport.read(merged);
    assertEquals(24, unsharded.seedsRun());
    assertTrue(unsharded.sameResults(together), "merged:\n" + together + "\nunsharded:\n" + unsharded);
    assertEquals(unsharded.failures().isEmpty() ? 0 : 1, code);
    assertEquals(code, merge.code(), merge.out() + merge.err());
  }

  @Test
  void aMergeWithAShardMissingSaysWhichAndExitsOne() {
    Path first = dir.resolve("shard1.json");
    Path third = dir.resolve("shard3.json");
    assertEquals(0, run("sweep", "--scenario", SCENARIO, "--seeds", "1..9", "--shard", "1/3", "--progress", "none",
        "--json", first.toString()).code());
    assertEquals(0, run("sweep", "--scenario", SCENARIO, "--seeds", "1..9", "--shard", "3/3", "--progress", "none",
        "--json", third.toString()).code());
    Result merge = run("merge", first.toString(), third.toString());
    assertEquals(1, merge.code(), merge.out() + merge.err());
    assertTrue(merge.err().contains("missing [2] of 3"), merge.err());
    assertTrue(merge.out().contains("6 seeds run, 6 passed, 0 failed"), merge.out());
  }

  @Test
  void aFailingSeedIsPrintedWithItsReplayCommandAndReplaysTheSame() throws Exception {
    Path json = dir.resolve("sweep.json");
    run("sweep", "--scenario", SCENARIO, "--seeds", "1..40", "--swarm", "--progress", "none", "--json", json.toString());
    List<SweepReport.Failure> failures = SweepReport.read(json).failures();
    assertFalse(failures.isEmpty(), "some swarm plan among 40 seeds makes short reads");
    SweepReport.Failure failure = failures.get(0);
    assertTrue(failure.replay().contains("replay") && failure.replay().contains("--seed " + failure.seed()),
        failure.replay());
    Path trace = dir.resolve("trace.txt");
    Result replay = run("replay", "--scenario", SCENARIO, "--seed", Long.toString(failure.seed()), "--swarm",
        "--trace", trace.toString(), "--check");
    assertEquals(1, replay.code(), replay.out() + replay.err());
    assertTrue(Files.size(trace) > 0);
  }

  @Test
  void badInputIsOneLineAndExitTwo() {
    for (String[] args : List.of(
        new String[] {"sweep", "--scenario", "com.example.Missing", "--seeds", "1..2"},
        new String[] {"sweep", "--scenario", NotAScenario.class.getName(), "--seeds", "1..2"},
        new String[] {"sweep", "--scenario", SCENARIO, "--seeds", "9..1"},
        new String[] {"sweep", "--scenario", SCENARIO, "--seeds", "1..2", "--shard", "3/2"},
        new String[] {"replay", "--scenario", SCENARIO},
        new String[] {"nonsense"})) {
      Result result = run(args);
      assertEquals(2, result.code(), String.join(" ", args) + ": " + result.err());
      assertEquals(1, result.err().strip().lines().count(), String.join(" ", args) + ": " + result.err());
      assertFalse(result.err().contains("\tat "), result.err());
    }
  }

  @Test
  void everySubcommandHasHelp() {
    for (String command : List.of("sweep", "replay", "merge")) {
      Result result = run(command, "--help");
      assertEquals(0, result.code(), command);
      assertTrue(result.out().contains("Usage: twinsock " + command), result.out());
    }
  }
}
