package dev.twinsock.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bench/compare reads what bench/run --json writes and judges each row's ratio against a tolerance. */
class BenchCompareTest {
  @TempDir Path dir;

  /** A run as bench/run would write it: a ratio row, a lower-is-better ratio row, a sim-only row. */
  private Path run(String name, double simConnects, double simHeap, double ringSimSeconds) throws IOException {
    BenchRun run = new BenchRun(false, dir);
    BenchRun.Row connect = new BenchRun.Row(1, "TCP connect + accept + close", "conn/s", true);
    connect.set("sim", simConnects);
    connect.set("os", 10_000);
    connect.set("jdk", 12_000);
    run.add(connect);
    BenchRun.Row heap = new BenchRun.Row(6, "heap per idle pair, 1,000 pairs", "bytes", false);
    heap.set("sim", simHeap);
    heap.set("os", 3_000);
    run.add(heap);
    BenchRun.Row ring = new BenchRun.Row(7, "ring of 10 hosts", "sim s / wall s", true);
    ring.set("sim", ringSimSeconds);
    run.add(ring);
    // the same scenario and "what" in another unit is another row
    BenchRun.Row messages = new BenchRun.Row(7, "ring of 10 hosts", "sim msgs / wall s", true);
    messages.set("sim", ringSimSeconds * 10_000);
    run.add(messages);
    Path file = dir.resolve(name);
    Files.writeString(file, run.json("twinsock benchmarks — " + name, "2026-12-03 16:00 UTC"), StandardCharsets.UTF_8);
    return file;
  }

  private record Outcome(int code, String out, String err) {}

  private static Outcome compare(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = BenchCompare.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aRunWithinTheToleranceOfItsBaselineReproducesIt() throws IOException {
    Path a = run("a.json", 12_500, 6_000, 4.0);
    Path b = run("b.json", 11_000, 6_600, 4.4);
    Outcome o = compare(a.toString(), b.toString());
    assertEquals(0, o.code(), o.out());
    assertTrue(o.out().contains("| 1 | TCP connect + accept + close | conn/s | 12,500 → 11,000 | 10,000 → 10,000 | 1.25× → 1.10× | -12% | within ±25% |"), o.out());
    assertTrue(o.out().contains("4 of 4 rows compared are within ±25%"), o.out());
  }

  @Test
  void aRowOutsideTheToleranceFailsAndSaysWhichWay() throws IOException {
    Path a = run("a.json", 12_500, 6_000, 4.0);
    // heap doubles (its ratio halves: worse), the ring runs twice as fast (better)
    Path b = run("b.json", 12_500, 12_000, 8.0);
    Outcome o = compare(a.toString(), b.toString());
    assertEquals(1, o.code(), o.out());
    assertTrue(o.out().contains("| 0.500× → 0.250× | -50% | WORSE, beyond the tolerance |"), o.out());
    assertTrue(o.out().contains("| 7 | ring of 10 hosts | sim s / wall s | 4.00 → 8.00 |  |  | +100% | better, beyond the tolerance |"), o.out());
    assertTrue(o.out().contains("| 7 | ring of 10 hosts | sim msgs / wall s | 40,000 → 80,000 |  |  | +100% | better, beyond the tolerance |"), o.out());
    assertEquals(0, compare("--tolerance", "120", a.toString(), b.toString()).code());
  }

  @Test
  void badInputIsAUsageError() throws IOException {
    Path a = run("a.json", 12_500, 6_000, 4.0);
    Path notJson = Files.writeString(dir.resolve("x.json"), "[1, 2");
    assertEquals(2, compare(a.toString()).code());
    assertEquals(2, compare("--tolerance", "-5", a.toString(), a.toString()).code());
    assertEquals(2, compare("--frobnicate", a.toString(), a.toString()).code());
    Outcome missing = compare(a.toString(), dir.resolve("missing.json").toString());
    assertEquals(2, missing.code());
    Outcome broken = compare(a.toString(), notJson.toString());
    assertEquals(2, broken.code());
    assertTrue(broken.err().contains("is not a bench/run --json file"), broken.err());
  }
}
