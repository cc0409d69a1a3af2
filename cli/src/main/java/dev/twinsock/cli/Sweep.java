package dev.twinsock.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a scenario over the seeds of one shard of a range on {@code jobs} threads of one JVM. Each
 * seed gets its own network and scenario instance, and networks share nothing, so the outcome of a
 * seed does not depend on which thread ran it or what ran beside it.
 */
final class Sweep {
  private final ScenarioLoader scenario;
  private final SeedRange range;
  private final Shard shard;
  private final boolean swarm;
  private final int jobs;
  private final int stopAfterFailures;
  private final String classpath;

  Sweep(ScenarioLoader scenario, SeedRange range, Shard shard, boolean swarm, int jobs, int stopAfterFailures,
      String classpath) {
    this.scenario = scenario;
    this.range = range;
    this.shard = shard;
    this.swarm = swarm;
    this.jobs = jobs;
    this.stopAfterFailures = stopAfterFailures;
    this.classpath = classpath;
  }

  long size() {
    return range.count(shard);
  }

  SweepReport run(Progress progress) {
    long total = size();
    long start = System.nanoTime();
    AtomicLong next = new AtomicLong();
    AtomicLong ran = new AtomicLong();
    AtomicInteger failed = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    List<SweepReport.Failure> failures = Collections.synchronizedList(new ArrayList<>());
    int threads = (int) Math.max(1, Math.min(jobs, total));
    AtomicInteger names = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads, body -> {
      Thread thread = new Thread(body, "twinsock-sweep-" + names.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(pool.submit(() -> {
          while (!stop.get()) {
            long i = next.getAndIncrement();
            if (i >= total) {
              return;
            }
            long seed = range.seed(shard, i);
            SeedRun.Outcome outcome = SeedRun.run(scenario.create(), seed, swarm, false);
            ran.incrementAndGet();
            if (!outcome.passed()) {
              failures.add(new SweepReport.Failure(seed, outcome.failure(), outcome.faults(), outcome.hash(),
                  Launcher.replay(scenario.className(), seed, swarm, classpath)));
              if (stopAfterFailures > 0 && failed.incrementAndGet() >= stopAfterFailures) {
                stop.set(true);
              }
            }
            progress.seedDone(!outcome.passed());
          }
        }));
      }
      for (Future<?> worker : workers) {
        await(worker);
      }
    } finally {
      pool.shutdownNow();
    }
    progress.finish();
    double seconds = (System.nanoTime() - start) / 1e9;
    return new SweepReport(scenario.className(), range, swarm, shard.n(), List.of(shard.k()), ran.get(),
        ran.get() < total, new ArrayList<>(failures), seconds);
  }

  private static void await(Future<?> worker) {
    try {
      worker.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UsageError("interrupted");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }
}
