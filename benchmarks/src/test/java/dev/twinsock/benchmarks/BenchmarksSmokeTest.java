package dev.twinsock.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every benchmark once, for a few milliseconds, on small workloads: proof that each one works
 * on each backend. No timing is asserted — these runs measure nothing.
 */
class BenchmarksSmokeTest {

  private static Collection<RunResult> runOnce(String benchmark, String... params) throws RunnerException {
    OptionsBuilder options = new OptionsBuilder();
    options.include(BenchmarksSmokeTest.class.getPackageName() + "\\." + benchmark + "\\.")
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(10))
        .shouldFailOnError(true)
        .verbosity(VerboseMode.SILENT);
    for (int i = 0; i < params.length; i += 2) {
      options.param(params[i], params[i + 1]);
    }
    return new Runner(options.build()).run();
  }

  private static void runsOnEveryBackend(String benchmark, String... params) throws RunnerException {
    Collection<RunResult> results = runOnce(benchmark, params);
    assertEquals(3, results.size(), benchmark + ": one result per backend");
    for (RunResult result : results) {
      assertTrue(result.getPrimaryResult().getSampleCount() > 0, benchmark + " measured nothing");
    }
  }

  @Test
  void connectAcceptClose() throws RunnerException {
    runsOnEveryBackend("ConnectBenchmark");
  }

  @Test
  void blockingPingPong() throws RunnerException {
    runsOnEveryBackend("BlockingPingPongBenchmark");
  }

  @Test
  void adapterPingPong() throws RunnerException {
    runsOnEveryBackend("AdapterPingPongBenchmark");
  }

  @Test
  void selectPingPong() throws RunnerException {
    runsOnEveryBackend("SelectPingPongBenchmark");
  }

  @Test
  void bulkTransfer() throws RunnerException {
    runsOnEveryBackend("BulkTransferBenchmark", "mebibytes", "1");
  }

  @Test
  void udpDatagrams() throws RunnerException {
    runsOnEveryBackend("UdpBenchmark");
  }

  @Test
  void idleConnectionsReportHeapPerPair() throws RunnerException {
    Collection<RunResult> results = runOnce("IdleConnectionsBenchmark", "pairs", "10");
    assertEquals(3, results.size());
    for (RunResult result : results) {
      assertTrue(result.getSecondaryResults().containsKey("heapBytesPerPair"), "no heap per pair");
    }
  }

  @Test
  void ringCountsMessagesAndVirtualTime() throws RunnerException {
    Collection<RunResult> results = runOnce("RingBenchmark", "hosts", "10");
    assertEquals(1, results.size());
    RunResult result = results.iterator().next();
    assertTrue(result.getSecondaryResults().get("virtualMillis").getScore() > 0, "no virtual time ran");
    assertTrue(result.getSecondaryResults().get("messages").getScore() > 0, "no message went round");
  }

  @Test
  void echo() throws RunnerException {
    runsOnEveryBackend("EchoBenchmark", "clients", "2", "kibibytes", "64");
  }

  @Test
  void seedSweep() throws RunnerException {
    assertEquals(2, runOnce("SeedSweepBenchmark").size());
  }
}
