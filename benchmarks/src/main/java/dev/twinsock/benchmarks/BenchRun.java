package dev.twinsock.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The command behind {@code bench/run}: runs the chosen scenarios through JMH, each on the sim,
 * the os backend and plain JDK sockets, and prints one table with the ratios sim/os and os/jdk.
 *
 * <p>Usage: {@code BenchRun [--quick] [--json FILE] [--log DIR] [SCENARIO...]}, scenarios by
 * number (1 to 10); none means all.
 */
public final class BenchRun {
  private static final String FD_LIMIT = "n/a: fd limit";

  /** One row of the table: a measure of one scenario, with a cell per backend. */
  static final class Row {
    final int scenario;
    final String what;
    final String unit;
    final boolean higherIsBetter;
    final Map<String, String> values = new LinkedHashMap<>();
    final Map<String, Double> numbers = new LinkedHashMap<>();

    Row(int scenario, String what, String unit, boolean higherIsBetter) {
      this.scenario = scenario;
      this.what = what;
      this.unit = unit;
      this.higherIsBetter = higherIsBetter;
    }

    void set(String backend, double value) {
      numbers.put(backend, value);
      values.put(backend, format(value));
    }

    /** How many times better {@code a} is than {@code b}: faster, or less heap. */
    String ratio(String a, String b) {
      Double x = numbers.get(a);
      Double y = numbers.get(b);
      if (x == null || y == null || x == 0 || y == 0) {
        return "";
      }
      return times(higherIsBetter ? x / y : y / x);
    }
  }

  private final boolean quick;
  private final Path logDir;
  private final List<Row> rows = new ArrayList<>();

  BenchRun(boolean quick, Path logDir) {
    this.quick = quick;
    this.logDir = logDir;
  }

  public static void main(String[] args) throws IOException {
    boolean quick = false;
    Path json = null;
    Path logDir = Path.of("benchmarks/target/bench");
    List<Integer> scenarios = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick":
          quick = true;
          break;
        case "--json":
          json = Path.of(args[++i]);
          break;
        case "--log":
          logDir = Path.of(args[++i]);
          break;
        default:
          int n = Integer.parseInt(args[i]);
          if (n < 1 || n > 10) {
            throw new IllegalArgumentException("scenarios are 1 to 10: " + args[i]);
          }
          scenarios.add(n);
      }
    }
    if (scenarios.isEmpty()) {
      for (int n = 1; n <= 10; n++) {
        scenarios.add(n);
      }
    }
    Files.createDirectories(logDir);
    BenchRun run = new BenchRun(quick, logDir);
    String started = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
    for (int scenario : scenarios) {
      run.scenario(scenario);
    }
    String header = String.format(Locale.ROOT, "twinsock benchmarks%s — %s %s (%s), %d cores, %s",
        quick ? " (--quick)" : "", System.getProperty("java.vm.name"), System.getProperty("java.version"),
        System.getProperty("java.vendor"), Runtime.getRuntime().availableProcessors(), started);
    run.print(System.out, header);
    if (json != null) {
      Files.writeString(json, run.json(header, started), StandardCharsets.UTF_8);
    }
  }

  private void scenario(int n) {
    int bulkMiB = quick ? 32 : 256;
    int echoKiB = quick ? 64 : 1024;
    switch (n) {
      case 1:
        perBackend(new Row(1, "TCP connect + accept + close", "conn/s", true), "ConnectBenchmark", Map.of(), Result::getScore);
        break;
      case 2:
        perBackend(new Row(2, "1-byte ping-pong, blocking, 2 tasks/threads", "round trips/s", true),
            "BlockingPingPongBenchmark", Map.of(), Result::getScore);
        break;
      case 3:
        perBackend(new Row(3, "1-byte ping-pong, 1 thread, non-blocking + select", "round trips/s", true),
            "SelectPingPongBenchmark", Map.of(), Result::getScore);
        break;
      case 4: {
        double megabytes = bulkMiB * 1024.0 * 1024.0 / 1e6;
        perBackend(new Row(4, "bulk " + bulkMiB + " MiB, 64 KiB writes", "MB/s", true), "BulkTransferBenchmark",
            Map.of("mebibytes", String.valueOf(bulkMiB)), r -> megabytes / (r.getScore() / 1000));
        break;
      }
      case 5:
        perBackend(new Row(5, "UDP 64-byte datagrams", "datagrams/s", true), "UdpBenchmark", Map.of(), Result::getScore);
        break;
      case 6:
        for (int pairs : new int[] {100, 1000, 10000}) {
          Row time = new Row(6, "idle pairs: set-up, " + pairs + " pairs", "µs/pair", false);
          Row heap = new Row(6, "idle pairs: heap after GC, " + pairs + " pairs", "B/pair", false);
          for (String backend : List.of("sim", "os", "jdk")) {
            // the os backend holds two descriptors per socket (the socket, its wake-up eventfd)
            int fdsPerPair = backend.equals("os") ? 4 : 2;
            if (!backend.equals("sim") && pairs * fdsPerPair > 20_000 - 100) {
              time.values.put(backend, FD_LIMIT);
              heap.values.put(backend, FD_LIMIT);
              continue;
            }
            RunResult result = run("IdleConnectionsBenchmark", Map.of("backend", backend, "pairs", String.valueOf(pairs)), 1);
            if (result == null) {
              time.values.put(backend, "failed");
              heap.values.put(backend, "failed");
              continue;
            }
            time.set(backend, result.getPrimaryResult().getScore() * 1000 / pairs);
            heap.set(backend, result.getSecondaryResults().get("heapBytesPerPair").getScore());
          }
          rows.add(time);
          rows.add(heap);
        }
        break;
      case 7:
        for (int hosts : new int[] {10, 100, 1000}) {
          Row messages = new Row(7, "ring of " + hosts + " hosts, 1 ms links", "sim msgs/wall s", true);
          Row seconds = new Row(7, "ring of " + hosts + " hosts, 1 ms links", "sim s/wall s", true);
          RunResult result = run("RingBenchmark", Map.of("hosts", String.valueOf(hosts)), 1);
          if (result == null) {
            messages.values.put("sim", "failed");
          } else {
            messages.set("sim", result.getSecondaryResults().get("messages").getScore());
            seconds.set("sim", result.getSecondaryResults().get("virtualMillis").getScore() / 1000);
          }
          for (Row row : List.of(messages, seconds)) {
            row.values.put("os", "n/a: no 1 ms links");
            row.values.put("jdk", "n/a");
            rows.add(row);
          }
        }
        break;
      case 8:
        perBackend(new Row(8, "100 clients × " + (echoKiB >= 1024 ? echoKiB / 1024 + " MiB" : echoKiB + " KiB")
                + " echo (sim: 1% loss)", "s", false), "EchoBenchmark",
            Map.of("kibibytes", String.valueOf(echoKiB)), r -> r.getScore() / 1000);
        break;
      case 9: {
        Row kept = new Row(9, "seed sweep, default trace, 1 thread", "seeds/s", true);
        Row dropped = new Row(9, "seed sweep, trace events not kept, 1 thread", "seeds/s", true);
        Row twoThreads = new Row(9, "seed sweep, default trace, 2 threads", "seeds/s", true);
        simOnly(kept, "SeedSweepBenchmark", Map.of("keepTraceEvents", "true"), 1);
        simOnly(dropped, "SeedSweepBenchmark", Map.of("keepTraceEvents", "false"), 1);
        simOnly(twoThreads, "SeedSweepBenchmark", Map.of("keepTraceEvents", "true"), 2);
        break;
      }
      case 10:
        // sim and os: the adapters' java.net.Socket on that backend; jdk: the JDK's own on loopback
        perBackend(new Row(10, "1-byte ping-pong, JDK adapters' java.net.Socket", "round trips/s", true),
            "AdapterPingPongBenchmark", Map.of(), Result::getScore);
        break;
      default:
        throw new IllegalArgumentException("no scenario " + n);
    }
  }

  private void perBackend(Row row, String benchmark, Map<String, String> params, ToDoubleFunction<Result<?>> value) {
    for (String backend : List.of("sim", "os", "jdk")) {
      Map<String, String> all = new LinkedHashMap<>(params);
      all.put("backend", backend);
      RunResult result = run(benchmark, all, 1);
      if (result == null) {
        row.values.put(backend, "failed");
      } else {
        row.set(backend, value.applyAsDouble(result.getPrimaryResult()));
      }
    }
    rows.add(row);
  }

  private void simOnly(Row row, String benchmark, Map<String, String> params, int threads) {
    RunResult result = run(benchmark, params, threads);
    if (result == null) {
      row.values.put("sim", "failed");
    } else {
      row.set("sim", result.getPrimaryResult().getScore());
    }
    row.values.put("os", "n/a");
    row.values.put("jdk", "n/a");
    rows.add(row);
  }

  /** Runs one benchmark with fixed parameters in a fork of its own; null (and a log) if it failed. */
  private RunResult run(String benchmark, Map<String, String> params, int threads) {
    String name = benchmark + params.values().stream().reduce("", (a, b) -> a + "-" + b) + "-t" + threads;
    Path log = logDir.resolve(name + ".log");
    System.err.println("bench: " + name);
    ChainedOptionsBuilder options = new OptionsBuilder()
        .include(BenchRun.class.getPackageName() + "\\." + benchmark + "\\.")
        .forks(1)
        .threads(threads)
        .shouldFailOnError(true)
        .output(log.toString());
    if (quick) {
      options.warmupIterations(1).warmupTime(TimeValue.milliseconds(500))
          .measurementIterations(2).measurementTime(TimeValue.milliseconds(500));
    } else if (benchmark.equals("BulkTransferBenchmark") || benchmark.equals("EchoBenchmark")) {
      // one operation takes seconds on the sim: each iteration runs at least one
      options.warmupIterations(1).warmupTime(TimeValue.seconds(1))
          .measurementIterations(2).measurementTime(TimeValue.seconds(1));
    } else {
      // the sim's code takes seconds of JIT before its rate settles
      options.warmupIterations(3).warmupTime(TimeValue.seconds(1))
          .measurementIterations(3).measurementTime(TimeValue.seconds(2));
    }
    for (Map.Entry<String, String> param : params.entrySet()) {
      options.param(param.getKey(), param.getValue());
    }
    try {
      for (RunResult result : new Runner(options.build()).run()) {
        return result;
      }
      System.err.println("bench: " + name + " gave no result; see " + log);
    } catch (RunnerException e) {
      System.err.println("bench: " + name + " failed (" + e.getMessage() + "); see " + log);
    }
    return null;
  }

  private void print(PrintStream out, String header) {
    String[] titles = {"#", "scenario", "unit", "sim", "os", "jdk", "sim/os", "os/jdk"};
    List<String[]> lines = new ArrayList<>();
    for (Row row : rows) {
      lines.add(new String[] {String.valueOf(row.scenario), row.what, row.unit, row.values.getOrDefault("sim", ""),
          row.values.getOrDefault("os", ""), row.values.getOrDefault("jdk", ""), row.ratio("sim", "os"),
          row.ratio("os", "jdk")});
    }
    int[] width = new int[titles.length];
    for (int i = 0; i < titles.length; i++) {
      width[i] = titles[i].length();
      for (String[] line : lines) {
        width[i] = Math.max(width[i], line[i].length());
      }
    }
    out.println(header);
    out.println("ratios: how many times better the first is (faster, or less time or heap)");
    out.println(line(titles, width));
    StringBuilder rule = new StringBuilder("|");
    for (int w : width) {
      rule.append("-".repeat(w + 2)).append('|');
    }
    out.println(rule);
    for (String[] line : lines) {
      out.println(line(line, width));
    }
  }

  private static String line(String[] cells, int[] width) {
    StringBuilder text = new StringBuilder("|");
    for (int i = 0; i < cells.length; i++) {
      boolean number = i >= 3;
      String cell = cells[i];
      String pad = " ".repeat(width[i] - cell.length());
      text.append(' ').append(number ? pad + cell : cell + pad).append(" |");
    }
    return text.toString();
  }

  /** Adds a measured row: for tests of what reads the table. */
  void add(Row row) {
    rows.add(row);
  }

  String json(String header, String date) {
    StringBuilder json = new StringBuilder();
    json.append("{\n  \"title\": ").append(quote(header))
        .append(",\n  \"jvm\": ").append(quote(System.getProperty("java.vm.name") + " " + System.getProperty("java.version")))
        .append(",\n  \"cores\": ").append(Runtime.getRuntime().availableProcessors())
        .append(",\n  \"date\": ").append(quote(date))
        .append(",\n  \"quick\": ").append(quick)
        .append(",\n  \"rows\": [");
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      json.append(i == 0 ? "\n" : ",\n").append("    {\"scenario\": ").append(row.scenario)
          .append(", \"what\": ").append(quote(row.what)).append(", \"unit\": ").append(quote(row.unit))
          .append(", \"higherIsBetter\": ").append(row.higherIsBetter);
      for (String backend : List.of("sim", "os", "jdk")) {
        Double number = row.numbers.get(backend);
        json.append(", \"").append(backend).append("\": ")
            .append(number != null ? String.format(Locale.ROOT, "%.6g", number) : quote(row.values.getOrDefault(backend, "")));
      }
      json.append(", \"simOverOs\": ").append(quote(row.ratio("sim", "os")))
          .append(", \"osOverJdk\": ").append(quote(row.ratio("os", "jdk"))).append('}');
    }
    return json.append("\n  ]\n}\n").toString();
  }

  private static String quote(String text) {
    return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  /** A ratio as the table prints it: "1.25×". */
  static String times(double r) {
    return String.format(Locale.ROOT, r >= 10 ? "%.0f×" : r >= 1 ? "%.2f×" : "%.3f×", r);
  }

  static String format(double value) {
    double magnitude = Math.abs(value);
    if (magnitude >= 100) {
      return String.format(Locale.ROOT, "%,.0f", value);
    }
    if (magnitude >= 1) {
      return String.format(Locale.ROOT, "%.2f", value);
    }
    return String.format(Locale.ROOT, "%.4f", value);
  }
}
