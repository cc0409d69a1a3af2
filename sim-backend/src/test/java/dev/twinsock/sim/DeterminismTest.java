package dev.twinsock.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Socket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Same seed and program, same trace: in one JVM, across JVMs; a different seed, a different run. */
class DeterminismTest {

  @Test
  void theScenarioExercisesLossRetransmissionAndTasks() {
    SimNetwork net = ThreeHostScenario.run(42);
    List<String> events = net.trace().events();
    assertTrue(events.stream().anyMatch(line -> line.contains("drop (loss)")), "packets were lost");
    assertTrue(events.stream().filter(line -> line.contains(" run ")).count() > 50, "tasks switched");
    assertTrue(net.now().toMillis() > 100, "virtual time passed: " + net.now());
  }

  @Test
  void theSameSeedGivesTheSameTraceHash() {
    assertEquals(ThreeHostScenario.hash(42), ThreeHostScenario.hash(42));
  }

  @Test
  void aDifferentSeedWithJitterGivesADifferentTraceHash() {
    assertNotEquals(ThreeHostScenario.hash(42), ThreeHostScenario.hash(43));
  }

  @Test
  void twoFreshJvmsProduceTheSameTraceHash() throws IOException, InterruptedException {
    String expected = ThreeHostScenario.hash(42);
    String first = hashInFreshJvm(42);
    String second = hashInFreshJvm(42);
    assertEquals(expected, first);
    assertEquals(first, second);
  }

  private static String hashInFreshJvm(long seed) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        ThreeHostScenario.class.getName(), Long.toString(seed)));
    // stderr goes to the build log: a JVM may print notices there (JAVA_TOOL_OPTIONS) that are not the hash
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertEquals(0, process.waitFor(), output);
    assertTrue(output.matches("[0-9a-f]{64}"), output);
    return output;
  }

  @Test
  void addingAHostDoesNotChangeWhatAnotherLinkDraws() {
    assertEquals(lossPattern(false), lossPattern(true));
  }

  /** Which of 200 datagrams a lossy link from a to b drops, with or without an unrelated host. */
  private static List<Boolean> lossPattern(boolean extraHost) {
    SimNetwork net = SimNetwork.builder().seed(77).build();
    SimHost a = net.addHost("a", "10.0.0.1");
    if (extraHost) {
      SimHost other = net.addHost("other", "10.0.0.9");
      net.link(a, other).loss(0.5);
    }
    SimHost b = net.addHost("b", "10.0.0.2");
    net.link(a, b).loss(0.3);
    Socket receiver = b.create(dev.twinsock.SocketConstants.AF_INET, dev.twinsock.SocketConstants.SOCK_DGRAM, 0);
    receiver.bind("10.0.0.2", 5000);
    receiver.setNonblock();
    Socket sender = a.create(dev.twinsock.SocketConstants.AF_INET, dev.twinsock.SocketConstants.SOCK_DGRAM, 0);
    List<Boolean> arrived = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      sender.sendto(new byte[] {(byte) i}, 1, 0, "10.0.0.2", 5000);
      net.runFor(Duration.ofMillis(1));
      boolean got;
      try {
        receiver.recv(1, 0);
        got = true;
      } catch (dev.twinsock.SocketError nothing) {
        got = false;
      }
      arrived.add(got);
    }
    assertTrue(arrived.contains(false) && arrived.contains(true));
    return arrived;
  }
}
