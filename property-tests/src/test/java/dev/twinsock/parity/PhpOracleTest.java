package dev.twinsock.parity;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.sessions.JqwikSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * PHP itself as the oracle of the API layer: generated programs of the property tests' language run
 * on the kernel backend and, rendered by the {@link PhpRenderer}, by php-cli's ext/sockets, which
 * the API is modelled on; every step must give the same normalised outcome, or a difference the
 * {@link PhpDepartures} table documents.
 *
 * <p>All programs of a run go to one php process. 300 programs by default; {@code
 * -Dphp.oracle.programs=N} (or {@code -Pphp-oracle-long}, 5,000) for more. Skipped, with the
 * reason, where php or its sockets extension is missing (.ci/run installs Debian's php8.2-cli).
 */
class PhpOracleTest {
  static final long SEED = 20261203L;

  @Test
  @Timeout(value = 20, unit = TimeUnit.MINUTES) // 300 programs take half a minute; -Pphp-oracle-long's 5,000 ten
  void phpAgreesWithTheKernelBackend() throws Exception {
    String missing = PhpOracleTest.phpMissing();
    assumeTrue(missing == null, () -> "PHP oracle skipped: " + missing);
    int count = Integer.getInteger("php.oracle.programs", 300);
    List<Program> programs = programs(count);
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "twphp");
    try {
      compare(programs, dir);
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  private static void compare(List<Program> programs, Path dir) throws Exception {
    List<List<Outcome>> reference = new ArrayList<>();
    StringBuilder script = new StringBuilder(PhpRenderer.PRELUDE);
    List<String> tags = new ArrayList<>();
    PhpRenderer renderer = new PhpRenderer();
    String tagBase = "twp" + Long.toHexString(new Random().nextInt() & 0xffffffL);
    for (int n = 0; n < programs.size(); n++) {
      List<Outcome> outcomes = new Interpreter(false).runAlone(programs.get(n), OsTarget::new);
      reference.add(outcomes);
      Path tmp = Files.createDirectory(dir.resolve("p" + n));
      tags.add(tagBase + "p" + n);
      script.append(renderer.render(n, programs.get(n), outcomes, tmp.toString(), tags.get(n)));
    }
    // kept for a look after the run: the AF_UNIX paths it names are gone by then
    Path file = Path.of("target", "php-oracle.php").toAbsolutePath();
    Files.createDirectories(file.getParent());
    Files.writeString(file, script);
    Map<Integer, Map<Integer, String>> lines = runPhp(file);

    int observations = 0;
    int stopped = 0;
    Map<String, Integer> departed = new TreeMap<>();
    for (int n = 0; n < programs.size(); n++) {
      Program program = programs.get(n);
      Normalizer normalizer = new Normalizer(dir.resolve("p" + n).toString(), tags.get(n));
      List<String> php = renderer.observed(program, reference.get(n), lines.getOrDefault(n, Map.of()), normalizer);
      for (int i = 0; i < program.ops().size(); i++) {
        if (php.get(i) == null) {
          continue;
        }
        observations++;
        String twinsock = reference.get(n).get(i).text();
        String seen = php.get(i);
        if (twinsock.equals(seen)) {
          continue;
        }
        Op op = program.ops().get(i);
        PhpDepartures.Departure d = PhpDepartures.TABLE.stream()
            .filter(x -> x.covers(op, twinsock, seen)).findFirst().orElse(null);
        if (d == null) {
          Path kept = Path.of("target", "php-oracle-program-" + n + ".php");
          Files.createDirectories(kept.getParent());
          Files.writeString(kept, PhpRenderer.PRELUDE + renderer.render(n, program, reference.get(n),
              dir.resolve("p" + n).toString(), tags.get(n)));
          fail("twinsock (os) and php differ at step " + i + " of program " + n + ": " + op
              + "\n  twinsock: " + twinsock + "\n  php:      " + php.get(i) + "\n" + table(program, reference.get(n), php)
              + "\nthe PHP script: " + kept.toAbsolutePath());
        }
        departed.merge(d.name(), 1, Integer::sum);
        if (d.stops()) {
          stopped++;
          break;
        }
      }
    }
    System.out.printf("PHP oracle: %d programs, %d observations compared, %d programs ended at a departure, "
        + "departures met %s (table holds %d)%n", programs.size(), observations, stopped, departed,
        PhpDepartures.TABLE.size());
  }

  private static String table(Program program, List<Outcome> reference, List<String> php) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < program.ops().size(); i++) {
      b.append(String.format("  %2d %-60s os: %s%s%n", i, program.ops().get(i), reference.get(i).text(),
          php.get(i) == null || php.get(i).equals(reference.get(i).text()) ? "" : "   <> php: " + php.get(i)));
    }
    return b.toString();
  }

  /** Programs of the property tests' language, drawn from a fixed seed, with the ops PHP is not given removed. */
  static List<Program> programs(int count) {
    List<Program> programs = new ArrayList<>();
    JqwikSession.start();
    try {
      RandomGenerator<Program> generator = ProgramArbitraries.programs().generator(1000);
      Random random = new Random(SEED);
      while (programs.size() < count) {
        List<Op> ops = generator.next(random).value().ops().stream()
            .filter(op -> PhpRenderer.unrendered(op) == null).toList();
        if (!ops.isEmpty()) {
          programs.add(new Program(ops));
        }
      }
    } finally {
      JqwikSession.finish();
    }
    return programs;
  }

  private static Map<Integer, Map<Integer, String>> runPhp(Path script) throws IOException, InterruptedException {
    Path out = script.resolveSibling("php-oracle.out");
    Path err = script.resolveSibling("php-oracle.err");
    Process php = new ProcessBuilder("php", script.toString()).redirectOutput(out.toFile()).redirectError(err.toFile())
        .start();
    if (!php.waitFor(90, TimeUnit.SECONDS)) {
      php.destroyForcibly();
      fail("php did not finish in 90 s; its last lines are in " + out);
    }
    byte[] stdout = Files.readAllBytes(out);
    byte[] stderr = Files.readAllBytes(err);
    if (php.exitValue() != 0) {
      fail("php failed (" + php.exitValue() + "): " + new String(stderr, StandardCharsets.UTF_8)
          + new String(stdout, StandardCharsets.UTF_8).lines().reduce((a, b) -> b).orElse(""));
    }
    Map<Integer, Map<Integer, String>> lines = new HashMap<>();
    for (String line : new String(stdout, StandardCharsets.UTF_8).split("\n")) {
      if (!line.startsWith("P")) {
        continue;
      }
      String[] f = line.split(" ", 3);
      int program = Integer.parseInt(f[0].substring(1));
      int step = Integer.parseInt(f[1].substring(1));
      lines.computeIfAbsent(program, k -> new HashMap<>()).put(step, f.length > 2 ? f[2] : "");
    }
    return lines;
  }

  /** Why php cannot be the oracle here, or null if it can. */
  static String phpMissing() {
    try {
      Process p = new ProcessBuilder("php", "-r", "echo extension_loaded('sockets') ? 'yes' : 'no';")
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "php did not answer";
      }
      return out.endsWith("yes") ? null : "php has no sockets extension (" + out + ")";
    } catch (IOException e) {
      return "no php on the PATH (" + e.getMessage() + "); .ci/run installs Debian's php8.2-cli";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
