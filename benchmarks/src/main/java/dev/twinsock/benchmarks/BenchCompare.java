package dev.twinsock.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The command behind {@code bench/compare}: sets two {@code bench/run --json} files side by side
 * and says, row by row, whether the second reproduces the first within a tolerance.
 *
 * <p>What is compared is what a run can reproduce on a shared machine: a row's sim/os ratio, both
 * measured in the same run and so exposed to the same load, or the sim's own figure where the row
 * has no os cell (the ring, the seed sweep). Absolute cells are printed for reading, not judged.
 *
 * <p>Usage: {@code BenchCompare [--tolerance PERCENT] BASELINE.json CANDIDATE.json}; exit code 0
 * when every row is within the tolerance (25% unless given), 1 when one is not, 2 on bad input.
 */
public final class BenchCompare {
  /** One row of a run: its cells by backend and its sim/os ratio, as {@code bench/run} wrote them. */
  record Row(int scenario, String what, String unit, Boolean higherIsBetter, Map<String, Double> cells, Double simOverOs) {
    /** A row's identity: one scenario's "what" has a row per unit (the ring's messages and seconds). */
    String key() {
      return scenario + " " + what + " / " + unit;
    }

    /** The figure a second run is held to: the ratio, or the sim's own cell where there is none. */
    Double judged() {
      return simOverOs != null ? simOverOs : cells.get("sim");
    }

    /** Whether a larger judged figure is the better one; null where the file does not say. */
    Boolean judgedHigherIsBetter() {
      return simOverOs != null ? Boolean.TRUE : higherIsBetter;
    }
  }

  /** A run as read from its JSON file. */
  record Run(String title, boolean quick, Map<String, Row> rows) {}

  private BenchCompare() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    double tolerance = 25;
    List<Path> files = new ArrayList<>();
    try {
      for (int i = 0; i < args.length; i++) {
        if (args[i].equals("--tolerance")) {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("--tolerance needs a percentage");
          }
          tolerance = Double.parseDouble(args[++i]);
          if (!(tolerance > 0 && tolerance < 1000)) {
            throw new IllegalArgumentException("the tolerance is a percentage above 0 and below 1000: " + args[i]);
          }
        } else if (args[i].startsWith("-")) {
          throw new IllegalArgumentException("unknown option " + args[i]);
        } else {
          files.add(Path.of(args[i]));
        }
      }
      if (files.size() != 2) {
        throw new IllegalArgumentException("two files are compared: BASELINE.json CANDIDATE.json");
      }
      Run baseline = read(files.get(0));
      Run candidate = read(files.get(1));
      return compare(baseline, candidate, tolerance, out);
    } catch (IllegalArgumentException | IOException e) {
      err.println("bench/compare: " + e.getMessage());
      err.println("usage: bench/compare [--tolerance PERCENT] BASELINE.json CANDIDATE.json");
      return 2;
    }
  }

  static Run read(Path file) throws IOException {
    Object parsed;
    try {
      parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file, StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + " is not a bench/run --json file: " + e.getMessage());
    }
    if (!(parsed instanceof Map<?, ?> top) || !(top.get("rows") instanceof List<?> rows)) {
      throw new IllegalArgumentException(file + " is not a bench/run --json file: no \"rows\"");
    }
    Map<String, Row> byKey = new LinkedHashMap<>();
    for (Object item : rows) {
      if (!(item instanceof Map<?, ?> row) || !(row.get("scenario") instanceof Number scenario)) {
        throw new IllegalArgumentException(file + ": a row without a scenario number: " + item);
      }
      Map<String, Double> cells = new LinkedHashMap<>();
      for (String backend : List.of("sim", "os", "jdk")) {
        if (row.get(backend) instanceof Number n) {
          cells.put(backend, n.doubleValue());
        }
      }
      Boolean higher = row.get("higherIsBetter") instanceof Boolean b ? b : null;
      Row r = new Row(scenario.intValue(), String.valueOf(row.get("what")), String.valueOf(row.get("unit")), higher, cells,
          ratio(String.valueOf(row.get("simOverOs"))));
      byKey.put(r.key(), r);
    }
    return new Run(String.valueOf(top.get("title")), Boolean.TRUE.equals(top.get("quick")), byKey);
  }

  /** "1.25×" as bench/run prints a ratio, or null for an empty cell. */
  static Double ratio(String text) {
    String number = text.endsWith("×") ? text.substring(0, text.length() - 1) : text;
    if (number.isBlank() || number.equals("null")) {
      return null;
    }
    try {
      return Double.parseDouble(number);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a ratio: " + text);
    }
  }

  static int compare(Run baseline, Run candidate, double tolerance, PrintStream out) {
    out.println("baseline:  " + baseline.title());
    out.println("candidate: " + candidate.title());
    if (baseline.quick() != candidate.quick()) {
      out.println("note: one run is --quick and the other is not; their workloads differ");
    }
    out.println();
    out.println("| # | what | unit | sim | os | sim/os | change | verdict |");
    out.println("|---|---|---|---|---|---|---|---|");
    int beyond = 0;
    int compared = 0;
    for (Row a : baseline.rows().values()) {
      Row b = candidate.rows().get(a.key());
      if (b == null) {
        out.printf(Locale.ROOT, "| %d | %s | %s | | | | | only in the baseline |%n", a.scenario(), a.what(), a.unit());
        continue;
      }
      Double before = a.judged();
      Double after = b.judged();
      String verdict;
      String change = "";
      if (before == null || after == null || before == 0) {
        verdict = "not compared (an empty cell)";
      } else {
        double percent = (after / before - 1) * 100;
        change = String.format(Locale.ROOT, "%+.0f%%", percent);
        compared++;
        if (Math.abs(percent) <= tolerance) {
          verdict = String.format(Locale.ROOT, "within ±%.0f%%", tolerance);
        } else {
          beyond++;
          Boolean higher = a.judgedHigherIsBetter();
          verdict = higher == null ? "changed beyond the tolerance"
              : (percent > 0) == higher ? "better, beyond the tolerance" : "WORSE, beyond the tolerance";
        }
      }
      out.printf(Locale.ROOT, "| %d | %s | %s | %s | %s | %s | %s | %s |%n", a.scenario(), a.what(), a.unit(),
          pair(a.cells().get("sim"), b.cells().get("sim")), pair(a.cells().get("os"), b.cells().get("os")),
          ratios(a.simOverOs(), b.simOverOs()), change, verdict);
    }
    for (Row b : candidate.rows().values()) {
      if (!baseline.rows().containsKey(b.key())) {
        out.printf(Locale.ROOT, "| %d | %s | %s | | | | | only in the candidate |%n", b.scenario(), b.what(), b.unit());
      }
    }
    out.println();
    out.printf(Locale.ROOT, "%d of %d rows compared are within ±%.0f%% (sim/os, or the sim's figure where there is no os cell)%n",
        compared - beyond, compared, tolerance);
    return beyond == 0 ? 0 : 1;
  }

  private static String ratios(Double before, Double after) {
    if (before == null && after == null) {
      return "";
    }
    return (before == null ? "–" : BenchRun.times(before)) + " → " + (after == null ? "–" : BenchRun.times(after));
  }

  private static String pair(Double before, Double after) {
    if (before == null && after == null) {
      return "";
    }
    return (before == null ? "–" : BenchRun.format(before)) + " → " + (after == null ? "–" : BenchRun.format(after));
  }
}
