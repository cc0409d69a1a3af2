package dev.twinsock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * The commands docs/sweeps.md and the README show are the command's real ones: the YAML parses,
 * each command line parses with the command's own options, and the sharded pipeline the GitHub
 * workflow runs gives the unsharded sweep's report.
 */
class CommandsInDocsTest {
  @TempDir Path dir;

  private static final String SWEEPS = read("docs", "sweeps.md");
  private static final String README = read("README.md");

  private static String read(String... path) {
    try {
      return Files.readString(Path.of("..", path), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("the test reads the repository's " + String.join("/", path), e);
    }
  }

  private static List<String> blocks(String markdown, String language) {
    Matcher block = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
    List<String> blocks = new ArrayList<>();
    while (block.find()) {
      blocks.add(block.group(1));
    }
    return blocks;
  }

  /** Every YAML document of docs/sweeps.md, each a mapping. */
  @SuppressWarnings("unchecked")
  private static List<Map<Object, Object>> yamlDocuments() {
    List<Map<Object, Object>> documents = new ArrayList<>();
    for (String block : blocks(SWEEPS, "yaml")) {
      for (Object document : new Yaml().loadAll(block)) {
        assertTrue(document instanceof Map, "a YAML document of docs/sweeps.md is a mapping:\n" + block);
        documents.add((Map<Object, Object>) document);
      }
    }
    return documents;
  }

  @SuppressWarnings("unchecked")
  private static Map<Object, Object> map(Object value, Object key) {
    Object found = ((Map<Object, Object>) value).get(key);
    assertNotNull(found, key + " in " + value);
    return (Map<Object, Object>) found;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value, Object key) {
    Object found = ((Map<Object, Object>) value).get(key);
    assertTrue(found instanceof List, key + " is a list in " + value);
    return (List<Object>) found;
  }

  /** The arguments after {@code twinsock.jar} in a command line, or null when it runs no twinsock. */
  private static List<String> twinsockArguments(String commandLine) {
    List<String> words = Arrays.asList(commandLine.strip().split("\\s+"));
    for (int i = 0; i < words.size(); i++) {
      if (words.get(i).endsWith("/twinsock.jar")) {
        assertEquals(List.of("java", "-jar"), words.subList(Math.max(0, i - 2), i), commandLine);
        return new ArrayList<>(words.subList(i + 1, words.size()));
      }
    }
    return null;
  }

  /** The sh blocks' twinsock command lines, with their backslash-newline continuations joined. */
  private static List<List<String>> shellCommands(String markdown) {
    List<List<String>> commands = new ArrayList<>();
    for (String block : blocks(markdown, "sh")) {
      for (String line : block.replace("\\\n", " ").lines().collect(Collectors.toList())) {
        int comment = line.indexOf(" #");
        List<String> arguments = twinsockArguments(comment < 0 ? line : line.substring(0, comment));
        if (arguments != null) {
          commands.add(arguments);
        }
      }
    }
    return commands;
  }

  /** Parses as the command would, without running: an unknown option or a bad value fails. */
  private static CommandLine.ParseResult parses(List<String> arguments) {
    try {
      return Twinsock.commandLine().parseArgs(arguments.toArray(new String[0]));
    } catch (CommandLine.ParameterException e) {
      return fail("twinsock " + String.join(" ", arguments) + ": " + e.getMessage());
    }
  }

  private static String option(List<String> arguments, String name) {
    int at = arguments.indexOf(name);
    assertTrue(at >= 0 && at + 1 < arguments.size(), name + " in " + arguments);
    return arguments.get(at + 1);
  }

  private static List<String> withOption(List<String> arguments, String name, String value) {
    List<String> changed = new ArrayList<>(arguments);
    changed.set(changed.indexOf(name) + 1, value);
    return changed;
  }

  private record Result(int code, String out, String err) {}

  private static Result execute(List<String> arguments) {
    CommandLine line = Twinsock.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    return new Result(line.execute(arguments.toArray(new String[0])), out.toString(), err.toString());
  }

  private static Map<Object, Object> workflow() {
    return yamlDocuments().stream().filter(d -> d.containsKey("jobs")).findFirst().orElseThrow();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<Object, Object>> steps(Map<Object, Object> job) {
    return (List<Map<Object, Object>>) (List<?>) list(job, "steps");
  }

  private static String runOf(Map<Object, Object> job, String subcommand) {
    return steps(job).stream().map(step -> (String) step.get("run"))
        .filter(run -> run != null && run.contains("twinsock.jar " + subcommand)).findFirst().orElseThrow();
  }

  @Test
  void theWorkflowRunsOneShardPerMatrixEntryAndMergesAfterThemAll() {
    Map<Object, Object> jobs = map(workflow(), "jobs");
    Map<Object, Object> sweep = map(jobs, "sweep");
    Map<Object, Object> strategy = map(sweep, "strategy");
    assertEquals(Boolean.FALSE, strategy.get("fail-fast"), "a shard with failures must not cancel the others");
    List<Object> shards = list(map(strategy, "matrix"), "shard");
    assertEquals(IntStream.rangeClosed(1, shards.size()).boxed().collect(Collectors.toList()), shards);
    Map<Object, Object> upload = steps(sweep).stream()
        .filter(s -> String.valueOf(s.get("uses")).startsWith("actions/upload-artifact@")).findFirst().orElseThrow();
    assertEquals("always()", upload.get("if"), "a shard that exits 1 still hands in its report");
    String run = runOf(sweep, "sweep");
    for (Object shard : shards) {
      List<String> arguments = twinsockArguments(run.replace("${{ matrix.shard }}", shard.toString()));
      parses(arguments);
      assertEquals(shard + "/" + shards.size(), option(arguments, "--shard"));
      assertEquals(map(upload, "with").get("path").toString().replace("${{ matrix.shard }}", shard.toString()),
          option(arguments, "--json"));
    }
    Map<Object, Object> merge = map(jobs, "merge");
    assertEquals("sweep", merge.get("needs"));
    assertTrue(String.valueOf(merge.get("if")).contains("!cancelled()"), "the merge runs whatever the shards' status");
    Map<Object, Object> download = steps(merge).stream()
        .filter(s -> String.valueOf(s.get("uses")).startsWith("actions/download-artifact@")).findFirst().orElseThrow();
    assertEquals(Boolean.TRUE, map(download, "with").get("merge-multiple"), "every shard's report in one directory");
    parses(twinsockArguments(runOf(merge, "merge")));
  }

  @Test
  void theKubernetesJobIsIndexedAndItsCompletionIndexIsTheShard() {
    List<Map<Object, Object>> documents = yamlDocuments();
    Map<Object, Object> claim = documents.stream().filter(d -> "PersistentVolumeClaim".equals(d.get("kind")))
        .findFirst().orElseThrow();
    String claimName = (String) map(claim, "metadata").get("name");
    List<Map<Object, Object>> jobs = documents.stream().filter(d -> "Job".equals(d.get("kind")))
        .collect(Collectors.toList());
    assertEquals(2, jobs.size(), "the sweep and the merge");
    for (Map<Object, Object> job : jobs) {
      assertEquals("batch/v1", job.get("apiVersion"));
      Map<Object, Object> pod = map(map(map(job, "spec"), "template"), "spec");
      assertEquals("Never", pod.get("restartPolicy"));
      Object volume = list(pod, "volumes").get(0);
      assertEquals(claimName, map(volume, "persistentVolumeClaim").get("claimName"));
    }
    Map<Object, Object> spec = map(jobs.get(0), "spec");
    assertEquals("Indexed", spec.get("completionMode"));
    int shards = (Integer) spec.get("completions");
    assertEquals(shards, spec.get("parallelism"));
    assertTrue(spec.containsKey("backoffLimitPerIndex"), "FailIndex needs backoffLimitPerIndex");
    Map<Object, Object> container = (Map<Object, Object>) list(map(map(spec, "template"), "spec"), "containers").get(0);
    List<Object> rules = list(map(spec, "podFailurePolicy"), "rules");
    assertEquals(List.of("FailIndex", "FailJob"), rules.stream().map(r -> ((Map<?, ?>) r).get("action")).collect(Collectors.toList()));
    for (int i = 0; i < rules.size(); i++) {
      Map<Object, Object> codes = map(rules.get(i), "onExitCodes");
      assertEquals(container.get("name"), codes.get("containerName"));
      assertEquals(List.of(i + 1), codes.get("values"), "exit 1 ends its index, exit 2 the job");
    }
    assertEquals(List.of("sh", "-c"), container.get("command"));
    String script = (String) list(container, "args").get(0);
    String mount = (String) ((Map<?, ?>) list(container, "volumeMounts").get(0)).get("mountPath");
    for (int index = 0; index < shards; index++) {
      // what sh makes of the script in the pod of this completion index
      List<String> arguments = twinsockArguments(script.replace("$((JOB_COMPLETION_INDEX + 1))", Integer.toString(index + 1)));
      parses(arguments);
      assertEquals((index + 1) + "/" + shards, option(arguments, "--shard"));
      assertTrue(option(arguments, "--json").startsWith(mount + "/"), "the report goes to the shared volume");
    }
    assertFalse(script.replace("$((JOB_COMPLETION_INDEX + 1))", "").contains("$"), script);
    Map<Object, Object> merge = (Map<Object, Object>) list(map(map(map(jobs.get(1), "spec"), "template"), "spec"), "containers").get(0);
    parses(twinsockArguments((String) list(merge, "args").get(0)));
  }

  @Test
  void theWorkflowsShardsMergedAreTheUnshardedSweep() throws IOException {
    Map<Object, Object> jobs = map(workflow(), "jobs");
    List<Object> shards = list(map(map(map(jobs, "sweep"), "strategy"), "matrix"), "shard");
    String run = runOf(map(jobs, "sweep"), "sweep");
    Path classes = Path.of("target", "test-classes").toAbsolutePath();
    List<String> whole = null;
    for (Object shard : shards) {
      List<String> arguments = twinsockArguments(run.replace("${{ matrix.shard }}", shard.toString()));
      // the workflow's command on a small range, from this module's directory
      arguments = withOption(arguments, "--seeds", "1..32");
      arguments = withOption(arguments, "--classpath", classes.toString());
      arguments = withOption(arguments, "--json", dir.resolve(option(arguments, "--json")).toString());
      arguments = withOption(arguments, "--progress", "none");
      Result result = execute(arguments);
      assertTrue(result.code() == 0 || result.code() == 1, result.out() + result.err());
      whole = arguments;
    }
    List<String> unsharded = new ArrayList<>(whole);
    int shard = unsharded.indexOf("--shard");
    unsharded.subList(shard, shard + 2).clear();
    unsharded = withOption(unsharded, "--json", dir.resolve("whole.json").toString());
    Result sweep = execute(unsharded);

    List<String> merge = twinsockArguments(runOf(map(jobs, "merge"), "merge"));
    String glob = merge.stream().filter(a -> a.contains("*")).findFirst().orElseThrow();
    List<String> files;
    try (Stream<Path> listing = Files.list(dir)) {
      files = listing.filter(f -> dir.getFileSystem().getPathMatcher("glob:" + glob).matches(f.getFileName()))
          .map(Path::toString).sorted().collect(Collectors.toList());
    }
    assertEquals(shards.size(), files.size(), files.toString());
    List<String> expanded = new ArrayList<>(merge.subList(0, merge.indexOf(glob)));
    expanded.addAll(files);
    expanded.addAll(merge.subList(merge.indexOf(glob) + 1, merge.size()));
    expanded = withOption(expanded, "--json", dir.resolve("sweep.json").toString());
    Result merged = execute(expanded);

    SweepReport together = SweepReport.read(dir.resolve("sweep.json"));
    SweepReport alone = SweepReport.read(dir.resolve("whole.json"));
    assertEquals(32, alone.seedsRun());
    assertFalse(alone.failures().isEmpty(), "the swarm finds failing seeds in 1..32");
    assertTrue(alone.sameResults(together), "merged:\n" + together + "\nunsharded:\n" + alone);
    assertEquals(sweep.code(), merged.code(), merged.out() + merged.err());
    assertEquals(sweep.out().lines().filter(l -> l.startsWith("FAILED")).sorted().collect(Collectors.toList()),
        merged.out().lines().filter(l -> l.startsWith("FAILED")).sorted().collect(Collectors.toList()));
  }

  @Test
  void theReplayShownReplaysAFailedSeedWithTheHashItsReportGives() throws IOException {
    List<List<String>> replays = shellCommands(SWEEPS).stream().filter(c -> c.get(0).equals("replay"))
        .collect(Collectors.toList());
    assertEquals(1, replays.size(), replays.toString());
    List<String> replay = replays.get(0);
    parses(replay);
    String seed = option(replay, "--seed");
    String classes = Path.of("target", "test-classes").toAbsolutePath().toString();
    Path json = dir.resolve("seed.json");
    Result sweep = execute(List.of("sweep", "--scenario", option(replay, "--scenario"), "--classpath", classes,
        "--seeds", seed + ".." + seed, "--swarm", "--progress", "none", "--json", json.toString()));
    assertEquals(1, sweep.code(), "the page replays a seed that fails: " + sweep.out());
    String hash = SweepReport.read(json).failures().get(0).hash();

    List<String> local = withOption(replay, "--classpath", classes);
    local = withOption(local, "--trace", dir.resolve(option(replay, "--trace")).toString());
    local = withOption(local, "--pcap", dir.resolve(option(replay, "--pcap")).toString());
    Result result = execute(local);
    assertEquals(1, result.code(), result.out() + result.err());
    assertTrue(result.out().contains("trace hash: " + hash), "replay's hash is the report's " + hash + ":\n" + result.out());
    assertTrue(result.out().contains("deterministic: two runs of seed " + seed), result.out());
    assertTrue(Files.size(dir.resolve(option(replay, "--trace"))) > 0);
    assertTrue(Files.size(dir.resolve(option(replay, "--pcap"))) > 0);
  }

  @Test
  void everyTwinsockCommandInTheReadmeParses() {
    List<List<String>> commands = shellCommands(README);
    assertEquals(List.of("sweep", "merge", "replay"), commands.stream().map(c -> c.get(0)).collect(Collectors.toList()));
    commands.forEach(CommandsInDocsTest::parses);
    Matcher inline = Pattern.compile("`(java -jar cli/target/twinsock\\.jar [^`]*)`").matcher(README);
    int found = 0;
    while (inline.find()) {
      parses(twinsockArguments(inline.group(1)));
      found++;
    }
    assertTrue(found >= 1, "the quick start names the demo's command");
  }
}
