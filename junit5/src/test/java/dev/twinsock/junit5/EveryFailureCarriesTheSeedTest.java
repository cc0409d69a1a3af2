package dev.twinsock.junit5;

import static dev.twinsock.SocketConstants.AF_INET;
import static dev.twinsock.SocketConstants.SOCK_STREAM;
import static dev.twinsock.SocketConstants.SOCKET_ECONNREFUSED;
import static dev.twinsock.SocketConstants.SOL_TCP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import dev.twinsock.sim.SimHost;
import dev.twinsock.sim.SimNetwork;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whatever a test on a network fails with, its failure carries the seed report: the seed of a
 * failure that cannot be replayed is lost for good in a sweep or a random-seed run.
 */
class EveryFailureCarriesTheSeedTest {
  static final String SEED_42 = "twinsock: seed 42 — replay with @Seed(42) or -Dtwinsock.seed=42\n";
  static Throwable thrown;

  @TempDir
  Path traces;

  /** A connect to a port nobody listens on: ECONNREFUSED, a SocketError. */
  static void refused(SimNetwork net) {
    SimHost client = net.addHost("client", "10.0.0.2");
    net.addHost("server", "10.0.0.1");
    try (Socket socket = client.create(AF_INET, SOCK_STREAM, SOL_TCP)) {
      socket.connect("server", 7);
    }
  }

  @ExtendWith(TwinsockExtension.class)
  static class FailsWithASocketError {
    @Test
    @Seed(42)
    void connects(SimNetwork net) {
      refused(net);
    }
  }

  @ExtendWith(TwinsockExtension.class)
  static class FailsWithAnAssertion {
    @Test
    @Seed(42)
    void echoes(SimNetwork net) {
      Echo.run(net);
      throw new AssertionError("wrong echo");
    }
  }

  @ExtendWith(TwinsockExtension.class)
  static class FailsWithACheckedException {
    @Test
    @Seed(42)
    void echoes(SimNetwork net) throws IOException {
      Echo.run(net);
      throw new IOException("disk full");
    }
  }

  @ExtendWith(TwinsockExtension.class)
  static class FailsInATask {
    @Test
    @Seed(42)
    void connectsInATask(SimNetwork net) {
      SimHost client = net.addHost("client", "10.0.0.2");
      net.addHost("server", "10.0.0.1");
      net.spawn(client, "connect", () -> {
        try (Socket socket = client.create(AF_INET, SOCK_STREAM, SOL_TCP)) {
          socket.connect("server", 7);
        }
      });
      net.run();
    }
  }

  /** A throwable built with suppression disabled, as some libraries build theirs to be cheap. */
  static final class Unsuppressible extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unsuppressible(String message) {
      super(message, null, false, false);
    }
  }

  @ExtendWith(TwinsockExtension.class)
  static class FailsWithAnUnsuppressibleThrowable {
    @Test
    @Seed(42)
    void echoes(SimNetwork net) {
      Echo.run(net);
      thrown = new Unsuppressible("cheap failure");
      throw (Unsuppressible) thrown;
    }
  }

  @ExtendWith(TwinsockExtension.class)
  static class FailsWithASocketErrorInATwinTest {
    @TwinTest
    @Seed(42)
    void connects(dev.twinsock.Sockets sockets, TwinEnvironment env) {
      try (Socket socket = sockets.create(AF_INET, SOCK_STREAM, SOL_TCP)) {
        socket.connect(env.peerAddress(), 1);
      }
    }
  }

  private Throwable failureOf(Class<?> fixture) {
    return Kit.onlyFailure(Kit.run(fixture, "twinsock.traceDir", traces.toString()));
  }

  private static void assertReportOfSeed42(Throwable failure) {
    String report = Kit.report(failure);
    assertTrue(report.startsWith(SEED_42), report);
    assertTrue(report.contains("\n  trace: ") && report.contains("\n  pcap:  "), report);
  }

  @Test
  void aSocketError() {
    Throwable failure = failureOf(FailsWithASocketError.class);
    SocketError error = assertInstanceOf(SocketError.class, failure);
    assertEquals(SOCKET_ECONNREFUSED, error.code());
    assertReportOfSeed42(failure);
  }

  @Test
  void anAssertionError() {
    Throwable failure = failureOf(FailsWithAnAssertion.class);
    assertEquals("wrong echo", assertInstanceOf(AssertionError.class, failure).getMessage());
    assertReportOfSeed42(failure);
  }

  @Test
  void aCheckedException() {
    Throwable failure = failureOf(FailsWithACheckedException.class);
    assertEquals("disk full", assertInstanceOf(IOException.class, failure).getMessage());
    assertReportOfSeed42(failure);
  }

  @Test
  void aTaskFailure() {
    Throwable failure = failureOf(FailsInATask.class);
    assertTrue(failure.getMessage().startsWith("task 'connect' on client failed (seed 42"), failure.getMessage());
    SocketError cause = assertInstanceOf(SocketError.class, failure.getCause());
    assertEquals(SOCKET_ECONNREFUSED, cause.code());
    assertReportOfSeed42(failure);
  }

  @Test
  void aThrowableThatRefusesSuppressedExceptionsArrivesWrappedWithTheReport() {
    Throwable failure = failureOf(FailsWithAnUnsuppressibleThrowable.class);
    assertInstanceOf(AssertionError.class, failure);
    assertSame(thrown, failure.getCause());
    assertEquals(thrown.toString(), failure.getMessage());
    assertReportOfSeed42(failure);
  }

  @Test
  void aSocketErrorInTheSimRunOfATwinTest() {
    var results = Kit.run(FailsWithASocketErrorInATwinTest.class, "twinsock.traceDir", traces.toString());
    results.testEvents().assertStatistics(stats -> stats.failed(2));
    var failures = results.testEvents().failed().stream().collect(java.util.stream.Collectors.toMap(
        event -> event.getTestDescriptor().getDisplayName(),
        event -> event.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
            .getThrowable().orElseThrow()));
    Throwable sim = failures.get("[sim]");
    assertEquals(SOCKET_ECONNREFUSED, assertInstanceOf(SocketError.class, sim).code());
    assertReportOfSeed42(sim);
    assertTrue(Kit.report(sim).contains("connects-42.txt"), Kit.report(sim));
    Throwable os = failures.get("[os]");
    assertEquals(SOCKET_ECONNREFUSED, assertInstanceOf(SocketError.class, os).code());
    assertEquals(0, os.getSuppressed().length, "the real kernel has no seed");
  }
}
