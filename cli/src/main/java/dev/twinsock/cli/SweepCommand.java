package dev.twinsock.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code twinsock sweep}: a scenario over a range of seeds, in parallel, sharded across machines. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = {
        "Runs a Scenario class once per seed of a range, each seed on its own simulated network, in parallel.",
        "Prints each failing seed with its failure, its fault plan and the command that replays it.",
        "Exit status: 0 every seed passed, 1 some seed failed, 2 bad usage."},
    footer = {"", "Examples:",
        "  twinsock sweep --scenario com.example.EchoScenario --seeds 1..10000 --swarm",
        "  twinsock sweep --scenario com.example.EchoScenario --seeds 1..10000 --shard 3/8 --json shard-3.json"})
final class SweepCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--scenario", required = true, paramLabel = "CLASS",
      description = "A class implementing dev.twinsock.sim.Scenario, with a constructor without arguments.")
  String scenario;

  @Option(names = "--seeds", required = true, paramLabel = "A..B", converter = SeedRange.Converter.class,
      description = "The seeds to run, both ends included, e.g. 1..1000.")
  SeedRange seeds;

  @Option(names = "--shard", paramLabel = "k/n", converter = Shard.Converter.class,
      description = "Run only shard k of n: every n-th seed of the range, from the k-th (default 1/1: all).")
  Shard shard = Shard.ALL;

  @Option(names = "--jobs", paramLabel = "N", description = "Seeds run at once (default: the number of processors, ${DEFAULT-VALUE}).")
  int jobs = Runtime.getRuntime().availableProcessors();

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON, for twinsock merge.")
  Path json;

  @Option(names = "--swarm", description = "Give each seed the fault plan FaultPlan.swarm(seed) before the scenario runs.")
  boolean swarm;

  @Option(names = "--stop-after-failures", paramLabel = "N", description = "Stop once N seeds have failed (default 0: never).")
  int stopAfterFailures;

  @Option(names = "--classpath", paramLabel = "PATH",
      description = "Directories and jars to look for the scenario in, besides the command's own classpath.")
  String classpath;

  @Option(names = "--progress", paramLabel = "MODE",
      description = "How to show progress on stderr: auto (a bar on a terminal, else a line per tenth), bar, lines or none.")
  String progress = "auto";

  @Override
  public Integer call() {
    if (jobs < 1) {
      throw new ParameterException(spec.commandLine(), "--jobs must be at least 1: " + jobs);
    }
    if (stopAfterFailures < 0) {
      throw new ParameterException(spec.commandLine(), "--stop-after-failures must not be negative: " + stopAfterFailures);
    }
    ScenarioLoader loader = ScenarioLoader.load(scenario, classpath);
    Sweep sweep = new Sweep(loader, seeds, shard, swarm, jobs, stopAfterFailures, classpath);
    PrintWriter err = spec.commandLine().getErr();
    Progress bar = new Progress(err, terminal(), sweep.size(), !progress.equals("none"));
    SweepReport report = sweep.run(bar);
    PrintWriter out = spec.commandLine().getOut();
    print(report, out);
    if (json != null) {
      report.write(json);
      out.println("report: " + json);
    }
    out.flush();
    return report.failures().isEmpty() ? 0 : 1;
  }

  private boolean terminal() {
    switch (progress) {
      case "bar":
        return true;
      case "lines":
      case "none":
        return false;
      case "auto":
        return System.console() != null && spec.commandLine().getErr() == Twinsock.STDERR;
      default:
        throw new ParameterException(spec.commandLine(), "--progress must be auto, bar, lines or none: " + progress);
    }
  }

  /** Each failure, then one line of totals. */
  static void print(SweepReport report, PrintWriter out) {
    for (SweepReport.Failure f : report.failures()) {
      out.println("FAILED seed " + f.seed() + ": " + f.failure());
      out.println("  faults: " + f.faults());
      out.println("  replay: " + f.replay());
    }
    String rate = report.wallSeconds() > 0
        ? String.format(Locale.ROOT, " in %s (%.1f seeds/s)", Progress.duration(report.wallSeconds()), report.seedsRun() / report.wallSeconds())
        : "";
    out.println(report.describe() + ": " + report.seedsRun() + " seeds run, " + report.passed() + " passed, "
        + report.failures().size() + " failed" + rate + (report.stopped() ? "; stopped early" : ""));
  }
}
