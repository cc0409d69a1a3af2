package dev.twinsock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar, run as the README runs it ({@code java -jar cli/target/twinsock.jar ...} from the
 * repository's root) in a JVM of its own: its exit statuses, no logging noise, and a replay line it
 * prints that replays when pasted.
 */
class RunnableJarIT {
  @TempDir Path dir;

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final String JAR = "cli/target/twinsock.jar";
  private static final String SCENARIO = EchoScenario.class.getName();
  private static final String CLASSES = "cli/target/test-classes";

  private record Result(int code, String out, String err) {}

  /** {@code java -jar cli/target/twinsock.jar ARGS} in the repository's root. */
  private static Result twinsock(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", JAR));
    command.addAll(Arrays.asList(args));
    return run(command);
  }

  private static Result run(List<String> command) throws Exception {
    assertTrue(Files.isRegularFile(ROOT.resolve(JAR)), "the package phase made " + JAR);
    Process process = new ProcessBuilder(command).directory(ROOT.toFile()).start();
    process.getOutputStream().close();
    // both streams drained at once: a full pipe must not stall the command
    var err = new java.util.concurrent.CompletableFuture<String>();
    Thread drain = new Thread(() -> {
      try {
        err.complete(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
      } catch (java.io.IOException e) {
        err.completeExceptionally(e);
      }
    });
    drain.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the command ended: " + command);
    drain.join();
    return new Result(process.exitValue(), out, err.get());
  }

  @Test
  void theDemoRunsAndEndsWithExitZeroAndNothingOnStderr() throws Exception {
    Path pcap = dir.resolve("demo.pcap");
    Result demo = twinsock("demo", "--pcap", pcap.toString());
    assertEquals(0, demo.code(), demo.out() + demo.err());
    assertEquals("", demo.err(), "no logging noise, no warnings");
    assertTrue(demo.out().contains("round trips      18 of 18"), demo.out());
    assertTrue(Files.size(pcap) > 0);
    Result loopback = twinsock("demo", "--os");
    assertEquals(0, loopback.code(), loopback.out() + loopback.err());
    assertTrue(loopback.out().endsWith("all sockets closed" + System.lineSeparator()), loopback.out());
  }

  /** The demo's output less its wall-time line and the pcap's path, which differ between runs. */
  private static String story(Result demo) {
    return demo.out().lines().filter(l -> !l.startsWith(DemoCommand.WALL_TIME) && !l.startsWith("packets written to"))
        .collect(java.util.stream.Collectors.joining("\n"));
  }

  @Test
  void everyJavaRuntimeOnTheMachineTellsTheSameStory() throws Exception {
    Path here = Path.of(System.getProperty("java.home")).toRealPath();
    List<Path> others = new ArrayList<>();
    try (var runtimes = Files.list(Path.of("/usr/lib/jvm"))) {
      for (Path runtime : runtimes.sorted().collect(java.util.stream.Collectors.toList())) {
        Path java = runtime.resolve("bin").resolve("java");
        if (Files.isExecutable(java) && !runtime.toRealPath().equals(here) && !others.contains(java.toRealPath())) {
          others.add(java.toRealPath());
        }
      }
    } catch (java.nio.file.NoSuchFileException e) {
      // no other runtimes installed where Debian puts them
    }
    org.junit.jupiter.api.Assumptions.assumeFalse(others.isEmpty(), "only one Java runtime on this machine");
    Result reference = twinsock("demo", "--pcap", dir.resolve("here.pcap").toString());
    assertEquals(0, reference.code(), reference.err());
    for (Path java : others) {
      Result other = run(List.of(java.toString(), "-jar", JAR, "demo", "--pcap", dir.resolve("other.pcap").toString()));
      if (other.code() != 0 && other.err().contains("UnsupportedClassVersionError")) {
        continue; // a runtime older than 17
      }
      assertEquals(0, other.code(), java + ": " + other.err());
      assertEquals(story(reference), story(other), "the same seed on " + java);
      assertTrue(Arrays.equals(Files.readAllBytes(dir.resolve("here.pcap")), Files.readAllBytes(dir.resolve("other.pcap"))),
          "the same capture on " + java);
    }
  }

  @Test
  void shardsMergeAndTheReplayLineTheMergePrintsReplaysAsPasted() throws Exception {
    List<String> reports = new ArrayList<>();
    for (String shard : List.of("1/2", "2/2")) {
      Path json = dir.resolve("shard-" + shard.charAt(0) + ".json");
      Result sweep = twinsock("sweep", "--scenario", SCENARIO, "--classpath", CLASSES, "--seeds", "1..20", "--swarm",
          "--shard", shard, "--progress", "lines", "--json", json.toString());
      assertEquals(1, sweep.code(), "some swarm seed of 1..20 fails: " + sweep.out() + sweep.err());
      assertFalse(sweep.err().contains("\tat "), sweep.err());
      reports.add(json.toString());
    }
    List<String> merge = new ArrayList<>(List.of("merge"));
    merge.addAll(reports);
    merge.addAll(List.of("--json", dir.resolve("sweep.json").toString()));
    Result merged = twinsock(merge.toArray(new String[0]));
    assertEquals(1, merged.code(), merged.out() + merged.err());
    assertTrue(merged.out().contains("20 seeds run"), merged.out());
    String replay = merged.out().lines().filter(l -> l.startsWith("  replay: ")).findFirst().orElseThrow()
        .substring("  replay: ".length());
    assertTrue(replay.startsWith("java -jar " + JAR + " replay --scenario " + SCENARIO), replay);
    List<String> pasted = new ArrayList<>(Arrays.asList(replay.split(" ")));
    pasted.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
    pasted.addAll(List.of("--trace", dir.resolve("seed.txt").toString(), "--check"));
    Result replayed = run(pasted);
    assertEquals(1, replayed.code(), replayed.out() + replayed.err());
    assertTrue(replayed.out().contains("FAILED"), replayed.out());
    assertTrue(replayed.out().contains("failed the same way"), "the failure is deterministic: " + replayed.out());
  }

  @Test
  void badUsageIsOneLineOnStderrAndExitTwo() throws Exception {
    for (String[] args : List.of(
        new String[] {"sweep", "--scenario", SCENARIO, "--classpath", CLASSES, "--seeds", "9..1"},
        new String[] {"replay", "--scenario", "com.example.Missing", "--seed", "1"},
        new String[] {"demo", "--seed", "many"})) {
      Result result = twinsock(args);
      assertEquals(2, result.code(), String.join(" ", args) + ": " + result.out() + result.err());
      assertEquals(1, result.err().strip().lines().count(), result.err());
    }
  }
}
