package dev.twinsock.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * What a sweep found, as written by {@code --json}: the scenario, the seed range, which shards of
 * how many it covers, how many seeds ran and passed, and every failing seed with its failure, fault
 * plan, trace hash and replay command. Reports of the shards of one sweep {@link #merge} into the
 * report the unsharded sweep writes; only {@code wallSeconds} (how long it took) may differ.
 */
record SweepReport(
    String scenario,
    SeedRange seeds,
    boolean swarm,
    int shardCount,
    List<Integer> shards,
    long seedsRun,
    boolean stopped,
    List<Failure> failures,
    double wallSeconds) {
  static final String FORMAT = "twinsock-sweep/1";

  SweepReport {
    shards = List.copyOf(new TreeSet<>(shards));
    failures = failures.stream().sorted(Comparator.comparingLong(Failure::seed)).toList();
  }

  /** One failing seed. */
  record Failure(long seed, String failure, String faults, String hash, String replay) {}

  long passed() {
    return seedsRun - failures.size();
  }

  /** Whether the two reports found the same, whatever the time each took. */
  boolean sameResults(SweepReport other) {
    return withWallSeconds(0).equals(other.withWallSeconds(0));
  }

  SweepReport withWallSeconds(double seconds) {
    return new SweepReport(scenario, seeds, swarm, shardCount, shards, seedsRun, stopped, failures, seconds);
  }

  boolean complete() {
    return shards.size() == shardCount && !stopped;
  }

  /**
   * The reports of shards of one sweep as one report. They must agree on the scenario, range, swarm
   * and shard count, and no shard may come twice; when every shard is there, the result is the
   * report of the whole range (shard 1/1).
   */
  static SweepReport merge(List<SweepReport> reports) {
    if (reports.isEmpty()) {
      throw new UsageError("nothing to merge: name at least one report");
    }
    SweepReport first = reports.get(0);
    TreeSet<Integer> shards = new TreeSet<>();
    List<Failure> failures = new ArrayList<>();
    long seedsRun = 0;
    boolean stopped = false;
    double wall = 0;
    for (SweepReport r : reports) {
      if (!r.scenario.equals(first.scenario) || !r.seeds.equals(first.seeds) || r.swarm != first.swarm
          || r.shardCount != first.shardCount) {
        throw new UsageError("these reports are of different sweeps: " + first.describe() + " and " + r.describe());
      }
      for (int shard : r.shards) {
        if (!shards.add(shard)) {
          throw new UsageError("shard " + shard + "/" + r.shardCount + " comes twice");
        }
      }
      failures.addAll(r.failures);
      seedsRun += r.seedsRun;
      stopped |= r.stopped;
      wall = Math.max(wall, r.wallSeconds);
    }
    boolean whole = shards.size() == first.shardCount;
    return new SweepReport(first.scenario, first.seeds, first.swarm, whole ? 1 : first.shardCount,
        whole ? List.of(1) : new ArrayList<>(shards), seedsRun, stopped, failures, wall);
  }

  /** "scenario X, seeds 1..100, shard 2/4" and so on. */
  String describe() {
    StringBuilder text = new StringBuilder(scenario).append(", seeds ").append(seeds);
    if (swarm) {
      text.append(", swarm");
    }
    if (shardCount > 1) {
      text.append(shards.size() == 1 ? ", shard " : ", shards ");
      for (int i = 0; i < shards.size(); i++) {
        text.append(i == 0 ? "" : ",").append(shards.get(i));
      }
      text.append('/').append(shardCount);
    }
    return text.toString();
  }

  String toJson() {
    StringBuilder out = new StringBuilder("{\n");
    out.append("  \"format\": ").append(Json.quote(FORMAT)).append(",\n");
    out.append("  \"scenario\": ").append(Json.quote(scenario)).append(",\n");
    out.append("  \"seeds\": ").append(Json.quote(seeds.toString())).append(",\n");
    out.append("  \"swarm\": ").append(swarm).append(",\n");
    out.append("  \"shardCount\": ").append(shardCount).append(",\n");
    out.append("  \"shards\": ").append(shards).append(",\n");
    out.append("  \"seedsRun\": ").append(seedsRun).append(",\n");
    out.append("  \"passed\": ").append(passed()).append(",\n");
    out.append("  \"failed\": ").append(failures.size()).append(",\n");
    out.append("  \"stopped\": ").append(stopped).append(",\n");
    out.append("  \"wallSeconds\": ").append(String.format(Locale.ROOT, "%.3f", wallSeconds)).append(",\n");
    out.append("  \"failures\": [");
    for (int i = 0; i < failures.size(); i++) {
      Failure f = failures.get(i);
      out.append(i == 0 ? "\n" : ",\n");
      out.append("    {\"seed\": ").append(f.seed).append(", \"failure\": ").append(Json.quote(f.failure))
          .append(", \"faults\": ").append(Json.quote(f.faults)).append(", \"hash\": ").append(Json.quote(f.hash))
          .append(", \"replay\": ").append(Json.quote(f.replay)).append('}');
    }
    out.append(failures.isEmpty() ? "]\n" : "\n  ]\n");
    return out.append("}\n").toString();
  }

  void write(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, toJson(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UsageError("cannot write " + file + ": " + e.getMessage());
    }
  }

  static SweepReport read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new UsageError("no such file: " + file);
    } catch (IOException e) {
      throw new UsageError("cannot read " + file + ": " + e.getMessage());
    }
    try {
      return fromJson(Json.parse(text));
    } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
      throw new UsageError(file + " is not a twinsock sweep report: " + e.getMessage());
    }
  }

  @SuppressWarnings("unchecked")
  private static SweepReport fromJson(Object value) {
    Map<String, Object> map = (Map<String, Object>) value;
    if (!FORMAT.equals(map.get("format"))) {
      throw new IllegalArgumentException("its format is " + map.get("format") + ", not " + FORMAT);
    }
    List<Integer> shards = new ArrayList<>();
    for (Object shard : (List<Object>) map.get("shards")) {
      shards.add(((Long) shard).intValue());
    }
    List<Failure> failures = new ArrayList<>();
    for (Object item : (List<Object>) map.get("failures")) {
      Map<String, Object> f = (Map<String, Object>) item;
      failures.add(new Failure((Long) f.get("seed"), (String) f.get("failure"), (String) f.get("faults"),
          (String) f.get("hash"), (String) f.get("replay")));
    }
    Object wall = map.get("wallSeconds");
    return new SweepReport((String) map.get("scenario"), SeedRange.parse((String) map.get("seeds")),
        (Boolean) map.get("swarm"), ((Long) map.get("shardCount")).intValue(), shards, (Long) map.get("seedsRun"),
        (Boolean) map.get("stopped"), failures, wall instanceof Number n ? n.doubleValue() : 0);
  }
}
