package dev.twinsock.junit5;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Socket;
import dev.twinsock.os.OsSockets;
import dev.twinsock.sim.SimHost;
import dev.twinsock.sim.SimNetwork;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The README's JUnit 5 example, as written there, compiles and passes: 100 seeds, a replay, the real kernel. */
class ReadmeExampleTest {

  // README: from here
  @ExtendWith(TwinsockExtension.class)
  static class EchoTest {
    @Test
    void echoes(SimNetwork net) {                      // seeded from the test's id: the same on every run
      SimHost server = net.addHost("server", "10.0.0.1");
      SimHost client = net.addHost("client", "10.0.0.2");
      net.link(server, client).latency(Duration.ofMillis(20)).loss(0.1);
      net.spawn(server, "echo", () -> {
        try (Socket listener = server.createListen(7); Socket connection = listener.accept()) {
          connection.write(connection.read(100));
        }
      });
      Socket socket = client.create(AF_INET, SOCK_STREAM, SOL_TCP);   // the test thread drives the network
      socket.connect("server", 7);
      socket.write("ping".getBytes());
      assertEquals("ping", new String(socket.read(100)));
      socket.close();                                  // else the leak check fails the test, naming this line
      net.run();                                       // lets the echo task end
    }

    @SimSeeds(100)                                     // once per seed, each invocation named "seed N"
    void echoesWhateverTheSeed(SimNetwork net) {
      echoes(net);
    }

    @Test
    @Seed(42)                                          // the line a failure tells you to paste
    void replaysSeed42(SimNetwork net) {
      echoes(net);
    }

    @Test
    void echoesOnTheRealKernel(OsSockets os) {         // checked for open sockets, then closed
      Socket listener = os.createListen(0);
      Socket socket = os.create(AF_INET, SOCK_STREAM, SOL_TCP);
      socket.connect("127.0.0.1", listener.getsockname().port());
      Socket connection = listener.accept();
      socket.write("ping".getBytes());
      assertEquals("ping", new String(connection.read(100)));
      connection.close();                               // a socket left open fails the test
      socket.close();
      listener.close();
    }
  }
  // README: to here

  @Test
  void theExamplePassesOnEverySeed() {
    Kit.run(EchoTest.class).testEvents().assertStatistics(stats -> stats.succeeded(103).failed(0));
  }

  @Test
  void theExamplePassesWhenTestMethodsRunInTheirOwnThreadUnderATimeout() {
    // as this build runs its tests: the test body in one thread, lifecycle and extension callbacks in another
    Kit.run(EchoTest.class, "junit.jupiter.execution.timeout.default", "60 s",
        "junit.jupiter.execution.timeout.thread.mode.default", "SEPARATE_THREAD")
        .testEvents().assertStatistics(stats -> stats.succeeded(103).failed(0));
  }

  @Test
  void theReadmeShowsThisCode() throws Exception {
    String source = Files.readString(Path.of("src/test/java/dev/twinsock/junit5/ReadmeExampleTest.java"));
    String region = source.substring(source.indexOf("// README: from here\n") + "// README: from here\n".length(),
        source.indexOf("  // README: to here"));
    String example = region.replaceAll("(?m)^  ", "").replace("static class EchoTest", "class EchoTest");
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    String section = readme.substring(readme.indexOf("\n## JUnit 5\n"));
    section = section.substring(0, section.indexOf("\n## ", 1));
    assertTrue(section.contains(example), "README's JUnit 5 section should show:\n" + example);
  }
}
