package dev.twinsock.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.sim.SimHost;
import dev.twinsock.sim.SimNetwork;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The differential bad-input battery: every case of {@link BadInputCases} on the kernel (in child
 * JVMs, see {@link BadInputOsSide}) and on a simulated host configured from this machine, each on a
 * fresh process. Both must end each case in the same outcome class; neither may crash, hang or
 * leave a socket open after its process closed. It prints its counts.
 */
class BadInputBatteryTest {

  @Test
  void everyBadCallEndsAlikeOnBothBackendsWithoutACrashAHangOrALeak() throws Exception {
    Path directory = Files.createTempDirectory("twb");
    try {
      List<String> names = new ArrayList<>(BadInputCases.cases().keySet());
      // the kernel's side runs in child JVMs meanwhile: the two sides share nothing but the directory's name
      java.util.concurrent.CompletableFuture<Side> osSide = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        try {
          return runOs(directory.toString(), names.size());
        } catch (Exception e) {
          throw new java.util.concurrent.CompletionException(e);
        }
      });
      Side sim = runSim(directory.toString());
      Side os = osSide.get(10, TimeUnit.MINUTES);
      List<String> differences = new ArrayList<>();
      List<String> known = new ArrayList<>();
      Map<String, Integer> knownUsed = new LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        String o = os.outcomes.get(i);
        String s = sim.outcomes.get(i);
        if (o != null && s != null && !o.equals(s) && !o.equals("crash") && !o.equals("hang") && !s.equals("hang")) {
          String difference = names.get(i) + ": os " + o + ", sim " + s;
          String reason = KnownDifferences.reason(names.get(i));
          if (reason == null) {
            differences.add(difference);
          } else {
            known.add(difference + " (" + reason + ")");
            knownUsed.merge(reason, 1, Integer::sum);
          }
        }
      }
      List<String> stale = new ArrayList<>(KnownDifferences.REASONS.values());
      stale.removeAll(knownUsed.keySet());
      System.out.printf("bad-input battery: %d cases, %d calls on the two backends, %d differences (%d of them known, "
          + "in %d open items), %d crashes, %d hangs, %d leaks%n", names.size(), os.outcomes.size() + sim.outcomes.size(),
          differences.size() + known.size(), known.size(), knownUsed.size(), os.crashes.size(),
          os.hangs.size() + sim.hangs.size(), os.leaks.size() + sim.leaks.size());
      knownUsed.forEach((reason, n) -> System.out.println("  known (" + n + "): " + reason));
      differences.forEach(d -> System.out.println("  differs: " + d));
      os.crashes.forEach(c -> System.out.println("  crash: " + c));
      os.hangs.forEach(c -> System.out.println("  hang (os): " + c));
      sim.hangs.forEach(c -> System.out.println("  hang (sim): " + c));
      os.leaks.forEach(c -> System.out.println("  leak (os): " + c));
      sim.leaks.forEach(c -> System.out.println("  leak (sim): " + c));
      assertEquals(names.size(), os.outcomes.size(), "cases the os side did not report");
      assertEquals(names.size(), sim.outcomes.size(), "cases the sim side did not report");
      assertTrue(os.crashes.isEmpty(), () -> "the JVM died in " + os.crashes);
      assertTrue(os.hangs.isEmpty() && sim.hangs.isEmpty(), () -> "hangs: os " + os.hangs + ", sim " + sim.hangs);
      assertTrue(os.leaks.isEmpty() && sim.leaks.isEmpty(), () -> "leaks: os " + os.leaks + ", sim " + sim.leaks);
      assertTrue(differences.isEmpty(), () -> differences.size() + " differences:\n" + String.join("\n", differences));
      assertTrue(stale.isEmpty(), () -> "known differences that no longer differ, to remove from KnownDifferences: " + stale);
    } finally {
      deleteTree(directory);
    }
  }

  /** What one backend did: an outcome per case index, and the cases that crashed, hung or leaked. */
  private static final class Side {
    final Map<Integer, String> outcomes = new LinkedHashMap<>();
    final List<String> crashes = new ArrayList<>();
    final List<String> hangs = new ArrayList<>();
    final List<String> leaks = new ArrayList<>();
  }

  /** Runs the os side in child JVMs: one that dies is recorded as a crash, and the next starts after its case. */
  private static Side runOs(String directory, int count) throws Exception {
    Side side = new Side();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    String errorFile = "-XX:ErrorFile=" + Path.of(System.getProperty("java.io.tmpdir"), "twinsock-battery-hs_err_%p.log");
    int next = 0;
    while (next < count) {
      ProcessBuilder builder = new ProcessBuilder(java.toString(), "-Xmx256m", errorFile, "-cp",
          System.getProperty("java.class.path"), BadInputOsSide.class.getName(), directory, String.valueOf(next));
      builder.redirectErrorStream(true);
      // a relative AF_UNIX path lands in the battery's directory, never in the source tree
      builder.directory(new java.io.File(directory));
      Process child = builder.start();
      int started = -1;
      String startedName = null;
      boolean done = false;
      try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = out.readLine()) != null; ) {
          String[] f = line.split("\t", -1);
          if (f[0].equals("case") && f.length == 3) {
            started = Integer.parseInt(f[1]);
            startedName = f[2];
          } else if (f[0].equals("outcome") && f.length == 4) {
            int i = Integer.parseInt(f[1]);
            side.outcomes.put(i, f[2]);
            if (f[2].equals("hang")) {
              side.hangs.add(startedName);
            } else if (!f[3].equals("0")) {
              side.leaks.add(startedName + " (" + f[3] + " kernel objects)");
            }
            next = i + 1;
          } else if (line.equals("done")) {
            done = true;
          }
        }
      }
      assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the os side did not end");
      if (done) {
        break;
      }
      if (started < next) {
        throw new AssertionError("the os side ended before its first case (exit " + child.exitValue() + ")");
      }
      side.outcomes.put(started, "crash");
      side.crashes.add(startedName + " (exit " + child.exitValue() + ")");
      next = started + 1;
    }
    return side;
  }

  private static Side runSim(String directory) throws Exception {
    Side side = new Side();
    int hz = timerHz();
    List<Map.Entry<String, BadInputCases.Call>> cases = new ArrayList<>(BadInputCases.cases().entrySet());
    ExecutorService worker = Executors.newSingleThreadExecutor(daemon());
    try {
      for (int i = 0; i < cases.size(); i++) {
        String name = cases.get(i).getKey();
        BadInputCases.Call call = cases.get(i).getValue();
        int index = i;
        Future<String[]> running = worker.submit(() -> runOnSim(directory, hz, index, name, call));
        try {
          String[] result = running.get(BadInputOsSide.HANG_SECONDS, TimeUnit.SECONDS);
          side.outcomes.put(i, result[0]);
          if (result[1] != null) {
            side.leaks.add(name + " (" + result[1] + ")");
          }
        } catch (TimeoutException e) {
          side.outcomes.put(i, "hang");
          side.hangs.add(name);
          worker.shutdownNow();
          worker = Executors.newSingleThreadExecutor(daemon());
        }
      }
    } finally {
      worker.shutdownNow();
    }
    return side;
  }

  /** One case on a fresh simulated host: its outcome, and what it left open after the host closed, or null. */
  private static String[] runOnSim(String directory, int hz, int index, String name, BadInputCases.Call call) {
    SimNetwork network = SimNetwork.builder().seed(1).privileged(Native.POSIX.geteuid() == 0)
        .bufferLimits(sysctl("net/core/rmem_max"), sysctl("net/core/wmem_max"))
        .congestionControl(sysctlText("net/ipv4/tcp_congestion_control"))
        .timerHz(hz)
        .tcpReceiveBufferMax(Integer.parseInt(sysctlText("net/ipv4/tcp_rmem").split("\\s+")[2]))
        .build();
    try {
      SimHost host = network.addHost("battery", "10.0.0.1", "fd00::1").createDirectories(directory);
      String outcome;
      try {
        outcome = BadInputCases.outcome(name, call.run(new BadInputCases.Fixture(host, directory, index)), null);
      } catch (Throwable t) {
        outcome = BadInputCases.outcome(name, null, t);
      }
      host.close();
      String leak = null;
      try {
        network.checkNoOpenSockets();
      } catch (AssertionError | RuntimeException e) {
        leak = e.getMessage();
      }
      return new String[] {outcome, leak};
    } finally {
      network.close();
    }
  }

  /** This kernel's tick: a 1 µs receive timeout reads back as one tick. */
  private static int timerHz() {
    try (OsSockets os = new OsSockets()) {
      dev.twinsock.Socket s = os.create(dev.twinsock.SocketConstants.AF_INET, dev.twinsock.SocketConstants.SOCK_DGRAM, 0);
      s.setOption(dev.twinsock.SocketConstants.SOL_SOCKET, dev.twinsock.SocketConstants.SO_RCVTIMEO, new dev.twinsock.Timeval(0, 1));
      dev.twinsock.Timeval tick = (dev.twinsock.Timeval) s.getOption(dev.twinsock.SocketConstants.SOL_SOCKET,
          dev.twinsock.SocketConstants.SO_RCVTIMEO);
      return (int) (1_000_000 / tick.usec());
    }
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return r -> {
      Thread t = new Thread(r, "battery-sim");
      t.setDaemon(true);
      return t;
    };
  }

  private static int sysctl(String name) {
    return Integer.parseInt(sysctlText(name));
  }

  private static String sysctlText(String name) {
    try {
      // line by line: readString trusts the size procfs reports, and reads a short value
      return Files.readAllLines(Path.of("/proc/sys", name)).get(0).trim();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
