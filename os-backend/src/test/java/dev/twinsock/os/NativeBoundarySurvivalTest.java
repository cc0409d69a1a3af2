package dev.twinsock.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Nothing a caller passes may kill the JVM: every case of {@link NativeBoundaryProbe} (null, empty,
 * over-long and NUL-carrying inputs on each path from the API to libc) runs in a child JVM, which
 * must live to the end, and each case must end as a caller can handle: a return, a {@link
 * dev.twinsock.SocketError} or an {@link IllegalArgumentException} — never a
 * NullPointerException, an Error or a signal.
 */
class NativeBoundarySurvivalTest {

  @Test
  void everyInputThatReachesNativeCodeLeavesTheJvmAlive() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    // a crash report goes to the temporary directory, not into the source tree
    String errorFile = "-XX:ErrorFile=" + Path.of(System.getProperty("java.io.tmpdir"), "twinsock-probe-hs_err_%p.log");
    ProcessBuilder builder = new ProcessBuilder(java.toString(), "-Xmx256m", errorFile, "-cp",
        System.getProperty("java.class.path"), NativeBoundaryProbe.class.getName());
    builder.redirectErrorStream(true);
    Process child = builder.start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        lines.add(line);
      }
    }
    assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the probe did not end");
    String lastCase = lines.stream().filter(l -> l.startsWith("case ")).reduce((a, b) -> b).orElse("none");
    assertEquals(0, child.exitValue(), "the JVM died in " + lastCase + ":\n" + String.join("\n", tail(lines)));
    assertTrue(lines.contains("done"), "the probe stopped in " + lastCase);

    Map<String, String> outcomes = new LinkedHashMap<>();
    for (String line : lines) {
      if (line.startsWith(NativeBoundaryProbe.OUTCOME)) {
        String rest = line.substring(NativeBoundaryProbe.OUTCOME.length());
        int colon = rest.indexOf(": ");
        outcomes.put(rest.substring(0, colon), rest.substring(colon + 2));
      }
    }
    assertEquals(NativeBoundaryProbe.cases().keySet(), outcomes.keySet());
    List<String> unhandled = new ArrayList<>();
    outcomes.forEach((name, outcome) -> {
      if (!outcome.equals("returned") && !outcome.startsWith("SocketError ")
          && !outcome.startsWith("IllegalArgumentException ")) {
        unhandled.add(name + ": " + outcome);
      }
    });
    if (!unhandled.isEmpty()) {
      fail("inputs that ended in neither a return, a SocketError nor an IllegalArgumentException:\n"
          + String.join("\n", unhandled));
    }
  }

  private static List<String> tail(List<String> lines) {
    return lines.subList(Math.max(0, lines.size() - 15), lines.size());
  }
}
