package dev.twinsock.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code twinsock} command: {@code demo} shows the simulated network at work, {@code sweep}
 * runs a user's {@link dev.twinsock.sim.Scenario} over many seeds (sharded across machines if need
 * be), {@code merge} joins the shards' reports and {@code replay} runs one seed again with its trace.
 * Exit status: 0 all passed, 1 failures found, 2 bad usage, always with a one-line message.
 */
@Command(name = "twinsock", mixinStandardHelpOptions = true, version = "twinsock 0.1.0-SNAPSHOT",
    description = "Deterministic testing of network code: a simulated network, seed sweeps and replays.",
    subcommands = {DemoCommand.class, SweepCommand.class, ReplayCommand.class, MergeCommand.class,
        CommandLine.HelpCommand.class})
public final class Twinsock implements Runnable {
  /** The process's stderr, as picocli was given it: the only stream a progress bar may redraw on. */
  static final PrintWriter STDERR = new PrintWriter(System.err, true);

  @Spec CommandSpec spec;

  private Twinsock() {}

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "name a command: demo, sweep, replay or merge");
  }

  /** The command line, with its error handling: a one-line message and exit status 2 for bad input. */
  public static CommandLine commandLine() {
    CommandLine line = new CommandLine(new Twinsock());
    line.setErr(STDERR);
    line.setParameterExceptionHandler((e, args) -> {
      CommandLine failed = e.getCommandLine();
      failed.getErr().println(failed.getCommandName().equals("twinsock") ? "twinsock: " + e.getMessage()
          : "twinsock " + failed.getCommandName() + ": " + e.getMessage() + " (see --help)");
      failed.getErr().flush();
      return CommandLine.ExitCode.USAGE;
    });
    line.setExecutionExceptionHandler((e, failed, parsed) -> {
      String message = e instanceof UsageError ? e.getMessage() : e.toString();
      failed.getErr().println("twinsock " + failed.getCommandName() + ": " + message);
      failed.getErr().flush();
      return CommandLine.ExitCode.USAGE;
    });
    return line;
  }

  public static void main(String[] args) {
    int status = commandLine().execute(args);
    // a success returns rather than exits, so that a JVM this runs inside (mvn exec:java) goes on
    if (status != 0) {
      System.exit(status);
    }
  }
}
