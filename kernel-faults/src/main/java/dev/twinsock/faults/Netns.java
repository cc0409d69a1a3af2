package dev.twinsock.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The network namespace this JVM runs in, as a scenario shapes it: loopback up with the two
 * hosts' addresses, an nftables table whose input chain drops what a fault says, a tbf qdisc, and
 * the namespace's own TCP sysctls. Every command runs as a child process, which inherits the
 * namespace: nothing here can reach the machine's own network, because the JVM was started by
 * {@code unshare -n}.
 *
 * <p>Faults are input rules so that a dropped packet is lost as on a wire: an output drop would
 * make the sending call itself fail (EPERM), which no cable does.
 */
final class Netns {
  static final String SERVER = "10.0.0.1";
  static final String CLIENT = "10.0.0.2";
  private static final Pattern HANDLE = Pattern.compile("# handle (\\d+)");

  private Netns() {}

  /**
   * Loopback up with MTU 1500 (so segments are Ethernet-sized, 1448 bytes of payload) and no
   * segmentation offload (one packet per segment, so a dropped packet is one lost segment), the
   * two addresses, and an empty fault table.
   */
  static void setUp() {
    run("ip", "link", "set", "lo", "up");
    run("ip", "link", "set", "lo", "mtu", "1500");
    run("ip", "link", "set", "lo", "gso_max_segs", "1");
    run("ip", "addr", "add", SERVER + "/32", "dev", "lo");
    run("ip", "addr", "add", CLIENT + "/32", "dev", "lo");
    run("nft", "add", "table", "inet", "faults");
    run("nft", "add", "chain", "inet", "faults", "in", "{ type filter hook input priority 0; policy accept; }");
  }

  /** Writes a per-namespace sysctl under /proc/sys/net/ipv4 (e.g. tcp_retries2). */
  static void sysctl(String name, int value) {
    Path file = Path.of("/proc/sys/net/ipv4", name);
    try {
      Files.writeString(file, Integer.toString(value));
    } catch (IOException e) {
      throw new IllegalStateException("cannot set " + file + ": " + e, e);
    }
  }

  /** Drops every packet from {@code from} to {@code to}; returns the rule's handle for {@link #remove}. */
  static int cut(String from, String to) {
    return addRule("ip", "saddr", from, "ip", "daddr", to, "counter", "drop");
  }

  /** Drops {@code percent} % of the packets from {@code from} to {@code to}, drawn per packet. */
  static int loss(String from, String to, int percent) {
    return addRule("ip", "saddr", from, "ip", "daddr", to, "numgen", "random", "mod", "100", "<", Integer.toString(percent),
        "counter", "drop");
  }

  /** Counts, without dropping, the TCP packets from {@code from} to {@code to}. */
  static int count(String from, String to) {
    return addRule("ip", "saddr", from, "ip", "daddr", to, "meta", "l4proto", "tcp", "counter");
  }

  /** Removes a rule: a cut heals, a loss ends. */
  static void remove(int handle) {
    run("nft", "delete", "rule", "inet", "faults", "in", "handle", Integer.toString(handle));
  }

  /** The packets a rule's counter has seen. */
  static long packets(int handle) {
    String table = run("nft", "-a", "list", "chain", "inet", "faults", "in");
    for (String line : table.split("\n")) {
      if (line.endsWith("# handle " + handle)) {
        Matcher m = Pattern.compile("counter packets (\\d+)").matcher(line);
        if (m.find()) {
          return Long.parseLong(m.group(1));
        }
      }
    }
    throw new IllegalStateException("no counter for rule " + handle + " in\n" + table);
  }

  /** A token bucket on loopback: {@code rate} (tc's units, e.g. "2mbit"), burst and queue in bytes. */
  static void tbf(String rate, int burstBytes, int limitBytes) {
    run("tc", "qdisc", "add", "dev", "lo", "root", "tbf", "rate", rate, "burst", Integer.toString(burstBytes), "limit",
        Integer.toString(limitBytes));
  }

  private static int addRule(String... rule) {
    List<String> argv = new ArrayList<>(List.of("nft", "--echo", "--handle", "add", "rule", "inet", "faults", "in"));
    argv.addAll(List.of(rule));
    String echoed = run(argv.toArray(String[]::new));
    Matcher m = HANDLE.matcher(echoed);
    if (!m.find()) {
      throw new IllegalStateException("nft did not echo a handle: " + echoed);
    }
    return Integer.parseInt(m.group(1));
  }

  /** Runs a command to completion; its output, or an exception naming the command and what it said. */
  static String run(String... argv) {
    try {
      Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", argv) + " did not finish");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", argv) + " failed (" + process.exitValue() + "): " + output.strip());
      }
      return output;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + String.join(" ", argv) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + String.join(" ", argv), e);
    }
  }
}
