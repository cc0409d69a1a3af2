package dev.twinsock.junit5;

import static dev.twinsock.SocketConstants.AF_INET;
import static dev.twinsock.SocketConstants.SOCK_DGRAM;
import static dev.twinsock.SocketConstants.SOL_UDP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Socket;
import dev.twinsock.sim.SimHost;
import dev.twinsock.sim.SimNetwork;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A passing test that leaves a socket open fails, naming where it was created, unless @AllowOpenSockets. */
class LeakTest {
  static int creationLine;
  static Thread waiter;

  @TempDir
  Path traces;

  static Socket leak(SimNetwork net) {
    SimHost host = net.addHost("host", "10.0.0.1");
    creationLine = new Throwable().getStackTrace()[0].getLineNumber() + 1;
    Socket socket = host.create(AF_INET, SOCK_DGRAM, SOL_UDP);
    socket.bind("0.0.0.0", 9);
    return socket;
  }

  @ExtendWith(TwinsockExtension.class)
  static class Leaks {
    @Test
    @Seed(3)
    void leaks(SimNetwork net) {
      leak(net);
    }
  }

  @ExtendWith(TwinsockExtension.class)
  static class AllowedOnTheMethod {
    @Test
    @AllowOpenSockets
    void leaks(SimNetwork net) {
      leak(net);
    }
  }

  @ExtendWith(TwinsockExtension.class)
  @AllowOpenSockets
  static class AllowedOnTheClass {
    @Test
    void leaks(SimNetwork net) {
      leak(net);
    }
  }

  @ExtendWith(TwinsockExtension.class)
  static class LeaksAndFails {
    @Test
    void leaks(SimNetwork net) {
      leak(net);
      throw new AssertionError("the test's own failure");
    }
  }

  @ExtendWith(TwinsockExtension.class)
  static class ClosesInAfterEach {
    Socket socket;

    @Test
    void leaks(SimNetwork net) {
      socket = leak(net);
    }

    @AfterEach
    void close() {
      socket.close();
    }
  }

  @ExtendWith(TwinsockExtension.class)
  static class LeavesATaskWaiting {
    @Test
    @AllowOpenSockets
    void waits(SimNetwork net) {
      SimHost server = net.addHost("server", "10.0.0.1");
      net.spawn(server, "accept forever", () -> {
        waiter = Thread.currentThread();
        server.createListen(7).accept();
      });
      net.runUntil(() -> waiter != null);
    }
  }

  @ExtendWith(TwinsockExtension.class)
  @AllowOpenSockets
  static class AllowedOnTheEnclosingClass {
    @org.junit.jupiter.api.Nested
    class Inner {
      @Test
      void leaks(SimNetwork net) {
        leak(net);
      }
    }
  }

  @Test
  void allowOpenSocketsOnAnEnclosingClassOptsOutItsNestedTests() {
    Kit.run(AllowedOnTheEnclosingClass.class).testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
  }

  @Test
  void aLeakFailsAPassingTestNamingTheLineThatCreatedTheSocket() {
    Throwable failure = Kit.onlyFailure(Kit.run(Leaks.class, "twinsock.traceDir", traces.toString()));
    assertInstanceOf(IllegalStateException.class, failure);
    assertTrue(failure.getMessage().startsWith("expected 0 open sockets, but found 1:"), failure.getMessage());
    assertTrue(failure.getMessage().contains("(LeakTest.java:" + creationLine + ")"), failure.getMessage());
    assertTrue(Kit.report(failure).startsWith("twinsock: seed 3 — replay with @Seed(3) or -Dtwinsock.seed=3\n"),
        Kit.report(failure));
  }

  @Test
  void allowOpenSocketsOnTheMethodOptsOut() {
    Kit.run(AllowedOnTheMethod.class).testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
  }

  @Test
  void allowOpenSocketsOnTheClassOptsOut() {
    Kit.run(AllowedOnTheClass.class).testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
  }

  @Test
  void aFailingTestReportsItsOwnFailureNotTheLeak() {
    Throwable failure = Kit.onlyFailure(Kit.run(LeaksAndFails.class, "twinsock.traceDir", traces.toString()));
    assertEquals("the test's own failure", failure.getMessage());
  }

  @Test
  void socketsClosedByAnAfterEachMethodAreNoLeak() {
    Kit.run(ClosesInAfterEach.class).testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
  }

  @Test
  void theNetworkIsClosedAfterTheTestEndingItsWaitingTasks() throws InterruptedException {
    waiter = null;
    Kit.run(LeavesATaskWaiting.class).testEvents().assertStatistics(stats -> stats.succeeded(1));
    waiter.join(10_000);
    assertFalse(waiter.isAlive(), "the task waiting in accept was ended with the network");
  }
}
