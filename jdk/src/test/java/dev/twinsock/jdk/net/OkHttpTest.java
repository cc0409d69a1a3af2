package dev.twinsock.jdk.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.jdk.HostResolver;
import dev.twinsock.sim.Partition;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * OkHttp, unmodified, over the adapter: its synchronous calls go out through {@link
 * TwinsockSocketFactory} and {@link HostResolver} to a {@link TinyHttpServer} on a server socket
 * of {@link TwinsockServerSocketFactory}; on a lossy, jittery simulated link and on loopback.
 *
 * <p>What keeps OkHttp inside the simulation: {@code fastFallback(false)} connects on the calling
 * thread (not on OkHttp's own task threads); no call timeout (a real-time watchdog); the read
 * timeout under test is {@code setSoTimeout} on the socket, which runs on the virtual clock, while
 * Okio's real-time watchdog for the same timeout never gets near firing in the milliseconds a call
 * takes; and the pool's connections are closed from the test thread at the end ({@code
 * evictAll}), never by OkHttp's cleaner thread.
 */
class OkHttpTest {
  private static final MediaType BYTES = MediaType.get("application/octet-stream");

  static Stream<NetWorld> worlds() {
    return Stream.of(lossySim(42), new NetWorld.Os());
  }

  static NetWorld.Sim lossySim(long seed) {
    return new NetWorld.Sim(seed, link -> link.latency(Duration.ofMillis(20)).jitter(Duration.ofMillis(5)).loss(0.05));
  }

  private static OkHttpClient client(NetWorld world, Duration readTimeout) {
    return new OkHttpClient.Builder()
        .socketFactory(TwinsockSocketFactory.over(world.clientSockets()))
        .dns(HostResolver.over(world.clientSockets())::lookup)
        .proxy(Proxy.NO_PROXY)
        .fastFallback(false)
        .callTimeout(Duration.ZERO)
        .connectTimeout(Duration.ofSeconds(60))
        .writeTimeout(Duration.ofSeconds(60))
        .readTimeout(readTimeout)
        .build();
  }

  /** A running server and a client, and the order to stop them in. */
  private static final class Session implements AutoCloseable {
    final NetWorld world;
    final ServerSocket listener;
    final OkHttpClient client;
    final String base;

    Session(NetWorld world, Duration readTimeout) throws IOException {
      this.world = world;
      listener = world.server().createServerSocket(0, 50, InetAddress.getByName(world.serverAddress()));
      TinyHttpServer server = new TinyHttpServer(listener, world.connections());
      world.background("http-accept", server::acceptLoop);
      client = client(world, readTimeout);
      base = "http://" + world.serverName() + ":" + listener.getLocalPort();
    }

    Response get(String path) throws IOException {
      return client.newCall(new Request.Builder().url(base + path).build()).execute();
    }

    Response post(String path, byte[] body) throws IOException {
      return client.newCall(new Request.Builder().url(base + path).post(RequestBody.create(body, BYTES)).build()).execute();
    }

    @Override
    public void close() throws Exception {
      // from the test thread: the pool's sockets close here, not on OkHttp's cleaner thread
      client.connectionPool().evictAll();
      client.dispatcher().executorService().shutdown();
      listener.close();
      world.finish();
    }
  }

  /** Twenty GETs and ten POSTs of assorted sizes; every body checked. */
  private static void getsAndPosts(Session http) throws IOException {
    for (int i = 0; i < 20; i++) {
      int size = 1 + (i * 4999) % 30000;
      try (Response response = http.get("/bytes/" + size)) {
        assertEquals(200, response.code());
        assertArrayEquals(TinyHttpServer.pattern(size), response.body().bytes(), "GET /bytes/" + size);
      }
    }
    Random random = new Random(7);
    for (int i = 0; i < 10; i++) {
      byte[] body = new byte[i * 3000];
      random.nextBytes(body);
      try (Response response = http.post("/echo", body)) {
        assertEquals(200, response.code());
        assertArrayEquals(TinyHttpServer.reversed(body), response.body().bytes(), "POST /echo of " + body.length);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("worlds")
  void getsAndPostsCarryEveryBodyIntact(NetWorld world) throws Exception {
    try (world; Session http = new Session(world, Duration.ofSeconds(60))) {
      getsAndPosts(http);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("worlds")
  void aMegabyteBothWaysArrivesIntact(NetWorld world) throws Exception {
    try (world; Session http = new Session(world, Duration.ofSeconds(60))) {
      try (Response response = http.get("/bytes/1000000")) {
        assertArrayEquals(TinyHttpServer.pattern(1_000_000), response.body().bytes());
      }
      byte[] body = TinyHttpServer.pattern(999_999);
      try (Response response = http.post("/echo", body)) {
        assertArrayEquals(TinyHttpServer.reversed(body), response.body().bytes());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("worlds")
  void okHttpsReadTimeoutFiresWhenTheServerNeverAnswers(NetWorld world) throws Exception {
    try (world; Session http = new Session(world, Duration.ofMillis(1500))) {
      try (Response response = http.get("/first")) {
        assertEquals("hello /first", response.body().string());
      }
      assertThrows(SocketTimeoutException.class, () -> http.get("/stall").close());
    }
  }

  @Test
  void aPartitionTimesOkHttpOutOnTheVirtualClock() throws Exception {
    NetWorld.Sim sim = lossySim(3);
    // twenty virtual seconds pass in milliseconds of real time: far from Okio's real-time watchdog
    try (sim; Session http = new Session(sim, Duration.ofSeconds(20))) {
      try (Response response = http.get("/before")) {
        assertEquals("hello /before", response.body().string());
      }
      Partition partition = sim.net.partition(Set.of(sim.clientHost), Set.of(sim.serverHost));
      Duration cut = sim.net.now();
      SocketTimeoutException timeout = assertThrows(SocketTimeoutException.class, () -> http.get("/during").close());
      Duration waited = sim.net.now().minus(cut);
      assertEquals("Read timed out", timeout.getMessage(), "the socket's timeout, not Okio's real-time watchdog");
      assertTrue(waited.compareTo(Duration.ofSeconds(20)) >= 0 && waited.compareTo(Duration.ofSeconds(21)) < 0,
          "twenty virtual seconds, then the timeout: " + waited);
      partition.close();
      try (Response response = http.get("/after")) {
        assertEquals("hello /after", response.body().string());
      }
    }
  }

  /** The whole exchange twice from one seed: the same packets at the same virtual times. */
  @Test
  void theSameSeedGivesTheSameTrace() throws Exception {
    String first = traceOfGetsAndPosts(11);
    assertEquals(first, traceOfGetsAndPosts(11));
  }

  private static String traceOfGetsAndPosts(long seed) throws Exception {
    NetWorld.Sim sim = lossySim(seed);
    try (sim) {
      try (Session http = new Session(sim, Duration.ofSeconds(60))) {
        getsAndPosts(http);
      }
      assertTrue(sim.net.trace().events().stream().anyMatch(event -> event.contains("drop (loss)")),
          "the link lost packets on the way");
      return sim.net.trace().hash();
    }
  }
}
