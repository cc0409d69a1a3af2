package dev.twinsock.cli;

import dev.twinsock.sim.SimNetwork;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code twinsock demo}: the simulated network at work on a story with every kind of trouble
 * ({@link EchoStory}), told as a timeline and a summary, with its packets written as a pcap; with
 * {@code --os}, an echo over the real kernel's loopback instead.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {
        "Shows the simulated network at work: an echo server and three clients through loss, a partition and a crash.",
        "",
        "The links have " + EchoStory.LATENCY_MS + " ms of latency, up to " + EchoStory.JITTER_MS + " ms of jitter and "
            + EchoStory.LOSS_PERCENT + "%% loss. One client is cut off from the server for " + EchoStory.PARTITION_SECONDS
            + " s; then the server crashes and restarts with a fresh kernel, and the clients reconnect. Prints a"
            + " timeline in virtual time and a summary, and writes every packet to a pcap file. The same seed tells the"
            + " same story, on any machine.",
        "With --os: an echo server and client over the real kernel's loopback instead.",
        "Exit status: 0, or 2 for bad usage (an option's value, a pcap file that cannot be written)."},
    footer = {"", "Examples:", "  twinsock demo", "  twinsock demo --seed 7 --pcap /tmp/seed-7.pcap", "  twinsock demo --os"})
final class DemoCommand implements Callable<Integer> {
  /** The summary's one line that differs between runs of the same seed. */
  static final String WALL_TIME = "  wall time";

  @Spec CommandSpec spec;

  @Option(names = "--seed", paramLabel = "N", description = "The network's seed (default ${DEFAULT-VALUE}).")
  long seed = 42;

  @Option(names = "--pcap", paramLabel = "FILE", description = "Where to write the packets (default ${DEFAULT-VALUE}).")
  Path pcap = Path.of("demo.pcap");

  @Option(names = "--os", description = "Run the echo over real loopback sockets instead of the simulation.")
  boolean os;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (os) {
      LoopbackEcho.run(out);
      out.flush();
      return 0;
    }
    long wallStart = System.nanoTime();
    try (SimNetwork net = SimNetwork.builder().seed(seed).keepTraceEvents(true).build()) {
      EchoStory story = EchoStory.run(net);
      long wall = System.nanoTime() - wallStart;
      TraceDigest trace = TraceDigest.of(net.trace().events());
      out.println("twinsock demo, seed " + seed + ": an echo server (" + EchoStory.SERVER + ") and "
          + EchoStory.CLIENTS.size() + " clients (" + String.join(", ", EchoStory.CLIENTS) + "), links of "
          + EchoStory.LATENCY_MS + " ms + up to " + EchoStory.JITTER_MS + " ms jitter, " + EchoStory.LOSS_PERCENT + "% loss");
      out.println();
      timeline(out, story, trace);
      out.println();
      summary(out, story, trace, net, wall);
      writePcap(out, net);
    }
    out.flush();
    return 0;
  }

  private static void timeline(PrintWriter out, EchoStory story, TraceDigest trace) {
    List<TraceDigest.Moment> moments = new ArrayList<>(trace.moments());
    for (EchoStory.Note note : story.notes()) {
      moments.add(new TraceDigest.Moment(note.nanos(), note.host(), note.text()));
    }
    // stable: at one instant the network's moments come before what the programs noticed
    moments.sort(Comparator.comparingLong(TraceDigest.Moment::nanos));
    out.println("   virtual time  host     what happened");
    for (TraceDigest.Moment moment : moments) {
      out.println(String.format(Locale.ROOT, "%13.6f s  %-8s %s", moment.nanos() / 1e9, moment.host(), moment.text()));
    }
  }

  private static void summary(PrintWriter out, EchoStory story, TraceDigest trace, SimNetwork net, long wall) {
    int total = 0;
    StringJoiner each = new StringJoiner(", ");
    for (Map.Entry<String, Integer> client : story.roundTrips().entrySet()) {
      total += client.getValue();
      each.add(client.getKey() + " " + client.getValue());
    }
    int dropped = 0;
    StringJoiner reasons = new StringJoiner(", ");
    for (Map.Entry<String, Integer> reason : trace.drops().entrySet()) {
      dropped += reason.getValue();
      reasons.add(reason.getValue() + " " + reason.getKey());
    }
    out.println("summary");
    out.println("  round trips      " + total + " of " + EchoStory.ROUNDS * EchoStory.CLIENTS.size() + " (" + each + ")"
        + (story.finished() ? "" : ", stopped at the " + EchoStory.TIME_LIMIT.toMinutes() + "-minute limit"));
    out.println("  reconnects       " + story.reconnects());
    out.println("  packets sent     " + trace.packetsSent() + ", of which " + trace.retransmissions() + " retransmissions");
    out.println("  packets dropped  " + dropped + (dropped == 0 ? "" : " (" + reasons + ")"));
    out.println(String.format(Locale.ROOT, "  virtual time     %.3f s", net.now().toNanos() / 1e9));
    out.println(String.format(Locale.ROOT, "%-18s %.3f s (the only line that differs between runs of a seed)",
        WALL_TIME, wall / 1e9));
    out.println("  trace            " + net.trace().events().size() + " events, hash " + net.trace().hash());
  }

  private void writePcap(PrintWriter out, SimNetwork net) {
    try {
      Path parent = pcap.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      net.trace().writePcap(pcap);
    } catch (IOException e) {
      throw new UsageError("cannot write " + pcap + ": " + e.getMessage());
    }
    out.println();
    out.println("packets written to " + pcap + ": open it with `tshark -r " + pcap + "` or in Wireshark");
  }
}
