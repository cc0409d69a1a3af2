package dev.twinsock.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code twinsock merge}: the JSON reports of a sweep's shards as one report. */
@Command(name = "merge", mixinStandardHelpOptions = true,
    description = {
        "Merges the --json reports of the shards of one sweep into one report, and prints it as sweep does.",
        "When every shard is there, the result is the report the unsharded sweep writes.",
        "Exit status: 0 every seed of the sweep ran and passed, 1 some seed failed or some shard is missing,",
        "2 bad usage (unreadable files, reports of different sweeps)."},
    footer = {"", "Example:", "  twinsock merge shard-*.json --json sweep.json"})
final class MergeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Reports written by twinsock sweep --json.")
  List<Path> files;

  @Option(names = "--json", paramLabel = "OUT", description = "Write the merged report here.")
  Path json;

  @Override
  public Integer call() {
    List<SweepReport> reports = new ArrayList<>();
    for (Path file : files) {
      reports.add(SweepReport.read(file));
    }
    SweepReport merged = SweepReport.merge(reports);
    PrintWriter out = spec.commandLine().getOut();
    SweepCommand.print(merged, out);
    List<Integer> missing = new ArrayList<>();
    if (merged.shardCount() > 1) {
      for (int k = 1; k <= merged.shardCount(); k++) {
        if (!merged.shards().contains(k)) {
          missing.add(k);
        }
      }
      spec.commandLine().getErr().println("twinsock merge: not every shard is here: missing " + missing + " of " + merged.shardCount());
    }
    if (json != null) {
      merged.write(json);
      out.println("report: " + json);
    }
    out.flush();
    // a CI must not pass a sweep on the shards that happened to hand in their reports
    return merged.failures().isEmpty() && missing.isEmpty() ? 0 : 1;
  }
}
