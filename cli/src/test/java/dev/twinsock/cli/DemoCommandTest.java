package dev.twinsock.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code twinsock demo}: the story it tells is the run that happened, the same for the same seed. */
class DemoCommandTest {
  @TempDir Path dir;

  private String demo(String... args) {
    CommandLine line = Twinsock.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    int code = line.execute(args);
    assertEquals(0, code, out + "\n" + err);
    assertEquals("", err.toString());
    return out.toString();
  }

  /** The output without its one line of wall-clock time. */
  private static String withoutWallTime(String output) {
    List<String> lines = output.lines().collect(Collectors.toList());
    assertEquals(1, lines.stream().filter(l -> l.startsWith(DemoCommand.WALL_TIME)).count(), output);
    return lines.stream().filter(l -> !l.startsWith(DemoCommand.WALL_TIME)).collect(Collectors.joining("\n"));
  }

  private static int number(String output, String regex) {
    Matcher matcher = Pattern.compile(regex).matcher(output);
    assertTrue(matcher.find(), regex + " in\n" + output);
    return Integer.parseInt(matcher.group(1));
  }

  @Test
  void theSameSeedTellsTheSameStoryAndWritesTheSameCapture() throws IOException {
    Path pcap = dir.resolve("demo.pcap");
    String first = demo("demo", "--seed", "42", "--pcap", pcap.toString());
    byte[] firstCapture = Files.readAllBytes(pcap);
    String second = demo("demo", "--seed", "42", "--pcap", pcap.toString());
    assertEquals(withoutWallTime(first), withoutWallTime(second));
    assertArrayEquals(firstCapture, Files.readAllBytes(pcap));
    String other = demo("demo", "--seed", "43", "--pcap", dir.resolve("other.pcap").toString());
    assertNotEquals(withoutWallTime(first), withoutWallTime(other), "another seed, another run");
  }

  @Test
  void theTimelineShowsTheFaultsAndWhatTheClientsDidAboutThem() {
    String out = demo("demo", "--pcap", dir.resolve("demo.pcap").toString());
    for (String expected : List.of(
        "network  partition alice | echo: packets between the two sides are dropped",
        "network  healed: partition alice | echo",
        "echo     CRASH: its tasks stop",
        "echo     restarted with a fresh kernel",
        "alice    connected to echo:7",
        // the README's quick start tells these of the default seed: keep it true
        "no echo within 2 s (SO_RCVTIMEO); reconnecting in 200 ms",
        "socket_read() failed: Connection reset by peer (errno 104); reconnecting in 200 ms",
        "alice    done: 6 round trips",
        "bob      done: 6 round trips",
        "carol    done: 6 round trips",
        "round trips      18 of 18 (alice 6, bob 6, carol 6)",
        "packets written to " + dir.resolve("demo.pcap") + ": open it with `tshark -r ")) {
      assertTrue(out.contains(expected), expected + " in\n" + out);
    }
    // the timeline is in order of virtual time
    double last = -1;
    for (String line : out.lines().filter(l -> l.matches(" *\\d+\\.\\d{6} s .*")).collect(Collectors.toList())) {
      double time = Double.parseDouble(line.strip().split(" ")[0]);
      assertTrue(time >= last, line);
      last = time;
    }
    assertTrue(Pattern.compile("alice    retransmits \\d+ bytes to echo, try 2").matcher(out).find(), out);
    int retransmissions = number(out, "of which (\\d+) retransmissions");
    assertEquals(retransmissions, out.lines().filter(l -> l.contains(" retransmits ")).count(), out);
    int dropped = number(out, "packets dropped  (\\d+)");
    Matcher reasons = Pattern.compile("(\\d+) (loss|partition|crashed host)").matcher(out.substring(out.indexOf("packets dropped")));
    int byReason = 0;
    while (reasons.find()) {
      byReason += Integer.parseInt(reasons.group(1));
    }
    assertEquals(dropped, byReason, out);
  }

  @Test
  void theCaptureDecodesWithTsharkWithTheRetransmissionsTheSummaryCounts() throws Exception {
    String tshark = Tshark.find();
    assumeTrue(tshark != null, "tshark is not installed: the capture's decoding is not checked");
    Path pcap = dir.resolve("demo.pcap");
    String out = demo("demo", "--pcap", pcap.toString());
    List<String> frames = Tshark.run(tshark, pcap);
    assertEquals(number(out, "packets sent     (\\d+)"), frames.size(), String.join("\n", frames));
    assertTrue(frames.stream().anyMatch(f -> f.contains("10.0.0.2 → 10.0.0.1") && f.contains("[SYN]")), frames.get(0));
    List<String> retransmitted = Tshark.run(tshark, pcap, "-Y", "tcp.analysis.retransmission");
    assertEquals(number(out, "of which (\\d+) retransmissions"), retransmitted.size(), String.join("\n", retransmitted));
    assertTrue(Tshark.run(tshark, pcap, "-Y", "tcp.flags.reset == 1").size() >= 1, "the restarted server resets old connections");
  }

  @Test
  void helpNamesEveryOption() {
    String help = demo("demo", "--help");
    for (String option : List.of("--seed", "--pcap", "--os", "Usage: twinsock demo")) {
      assertTrue(help.contains(option), option + " in\n" + help);
    }
    assertTrue(demo("--help").contains("demo"));
  }

  /** Finds and runs tshark, where it is installed. */
  static final class Tshark {
    private Tshark() {}

    static String find() {
      for (String directory : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
        Path candidate = Path.of(directory, "tshark");
        if (Files.isExecutable(candidate)) {
          return candidate.toString();
        }
      }
      return null;
    }

    /** tshark's one line per frame for {@code pcap}, after {@code options}; fails unless tshark exits 0. */
    static List<String> run(String tshark, Path pcap, String... options) throws Exception {
      List<String> command = new java.util.ArrayList<>(List.of(tshark, "-n", "-r", pcap.toString()));
      command.addAll(List.of(options));
      Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "tshark ended");
      assertEquals(0, process.exitValue(), output);
      return output.lines().filter(l -> !l.isBlank()).collect(Collectors.toList());
    }
  }
}
