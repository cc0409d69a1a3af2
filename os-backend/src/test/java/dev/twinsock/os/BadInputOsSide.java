package dev.twinsock.os;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The os side of the bad-input battery, run in a child JVM so that a crash ends the child, not the
 * build: {@code BadInputOsSide <directory> <first case>} runs the cases from the first one on, each
 * on a fresh {@link OsSockets}, and prints for each a {@code case} line before it and an {@code
 * outcome} line after it (outcome class, then the kernel sockets and eventfds left open after the
 * process closed). A call still running after {@value #HANG_SECONDS} s is a hang.
 */
final class BadInputOsSide {
  static final int HANG_SECONDS = 5;

  private BadInputOsSide() {}

  public static void main(String[] args) throws Exception {
    String directory = args[0];
    int first = Integer.parseInt(args[1]);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    List<Map.Entry<String, BadInputCases.Call>> cases = new ArrayList<>(BadInputCases.cases().entrySet());
    ExecutorService worker = daemonWorker();
    // what the first socket call opens for good (the native library's own descriptors) is no leak
    worker.submit(() -> {
      try (OsSockets warm = new OsSockets()) {
        warm.create(dev.twinsock.SocketConstants.AF_INET, dev.twinsock.SocketConstants.SOCK_STREAM, 0).close();
      }
      return null;
    }).get();
    for (int i = first; i < cases.size(); i++) {
      String name = cases.get(i).getKey();
      BadInputCases.Call call = cases.get(i).getValue();
      out.println("case\t" + i + "\t" + name);
      int before = openKernelObjects();
      OsSockets sockets = new OsSockets();
      BadInputCases.Fixture fixture = new BadInputCases.Fixture(sockets, directory, i);
      Future<String> running = worker.submit(() -> {
        try {
          return BadInputCases.outcome(name, call.run(fixture), null);
        } catch (Throwable t) {
          return BadInputCases.outcome(name, null, t);
        }
      });
      String outcome;
      try {
        outcome = running.get(HANG_SECONDS, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        out.println("outcome\t" + i + "\thang\t0");
        worker = daemonWorker(); // the hung call keeps its thread; its process is not closed under it
        continue;
      }
      sockets.close();
      out.println("outcome\t" + i + "\t" + outcome + "\t" + (openKernelObjects() - before));
    }
    out.println("done");
  }

  private static ExecutorService daemonWorker() {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "battery");
      t.setDaemon(true);
      return t;
    });
  }

  /** The sockets and eventfds this JVM has open: what a leaked socket of the backend holds. */
  static int openKernelObjects() throws IOException {
    int n = 0;
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:") || target.equals("anon_inode:[eventfd]")) {
            n++;
          }
        } catch (IOException gone) {
          // the listing's own descriptor, closed by now
        }
      }
    }
    return n;
  }
}
