package dev.twinsock.junit5;

import dev.twinsock.sim.FaultPlan;
import dev.twinsock.sim.SimNetwork;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a failing test on a simulated network leaves behind: its trace as text and as pcap under
 * {@code target/twinsock/<test class>/<method>[-<seed>]} (the directory is the configuration
 * parameter or system property {@code twinsock.traceDir}), and a {@link SeedReport} on the failure
 * and report entries that give the seed, the replay line and the fault plan.
 */
final class FailureReport {
  static final String TRACE_DIR = "twinsock.traceDir";
  private static final String DEFAULT_TRACE_DIR = "target/twinsock";

  private FailureReport() {}

  static void attach(ExtensionContext context, SimRun run, Throwable failure) {
    SimNetwork network = run.network;
    long seed = run.seed();
    String base = context.getRequiredTestMethod().getName() + (run.repeated ? "-" + seed : "");
    Path directory = Path.of(context.getConfigurationParameter(TRACE_DIR).orElse(DEFAULT_TRACE_DIR))
        .resolve(context.getRequiredTestClass().getName()).toAbsolutePath();
    Path text = directory.resolve(base + ".txt");
    Path pcap = directory.resolve(base + ".pcap");
    IOException notWritten = null;
    try {
      Files.createDirectories(directory);
      Files.writeString(text, network.trace().toText(), StandardCharsets.UTF_8);
      network.trace().writePcap(pcap);
    } catch (IOException e) {
      notWritten = e;
    }

    String replay = "@Seed(" + Seeds.literal(seed) + ")";
    StringBuilder message = new StringBuilder("twinsock: seed ").append(seed).append(" — replay with ")
        .append(replay).append(" or -D").append(Seeds.SEED).append('=').append(seed);
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("twinsock.seed", Long.toString(seed));
    entries.put("twinsock.replay", replay);
    FaultPlan faults = network.faults();
    if (faults != FaultPlan.none()) {
      message.append("\n  faults: ").append(faults);
      entries.put("twinsock.faults", faults.toString());
    }
    if (notWritten == null) {
      message.append("\n  trace: ").append(text).append("\n  pcap:  ").append(pcap);
      entries.put("twinsock.trace", text.toString());
      entries.put("twinsock.pcap", pcap.toString());
    } else {
      message.append("\n  trace not written to ").append(directory).append(": ").append(notWritten);
    }

    SeedReport report = pending(failure);
    if (report == null) {
      report = new SeedReport(message.toString());
      failure.addSuppressed(report);
    } else {
      report.complete(message.toString());
    }
    if (notWritten != null) {
      report.addSuppressed(notWritten);
    }
    context.publishReportEntry(entries);
  }

  /**
   * {@code failure}, made to carry a report of {@code run}: the report is added now, with the seed
   * alone, and completed by {@link #attach} once the trace is written. A throwable built with
   * suppression disabled drops what is added to it: such a failure is wrapped in an AssertionError
   * whose cause it is, which carries the report instead.
   */
  static Throwable carrier(SimRun run, Throwable failure) {
    if (pending(failure) != null) {
      return failure;
    }
    String seedOnly = "twinsock: seed " + run.seed();
    SeedReport report = new SeedReport(seedOnly);
    failure.addSuppressed(report);
    if (pending(failure) != null) {
      return failure;
    }
    AssertionError wrapper = new AssertionError(failure.toString(), failure);
    wrapper.addSuppressed(new SeedReport(seedOnly));
    return wrapper;
  }

  private static SeedReport pending(Throwable failure) {
    for (Throwable suppressed : failure.getSuppressed()) {
      if (suppressed instanceof SeedReport) {
        return (SeedReport) suppressed;
      }
    }
    return null;
  }
}
