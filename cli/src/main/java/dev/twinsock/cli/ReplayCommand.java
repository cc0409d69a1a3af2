package dev.twinsock.cli;

import dev.twinsock.sim.FaultPlan;
import dev.twinsock.sim.Scenario;
import dev.twinsock.sim.SimNetwork;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code twinsock replay}: one seed of a scenario again, with its trace and capture written. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {
        "Runs a Scenario for one seed, exactly as the sweep ran it, and writes its trace and packet capture.",
        "With --check it runs the seed twice and names the first event where the two runs differ.",
        "Exit status: 0 the seed passed (and is deterministic), 1 it failed (or is not), 2 bad usage."},
    footer = {"", "Example:",
        "  twinsock replay --scenario com.example.EchoScenario --seed 17 --trace seed-17.txt --pcap seed-17.pcap"})
final class ReplayCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--scenario", required = true, paramLabel = "CLASS", description = "The Scenario class, as given to sweep.")
  String scenario;

  @Option(names = "--seed", required = true, paramLabel = "S", description = "The seed to run.")
  long seed;

  @Option(names = "--swarm", description = "Give the seed the fault plan FaultPlan.swarm(seed), as sweep --swarm does.")
  boolean swarm;

  @Option(names = "--trace", paramLabel = "FILE", description = "Write the trace (every packet, fault and task switch) here, as text.")
  Path trace;

  @Option(names = "--pcap", paramLabel = "FILE", description = "Write every packet here, for Wireshark or tshark.")
  Path pcap;

  @Option(names = "--check", description = "Run the seed twice and compare the traces event by event.")
  boolean check;

  @Option(names = "--classpath", paramLabel = "PATH", description = "Directories and jars to look for the scenario in.")
  String classpath;

  @Override
  public Integer call() {
    ScenarioLoader loader = ScenarioLoader.load(scenario, classpath);
    PrintWriter out = spec.commandLine().getOut();
    int status;
    // one seed, replayed to be read: keep every event and packet, not the default ring's newest
    SimNetwork net = SimNetwork.builder().seed(seed).traceCapacity(Integer.MAX_VALUE).build();
    try {
      SeedRun.Outcome outcome = SeedRun.run(loader.create(), net, swarm);
      out.println("seed " + seed + ": " + (outcome.passed() ? "passed" : "FAILED: " + outcome.failure()));
      out.println("  faults: " + outcome.faults());
      out.println("  trace hash: " + outcome.hash() + " (" + net.trace().recorded() + " events, "
          + net.now().toMillis() + " ms of virtual time)");
      if (trace != null) {
        write(trace, net.trace().toText().getBytes(StandardCharsets.UTF_8));
        out.println("  trace: " + trace);
      }
      if (pcap != null) {
        try {
          Path parent = pcap.toAbsolutePath().getParent();
          if (parent != null) {
            Files.createDirectories(parent);
          }
          net.trace().writePcap(pcap);
        } catch (IOException e) {
          throw new UsageError("cannot write " + pcap + ": " + e.getMessage());
        }
        out.println("  pcap:  " + pcap + " (open with: wireshark " + pcap + ", or tshark -r " + pcap + ")");
      }
      status = outcome.passed() ? 0 : 1;
    } finally {
      net.close();
    }
    if (check) {
      status = Math.max(status, check(loader, out));
    }
    out.flush();
    return status;
  }

  /** The determinism check: the same seed twice, compared event by event. */
  private int check(ScenarioLoader loader, PrintWriter out) {
    try {
      String hash = SimNetwork.checkDeterminism(seed, net -> {
        if (swarm) {
          net.faults(FaultPlan.swarm(seed));
        }
        Scenario instance = loader.create();
        try {
          instance.run(net);
        } catch (Throwable t) {
          if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
            throw (VirtualMachineError) t;
          }
          throw new ScenarioFailed(t);
        }
      });
      out.println("deterministic: two runs of seed " + seed + " gave the same trace, hash " + hash);
      return 0;
    } catch (ScenarioFailed same) {
      out.println("deterministic: two runs of seed " + seed + " gave the same trace, and failed the same way");
      return 1;
    } catch (AssertionError differs) {
      out.println("NOT deterministic: " + differs.getMessage());
      return 1;
    }
  }

  private static void write(Path file, byte[] bytes) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UsageError("cannot write " + file + ": " + e.getMessage());
    }
  }

  /** A scenario's own failure, carried through checkDeterminism, which passes on only runtime exceptions. */
  private static final class ScenarioFailed extends RuntimeException {
    ScenarioFailed(Throwable cause) {
      super(cause.toString(), cause, false, false);
    }
  }
}
