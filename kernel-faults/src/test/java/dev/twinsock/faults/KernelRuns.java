package dev.twinsock.faults;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The kernel's side of every scenario: each {@link NetnsScenario} runs once per test JVM, in a
 * child JVM that {@code unshare -n} puts in a fresh network namespace, two at a time (the
 * scenarios are mostly waiting for the kernel's timers, and two keep the whole set to about half
 * a minute without crowding the timings of a 2-core machine). A test that needs a machine without
 * namespaces, nft or tc is skipped with the reason, never failed.
 */
final class KernelRuns {
  private static final long CHILD_TIMEOUT_SECONDS = 60;
  private static final String UNAVAILABLE = probe();
  private static final Map<String, Future<Observations>> RUNS = new LinkedHashMap<>();
  private static final ExecutorService POOL = Executors.newFixedThreadPool(2, r -> {
    Thread t = new Thread(r, "kernel scenario");
    t.setDaemon(true);
    return t;
  });

  static {
    if (UNAVAILABLE == null) {
      // the longest first, so that the pool ends at about the same time on both threads
      for (String name : List.of("established-cut", "ack-cut", "keepalive-idle-alive", "syn-cut-nonblocking",
          "syn-cut-syncnt", "synack-cut", "keepalive-dead-peer", "syn-cut-heals", "bandwidth", "user-timeout",
          "cut-heals", "loss", "nagle-request-reply", "reply-in-two-writes", "quickack-request-reply",
          "nodelay-request-reply", "cork", "msg-more", "fin-ack-delay")) {
        RUNS.put(name, POOL.submit(() -> runChild(name)));
      }
      POOL.shutdown();
    }
  }

  private KernelRuns() {}

  /** The kernel's observations of a scenario; skips the calling test where the kernel cannot be asked. */
  static Observations of(String scenario) {
    assumeTrue(UNAVAILABLE == null, () -> "kernel half skipped (the sim half ran): " + UNAVAILABLE);
    Future<Observations> run = RUNS.get(scenario);
    if (run == null) {
      throw new IllegalArgumentException("no kernel scenario " + scenario);
    }
    try {
      Observations o = run.get(CHILD_TIMEOUT_SECONDS * 2, TimeUnit.SECONDS);
      assumeTrue(o != null, () -> "kernel half skipped: the namespace could not be shaped for " + scenario);
      System.out.println(scenario + ": " + o); // the figures docs/semantics.md's table quotes
      return o;
    } catch (ExecutionException e) {
      throw new AssertionError("the kernel scenario " + scenario + " failed: " + e.getCause().getMessage(), e.getCause());
    } catch (Exception e) {
      throw new AssertionError("the kernel scenario " + scenario + " did not finish: " + e, e);
    }
  }

  /** Null where namespaces, nft and tc all work; else why not. */
  private static String probe() {
    if (!System.getProperty("os.name", "").equals("Linux")) {
      return "network namespaces need Linux";
    }
    try {
      Process p = new ProcessBuilder("unshare", "-n", "sh", "-c",
          "ip link set lo up && nft add table inet probe && tc qdisc show dev lo").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "unshare -n did not finish";
      }
      return p.exitValue() == 0 ? null
          : "a fresh network namespace with nft and tc is not available here (unshare -n, ip, nft, tc as root): " + out;
    } catch (IOException e) {
      return "unshare, ip, nft or tc cannot be run: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while probing for network namespaces";
    }
  }

  /** The child's observations, or null if it could not shape its namespace (exit status 2). */
  private static Observations runChild(String scenario) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // niced up (as root; elsewhere nice says it cannot and runs the child as it is), so that on a
    // busy machine the child is woken near the kernel timer that wakes it
    List<String> argv = new ArrayList<>(List.of("nice", "-n", "-10", "unshare", "-n", "--", java, "-XX:+UseSerialGC", "-Xshare:auto",
        "-cp", System.getProperty("java.class.path"), NetnsScenario.class.getName(), scenario));
    Process child = new ProcessBuilder(argv).redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    Thread reader = new Thread(() -> {
      try {
        lines.addAll(List.of(new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")));
      } catch (IOException ignored) {
        // the child died; its exit status says so
      }
    });
    reader.start();
    if (!child.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      child.destroyForcibly();
      reader.join(1000);
      throw new IllegalStateException(scenario + " ran longer than " + CHILD_TIMEOUT_SECONDS + " s: " + lines);
    }
    reader.join();
    if (child.exitValue() == 2) {
      return null;
    }
    if (child.exitValue() != 0 || !lines.contains("@obs done true")) {
      throw new IllegalStateException(scenario + " exited with " + child.exitValue() + ":\n" + String.join("\n", lines));
    }
    return Observations.parse("kernel", lines);
  }
}
