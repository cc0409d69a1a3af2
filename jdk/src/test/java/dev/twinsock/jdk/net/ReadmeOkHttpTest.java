package dev.twinsock.jdk.net;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.jdk.HostResolver;
import dev.twinsock.sim.SimHost;
import dev.twinsock.sim.SimNetwork;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** The README's OkHttp example, as written there, compiles and runs; and the README still shows it. */
class ReadmeOkHttpTest {
  @Test
  void theOkHttpExampleRuns() throws Exception {
    SimNetwork net = SimNetwork.builder().seed(42).build();
    SimHost server = net.addHost("server", "10.0.0.1");
    SimHost client = net.addHost("client", "10.0.0.2");
    net.link(server, client).latency(Duration.ofMillis(20)).loss(0.05);
    ServerSocket listener = TwinsockServerSocketFactory.over(server).createServerSocket(80);
    net.spawn(server, "http", () -> answerOnce(listener, "hello"));   // any java.net server
    OkHttpClient http = new OkHttpClient.Builder()
        .socketFactory(TwinsockSocketFactory.over(client))
        .dns(HostResolver.over(client)::lookup)                       // sim names, no DNS
        .fastFallback(false)                                          // connect on this thread
        .build();
    try (Response response = http.newCall(new Request.Builder().url("http://server/").build()).execute()) {
      assertEquals("hello", response.body().string());               // virtual time, lossy link
    }
    http.connectionPool().evictAll();                                 // close from this thread
    net.run();
    net.checkNoOpenSockets();
    net.close();
  }

  /** The example's server: one request, one answer, on a plain java.net ServerSocket. */
  private static void answerOnce(ServerSocket listener, String body) {
    try (listener; Socket connection = listener.accept()) {
      BufferedReader request = new BufferedReader(new InputStreamReader(connection.getInputStream(), US_ASCII));
      for (String line = request.readLine(); line != null && !line.isEmpty(); line = request.readLine()) {
        // the request head; a GET has no body
      }
      connection.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length()
          + "\r\nConnection: close\r\n\r\n" + body).getBytes(US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void theReadmeShowsThisTestsCode() throws IOException {
    Path readme = Path.of("..", "README.md");
    Path source = Path.of("src/test/java/dev/twinsock/jdk/net/ReadmeOkHttpTest.java");
    List<String> example = javaBlockAfter(Files.readAllLines(readme), "### OkHttp");
    assertTrue(example.size() >= 10, "the README's OkHttp example: " + example);
    String code = Files.readString(source);
    for (String line : example) {
      assertTrue(code.contains(line.strip()), "README line not in the test: " + line);
    }
  }

  private static List<String> javaBlockAfter(List<String> lines, String heading) {
    List<String> block = new ArrayList<>();
    boolean inSection = false;
    boolean inBlock = false;
    for (String line : lines) {
      if (line.equals(heading)) {
        inSection = true;
      } else if (inSection && !inBlock && line.startsWith("```java")) {
        inBlock = true;
      } else if (inBlock && line.startsWith("```")) {
        return block;
      } else if (inBlock && !line.isBlank()) {
        block.add(line);
      }
    }
    return block;
  }
}
