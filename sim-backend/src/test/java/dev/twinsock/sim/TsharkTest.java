package dev.twinsock.sim;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.twinsock.Socket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tshark decodes the pcap of a run: every TCP stream whole, losses as retransmissions. */
class TsharkTest {
  @TempDir
  Path directory;

  private static String tshark;

  @BeforeAll
  static void findTshark() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, "tshark");
      if (Files.isExecutable(candidate)) {
        tshark = candidate.toString();
        return;
      }
    }
  }

  /** Four TCP streams (IPv4 and IPv6 between hosts, one over loopback) and a UDP exchange. */
  private static SimNetwork run(long seed, double loss) {
    SimNetwork net = SimNetwork.builder().seed(seed).build();
    SimHost a = net.addHost("a", "10.0.0.1", "fd00::1");
    SimHost b = net.addHost("b", "10.0.0.2", "fd00::2");
    net.link(a, b).latency(Duration.ofMillis(2)).jitter(Duration.ofMillis(1)).loss(loss);
    byte[] payload = new byte[40_000];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) (i * 7);
    }
    net.spawn(b, "server", () -> {
      Socket v4 = b.createListen(80);
      Socket v6 = b.create(AF_INET6, SOCK_STREAM, SOL_TCP);
      v6.bind("::", 81);
      v6.listen(8);
      for (Socket listener : List.of(v4, v6, v4)) {
        Socket c = listener.accept();
        byte[] chunk;
        while ((chunk = c.read(5000)).length > 0) {
          c.write(chunk);
        }
        c.close();
      }
      v4.close();
      v6.close();
    });
    net.spawn(a, "clients", () -> {
      for (String[] target : new String[][] {{"10.0.0.2", "80", "2"}, {"fd00::2", "81", "10"}, {"b", "80", "2"}}) {
        Socket s = a.create(Integer.parseInt(target[2]), SOCK_STREAM, SOL_TCP);
        s.connect(target[0], Integer.parseInt(target[1]));
        ByteArrayOutputStream echoed = new ByteArrayOutputStream();
        for (int at = 0; at < payload.length; at += 8000) {
          s.write(java.util.Arrays.copyOfRange(payload, at, at + 8000));
          while (echoed.size() < at + 8000) {
            echoed.writeBytes(s.read(65536));
          }
        }
        s.shutdown(1);
        assertEquals(0, s.read(10).length);
        s.close();
        assertArrayEquals(payload, echoed.toByteArray());
      }
      Socket loopListener = a.createListen(90);
      Socket loopClient = a.create(AF_INET, SOCK_STREAM, SOL_TCP);
      loopClient.connect("127.0.0.1", 90);
      Socket loopServer = loopListener.accept();
      loopClient.write("over loopback".getBytes(StandardCharsets.US_ASCII));
      loopServer.read(100);
      loopClient.close();
      loopServer.close();
      loopListener.close();
      Socket udp = a.create(AF_INET, SOCK_DGRAM, SOL_UDP);
      udp.sendto(new byte[] {1, 2, 3}, 3, 0, "10.0.0.2", 9);
      udp.close();
    });
    net.run();
    net.runFor(Duration.ofSeconds(70));
    return net;
  }

  private List<String> decode(SimNetwork net, String filter) throws IOException, InterruptedException {
    Path file = directory.resolve("run.pcap");
    net.trace().writePcap(file);
    Process process = new ProcessBuilder(tshark, "-n", "-r", file.toString(), "-Y", filter)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), out);
    List<String> lines = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (!line.isBlank()) {
        lines.add(line);
      }
    }
    return lines;
  }

  @Test
  void aLosslessRunDecodesWithoutMalformedPacketsOrMissingSegments() throws Exception {
    assumeTrue(tshark != null, "tshark is not installed: the pcap is not checked against Wireshark's dissectors");
    SimNetwork net = run(3, 0);
    assertEquals(List.of(), decode(net, "_ws.malformed || _ws.expert.severity >= error"
        + " || tcp.analysis.lost_segment || tcp.analysis.ack_lost_segment || tcp.analysis.retransmission"
        + " || tcp.analysis.out_of_order || tcp.checksum.status == \"Bad\" || ip.checksum.status == \"Bad\""));
    assertTrue(decode(net, "tcp.stream == 3 && tcp.flags.fin == 1").size() >= 2, "the fourth stream closes both ways");
    assertTrue(decode(net, "tcp.len > 0").size() > 100, "the streams carry data");
  }

  @Test
  void aLossyRunShowsDroppedSegmentsAsRetransmissions() throws Exception {
    assumeTrue(tshark != null, "tshark is not installed: the pcap is not checked against Wireshark's dissectors");
    SimNetwork net = run(4, 0.1);
    assertEquals(List.of(), decode(net, "_ws.malformed || tcp.analysis.lost_segment || tcp.checksum.status == \"Bad\""));
    long drops = net.trace().events().stream().filter(line -> line.contains("drop (loss) ") && line.contains(" tcp ")
        && !line.contains(" len 0")).count();
    assertTrue(drops > 5, "data segments were lost: " + drops);
    assertTrue(decode(net, "tcp.analysis.retransmission").size() >= drops / 2, "lost segments show as retransmissions");
  }
}
