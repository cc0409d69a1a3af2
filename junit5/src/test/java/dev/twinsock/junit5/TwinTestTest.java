package dev.twinsock.junit5;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Socket;
import dev.twinsock.Sockets;
import dev.twinsock.os.OsSockets;
import dev.twinsock.sim.SimHost;
import dev.twinsock.sim.SimNetwork;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** One body, run once per backend: [sim] on a host of a seeded network, [os] on the real kernel. */
class TwinTestTest {
  static final List<String> seen = new ArrayList<>();
  static final Map<String, String> unixDirectories = new LinkedHashMap<>();
  static final Map<String, String> hashes = new LinkedHashMap<>();

  @TempDir
  Path traces;

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @ExtendWith(TwinsockExtension.class)
  static class Echoes {
    @TwinTest
    void echoesOverTcpAndAfUnix(Sockets sockets, TwinEnvironment env) {
      seen.add(env.backend() + " " + sockets.getClass().getSimpleName() + " " + env.address() + " "
          + env.peerAddress() + " " + env.network().isPresent());
      assertSame(sockets, env.sockets());

      // TCP: the peer listens, the host connects, single-threaded: the handshake needs no accept
      Socket listener = env.peer().create(AF_INET, SOCK_STREAM, SOL_TCP);
      listener.bind(env.peerAddress(), 0);
      listener.listen(4);
      Socket client = sockets.create(AF_INET, SOCK_STREAM, SOL_TCP);
      client.connect(env.peerAddress(), listener.getsockname().port());
      Socket connection = listener.accept();
      assertEquals(env.address(), connection.getpeername().address());
      client.write(bytes("ping\n"));
      assertEquals("ping\n", new String(connection.read(100, PHP_NORMAL_READ), StandardCharsets.UTF_8));
      connection.close();
      assertEquals(0, client.read(100).length, "EOF after the peer's close");
      client.close();
      listener.close();

      // AF_UNIX in a directory that exists on both
      String path = env.unixPath("echo.sock");
      unixDirectories.put(env.backend(), env.unixDirectory());
      Socket unixListener = sockets.create(AF_UNIX, SOCK_STREAM, 0);
      unixListener.bind(path);
      unixListener.listen(1);
      Socket unixClient = sockets.create(AF_UNIX, SOCK_STREAM, 0);
      unixClient.connect(path);
      Socket unixConnection = unixListener.accept();
      unixClient.write(bytes("hi"));
      assertEquals("hi", new String(unixConnection.read(10), StandardCharsets.UTF_8));
      unixConnection.close();
      unixClient.close();
      unixListener.close();
      env.network().ifPresent(net -> hashes.put("sim", net.trace().hash()));
    }
  }

  @ExtendWith(TwinsockExtension.class)
  static class Leaks {
    @TwinTest
    void leaves(Sockets sockets, TwinEnvironment env) {
      sockets.create(AF_INET, SOCK_DGRAM, SOL_UDP).bind(env.address(), 0);
    }
  }

  @ExtendWith(TwinsockExtension.class)
  static class LeaksOnThePeer {
    @TwinTest
    void leaves(Sockets sockets, TwinEnvironment env) {
      env.peer().create(AF_INET, SOCK_DGRAM, SOL_UDP);
    }
  }

  @ExtendWith(TwinsockExtension.class)
  @AllowOpenSockets
  static class AllowedToLeak {
    @TwinTest
    void leaves(Sockets sockets, TwinEnvironment env) {
      sockets.create(AF_INET, SOCK_DGRAM, SOL_UDP);
    }
  }

  @ExtendWith(TwinsockExtension.class)
  static class TakesTheNetwork {
    @TwinTest
    void takes(Sockets sockets, SimNetwork net, TwinEnvironment env) {
      assertSame(net, env.network().orElseThrow());
      assertSame(sockets, net.hosts().get(0));
    }
  }

  @ExtendWith(TwinsockExtension.class)
  static class LinksTheSimulatedHosts {
    @TwinTest
    @Seed(7)
    void overALink(Sockets sockets, TwinEnvironment env) {
      // the sim's part configured through the environment, the rest the same on both
      env.network().ifPresent(net -> {
        SimHost host = (SimHost) sockets;
        SimHost peer = (SimHost) env.peer();
        net.link(host, peer).latency(Duration.ofMillis(30));
      });
      Socket receiver = env.peer().create(AF_INET, SOCK_DGRAM, SOL_UDP);
      receiver.bind(env.peerAddress(), 0);
      Socket sender = sockets.create(AF_INET, SOCK_DGRAM, SOL_UDP);
      sender.sendto(bytes("one"), 3, 0, env.peerAddress(), receiver.getsockname().port());
      assertEquals("one", new String(receiver.recvfrom(100, 0).data(), StandardCharsets.UTF_8));
      env.network().ifPresent(net -> assertEquals(Duration.ofMillis(30), net.now()));
      sender.close();
      receiver.close();
    }
  }

  @ExtendWith(TwinsockExtension.class)
  static class OneFailure {
    @TwinTest
    void failsOnTheSimOnly(Sockets sockets, TwinEnvironment env) {
      if (env.network().isPresent()) {
        throw new AssertionError("the sim disagrees");
      }
    }
  }

  @ExtendWith(TwinsockExtension.class)
  static class SocketsOutsideATwinTest {
    @Test
    void plain(Sockets sockets) {}
  }

  private static Map<String, Throwable> failuresByName(EngineExecutionResults results) {
    return results.testEvents().failed().stream().collect(Collectors.toMap(
        event -> event.getTestDescriptor().getDisplayName(),
        event -> event.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow()));
  }

  @Test
  void oneBodyRunsAsSimThenOsWithEachBackendsAddresses() {
    seen.clear();
    EngineExecutionResults results = Kit.run(Echoes.class);
    results.testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0));
    assertEquals(List.of("[sim]", "[os]"), Kit.finishedNames(results));
    assertEquals(List.of("sim SimHost 10.0.0.1 10.0.0.2 true", "os OsSockets 127.0.0.1 127.0.0.1 false"), seen);
  }

  @Test
  void theSimRunIsSeededFromTheTestAndReplaysTheSameTrace() {
    hashes.clear();
    Kit.run(Echoes.class);
    String first = hashes.get("sim");
    Kit.run(Echoes.class);
    assertEquals(first, hashes.get("sim"));
  }

  @Test
  void theUnixDirectoryExistsOnBothAndTheRealOneIsDeletedAfterTheTest() {
    unixDirectories.clear();
    Kit.run(Echoes.class).testEvents().assertStatistics(stats -> stats.succeeded(2));
    assertEquals("/tmp/twinsock", unixDirectories.get("sim"));
    Path real = Path.of(unixDirectories.get("os"));
    assertTrue(real.getFileName().toString().startsWith("twinsock-"), real.toString());
    assertFalse(Files.exists(real), "deleted, socket file and all: " + real);
  }

  @Test
  void aLeakFailsBothRunsAndAllowOpenSocketsLetsItPass() {
    Map<String, Throwable> failures = failuresByName(Kit.run(Leaks.class, "twinsock.traceDir", traces.toString()));
    assertEquals(List.of("[os]", "[sim]"), failures.keySet().stream().sorted().collect(Collectors.toList()));
    for (Throwable leak : failures.values()) {
      assertInstanceOf(IllegalStateException.class, leak);
      assertTrue(leak.getMessage().contains("TwinTestTest.java"), leak.getMessage());
    }
    assertTrue(Kit.report(failures.get("[sim]")).startsWith("twinsock: seed "));
    Map<String, Throwable> onThePeer = failuresByName(Kit.run(LeaksOnThePeer.class, "twinsock.traceDir", traces.toString()));
    assertEquals(2, onThePeer.size(), onThePeer.toString());
    Kit.run(AllowedToLeak.class).testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0));
  }

  @Test
  void theSimNetworkIsTheTestsOnTheSimAndRefusedOnTheOs() {
    Map<String, Throwable> failures = failuresByName(Kit.run(TakesTheNetwork.class));
    assertEquals(List.of("[os]"), new ArrayList<>(failures.keySet()), failures.toString());
    assertTrue(failures.get("[os]").getMessage().contains(
        "the [os] run of a @TwinTest has no SimNetwork: take a TwinEnvironment and use its network()"),
        failures.get("[os]").getMessage());
  }

  @Test
  void theSimsLinksAreTheTestsToSetThroughTheEnvironment() {
    Kit.run(LinksTheSimulatedHosts.class).testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0));
  }

  @Test
  void aFailureOnTheSimOnlyFailsTheSimRunWithItsSeed() {
    Map<String, Throwable> failures = failuresByName(Kit.run(OneFailure.class, "twinsock.traceDir", traces.toString()));
    assertEquals(List.of("[sim]"), new ArrayList<>(failures.keySet()));
    assertTrue(Kit.report(failures.get("[sim]")).startsWith("twinsock: seed "), Kit.report(failures.get("[sim]")));
  }

  @Test
  void aSocketsParameterBelongsToATwinTest() {
    Throwable failure = Kit.onlyFailure(Kit.run(SocketsOutsideATwinTest.class));
    assertTrue(failure.getMessage().contains("No ParameterResolver registered for parameter [dev.twinsock.Sockets"),
        failure.getMessage());
  }

  @Test
  void theOsRunIsAnOsSockets() {
    assertEquals(OsSockets.class.getName(), OsBackend.SOCKETS_CLASS);
  }
}
