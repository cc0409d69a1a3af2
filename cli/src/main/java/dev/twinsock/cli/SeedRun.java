package dev.twinsock.cli;

import dev.twinsock.sim.FaultPlan;
import dev.twinsock.sim.Scenario;
import dev.twinsock.sim.SimNetwork;

/**
 * One run of a scenario on a fresh network for one seed: the network is seeded, given the seed's
 * swarm fault plan if asked, handed to the scenario and closed. What it reports is the outcome.
 */
final class SeedRun {
  private SeedRun() {}

  /** The outcome of one seed: a failure (null when it passed), the fault plan in force at the end, the trace hash. */
  record Outcome(long seed, String failure, String faults, String hash) {
    boolean passed() {
      return failure == null;
    }
  }

  static Outcome run(Scenario scenario, long seed, boolean swarm, boolean keepEvents) {
    SimNetwork net = SimNetwork.builder().seed(seed).keepTraceEvents(keepEvents).build();
    try {
      return run(scenario, net, swarm);
    } finally {
      net.close();
    }
  }

  /** Runs {@code scenario} on {@code net} (fresh, seeded); the caller closes the network. */
  static Outcome run(Scenario scenario, SimNetwork net, boolean swarm) {
    if (swarm) {
      net.faults(FaultPlan.swarm(net.seed()));
    }
    String failure = null;
    try {
      scenario.run(net);
    } catch (Throwable t) {
      if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
        throw (VirtualMachineError) t;
      }
      failure = describe(t);
    }
    return new Outcome(net.seed(), failure, net.faults().toString(), net.trace().hash());
  }

  /** The failure as one paragraph: its type and message, and the first line of each cause. */
  static String describe(Throwable t) {
    StringBuilder text = new StringBuilder(firstLines(t.toString()));
    StackTraceElement where = firstUserFrame(t);
    if (where != null) {
      text.append(" (at ").append(where).append(')');
    }
    Throwable cause = t.getCause();
    for (int depth = 0; cause != null && cause != t && depth < 3; depth++, cause = cause.getCause()) {
      text.append("; caused by ").append(firstLines(cause.toString()));
    }
    return text.toString();
  }

  private static StackTraceElement firstUserFrame(Throwable t) {
    for (StackTraceElement frame : t.getStackTrace()) {
      String c = frame.getClassName();
      if (!c.startsWith("java.") && !c.startsWith("jdk.") && !c.startsWith("dev.twinsock.sim.")
          && !c.startsWith("dev.twinsock.cli.") && !c.startsWith("org.junit.")) {
        return frame;
      }
    }
    return null;
  }

  /** Messages may span lines (a deadlock lists every task): keep them, but on one indented paragraph. */
  private static String firstLines(String text) {
    String[] lines = text.strip().split("\\R");
    StringBuilder joined = new StringBuilder(lines[0].strip());
    for (int i = 1; i < Math.min(lines.length, 12); i++) {
      if (!lines[i].isBlank()) {
        joined.append(" | ").append(lines[i].strip());
      }
    }
    if (lines.length > 12) {
      joined.append(" | ...");
    }
    return joined.toString();
  }
}
