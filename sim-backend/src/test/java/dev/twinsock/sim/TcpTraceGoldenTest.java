package dev.twinsock.sim;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinsock.Linger;
import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins the full trace of varied TCP scenarios to literal hashes, to guard refactorings of the TCP
 * model that must not change behaviour: the same seed has to give the same trace, byte for byte.
 * Each scenario pins {@link SimTrace#hash()} and the SHA-256 of {@link SimTrace#toText()} with
 * every event kept. Literal hashes are right only here, as a refactoring guard: when the model's
 * behaviour changes on purpose, these values change legitimately, and are recorded again from the
 * failure message after checking that the change is the intended one.
 */
class TcpTraceGoldenTest {

  static Stream<Arguments> scenarios() {
    return Stream.of(
        Arguments.of("echoOverAFaultyLink",
            "1cd9c53f16b3fad6e8ef20fbbaedc24b7a5ec51b13a44dcfe77388c20643acf4",
            "00e9b1ac37faafdf520dc26d67c76cc1ec97ac9783af9d8460ccecfa04c7c400"),
        Arguments.of("partitionThenHeal",
            "55a08ebf3825f825ec2d141f1cd33f7b8f65bd8b669669719d1b26c44f213b99",
            "4111051e9f443633ddaf3069fab8324de9589740c231d006a1754acb9118c373"),
        Arguments.of("crashAndRestart",
            "5f364d85f7913f42b54d7bee96da222098de6d8cc3009519fab266283f20b30a",
            "fc9e1d4114125222fe81cc912382d69fd8dfed921f348275857788a8e479fc4b"),
        Arguments.of("halfClose",
            "3ce59c8a818b5c40b98873b22a1d93cacee4f4c6d27d308bf2434a2564bf28b4",
            "d664990d5baa1df343ed7ee4a4e92cc7e4501dba50d3909f68421a9a5e45e79c"),
        Arguments.of("closeWithUnreadDataResets",
            "3088224a322354c86f2de832d32068a7d420dcb9d848fb713e1c4c6e1b306107",
            "700e14d646b6bff3ee68b36ef58610b0fc711c2a6c308bb1c39c946810e575d6"),
        Arguments.of("lingerZeroResets",
            "2d49afafe3b5dab03c6bea67abeb5db8548822de7c3e96c5a27ddccadbbde2ab",
            "9fa9fa3835f00e3df1d682633dee1e641a88c876de8bf5209e0a2a16a1bdd6ef"),
        Arguments.of("backlogOverflow",
            "1a2698a5f5c01a9e1830645fa8a2e66f674590f3a5f71a99d0e2eb2804c22a5f",
            "600e573d1bb072e61691e64ccde89c90ce5e3accc2c6acac1e93379886a2d080"),
        Arguments.of("bulkTransferWithPartialWrites",
            "299d667271988abeec76563f21fbc16bbbe3394f373c654b3f5c85aa8277af5c",
            "54ae54bc6116c81d5ac5fa563104e239c2dc04f11c81c95de421674d3c5bb3bf"),
        Arguments.of("keepaliveProbesADeadPeer",
            "9b32ae77a8b4db1a3fc4f68d6e4b5881a115c47d1b1c2284cc2f042d71478f6c",
            "809465d302a5af405f0fb8ba5e9100a6149170873353e369dc7ec6aa7ab88f2b"),
        Arguments.of("synRetriesToTimeout",
            "ccbb06bc3c021e2b11c4e627c9ff2359e5d6f6dc802afdaecb88088ae3e11e9b",
            "1ed16fbdf6743c2a723570fa93c9f5a6413dd56154e2a695cbbdda66975cbe1b"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void theTraceIsUnchanged(String scenario, String hash, String textSha) {
    SimNetwork net = scenario(scenario).apply(network());
    String actualHash = net.trace().hash();
    String actualText = sha256(net.trace().toText());
    assertEquals(hash + " " + textSha, actualHash + " " + actualText, scenario);
  }

  private static SimNetwork network() {
    return SimNetwork.builder().seed(1234).traceCapacity(Integer.MAX_VALUE).build();
  }

  private static Function<SimNetwork, SimNetwork> scenario(String name) {
    switch (name) {
      case "echoOverAFaultyLink": return TcpTraceGoldenTest::echoOverAFaultyLink;
      case "partitionThenHeal": return TcpTraceGoldenTest::partitionThenHeal;
      case "crashAndRestart": return TcpTraceGoldenTest::crashAndRestart;
      case "halfClose": return TcpTraceGoldenTest::halfClose;
      case "closeWithUnreadDataResets": return TcpTraceGoldenTest::closeWithUnreadDataResets;
      case "lingerZeroResets": return TcpTraceGoldenTest::lingerZeroResets;
      case "backlogOverflow": return TcpTraceGoldenTest::backlogOverflow;
      case "bulkTransferWithPartialWrites": return TcpTraceGoldenTest::bulkTransferWithPartialWrites;
      case "keepaliveProbesADeadPeer": return TcpTraceGoldenTest::keepaliveProbesADeadPeer;
      case "synRetriesToTimeout": return TcpTraceGoldenTest::synRetriesToTimeout;
      default: throw new IllegalArgumentException(name);
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException impossible) {
      throw new AssertionError(impossible);
    }
  }

  /** A TCP echo of 30 lines over a link that loses, duplicates and reorders. */
  private static SimNetwork echoOverAFaultyLink(SimNetwork net) {
    SimHost server = net.addHost("server", "10.0.0.1");
    SimHost client = net.addHost("client", "10.0.0.2");
    net.link(server, client).latency(Duration.ofMillis(10)).jitter(Duration.ofMillis(6))
        .loss(0.1).duplication(0.1).reorder(0.2);
    net.spawn(server, "echo", () -> {
      Socket listener = server.createListen(7);
      Socket connection = listener.accept();
      byte[] chunk;
      while ((chunk = connection.read(1000)).length > 0) {
        connection.write(chunk);
      }
      connection.close();
      listener.close();
    });
    net.spawn(client, "talk", () -> {
      Socket socket = client.create(AF_INET, SOCK_STREAM, SOL_TCP);
      socket.connect("10.0.0.1", 7);
      for (int i = 0; i < 30; i++) {
        byte[] line = ("line " + i + "\n").getBytes(StandardCharsets.US_ASCII);
        socket.write(line);
        int got = 0;
        while (got < line.length) {
          got += socket.read(line.length - got).length;
        }
      }
      socket.close();
    });
    net.run();
    return net;
  }

  private static Socket[] pair(SimNetwork net, SimHost server, SimHost client) {
    Socket listener = server.createListen(7);
    Socket socket = client.create(AF_INET, SOCK_STREAM, SOL_TCP);
    socket.connect("10.0.0.1", 7);
    Socket accepted = listener.accept();
    return new Socket[] {listener, socket, accepted};
  }

  /** Data sent across a partition is retransmitted and arrives once it heals. */
  private static SimNetwork partitionThenHeal(SimNetwork net) {
    SimHost server = net.addHost("server", "10.0.0.1");
    SimHost client = net.addHost("client", "10.0.0.2");
    net.link(server, client).latency(Duration.ofMillis(5));
    Socket[] p = pair(net, server, client);
    Partition cut = net.partition(Set.of(client), Set.of(server));
    p[1].write(new byte[3000]);
    net.runFor(Duration.ofSeconds(5));
    cut.close();
    int got = 0;
    while (got < 3000) {
      got += p[2].read(3000 - got).length;
    }
    p[1].close();
    p[2].close();
    p[0].close();
    net.runFor(Duration.ofSeconds(120));
    return net;
  }

  /** The server crashes mid-connection and restarts; the client's next segments meet RSTs. */
  private static SimNetwork crashAndRestart(SimNetwork net) {
    SimHost server = net.addHost("server", "10.0.0.1");
    SimHost client = net.addHost("client", "10.0.0.2");
    net.link(server, client).latency(Duration.ofMillis(5));
    Socket[] p = pair(net, server, client);
    p[1].write(new byte[] {1, 2, 3});
    p[2].read(3);
    server.crash();
    p[1].write(new byte[] {4});
    net.runFor(Duration.ofSeconds(1));
    server.restart();
    try {
      p[1].write(new byte[] {5});
      p[1].read(10);
    } catch (SocketError expected) {
      // reset by the restarted host
    }
    p[1].close();
    net.runFor(Duration.ofSeconds(200));
    return net;
  }

  /** shutdown(SHUT_WR) one way while data still flows the other way. */
  private static SimNetwork halfClose(SimNetwork net) {
    SimHost server = net.addHost("server", "10.0.0.1");
    SimHost client = net.addHost("client", "10.0.0.2");
    net.link(server, client).latency(Duration.ofMillis(3));
    Socket[] p = pair(net, server, client);
    p[1].write(new byte[] {1, 2});
    p[1].shutdown(1);
    p[2].read(10);
    p[2].read(10);
    p[2].write(new byte[] {3, 4, 5});
    p[1].read(10);
    p[2].close();
    p[1].read(10);
    p[1].close();
    p[0].close();
    net.runFor(Duration.ofSeconds(70));
    return net;
  }

  /** Closing with unread bytes sends RST, and the peer's reads fail. */
  private static SimNetwork closeWithUnreadDataResets(SimNetwork net) {
    SimHost server = net.addHost("server", "10.0.0.1");
    SimHost client = net.addHost("client", "10.0.0.2");
    net.link(server, client).latency(Duration.ofMillis(2));
    Socket[] p = pair(net, server, client);
    p[1].write(new byte[] {9, 9, 9});
    net.runFor(Duration.ofMillis(50));
    p[2].close();
    net.runFor(Duration.ofMillis(50));
    try {
      p[1].read(10);
    } catch (SocketError expected) {
      // ECONNRESET
    }
    p[1].close();
    p[0].close();
    net.runFor(Duration.ofSeconds(1));
    return net;
  }

  /** SO_LINGER {1, 0}: close aborts with RST instead of a FIN. */
  private static SimNetwork lingerZeroResets(SimNetwork net) {
    SimHost server = net.addHost("server", "10.0.0.1");
    SimHost client = net.addHost("client", "10.0.0.2");
    net.link(server, client).latency(Duration.ofMillis(2));
    Socket[] p = pair(net, server, client);
    p[1].write(new byte[] {1});
    p[2].read(1);
    p[1].setOption(SOL_SOCKET, SO_LINGER, new Linger(1, 0));
    p[1].close();
    net.runFor(Duration.ofMillis(50));
    try {
      p[2].write(new byte[] {2});
    } catch (SocketError expected) {
      // EPIPE or ECONNRESET
    }
    p[2].close();
    p[0].close();
    net.runFor(Duration.ofSeconds(1));
    return net;
  }

  /** More connects than a backlog of 1 holds: the extra SYNs are dropped and retried. */
  private static SimNetwork backlogOverflow(SimNetwork net) {
    SimHost server = net.addHost("server", "10.0.0.1");
    SimHost client = net.addHost("client", "10.0.0.2");
    net.link(server, client).latency(Duration.ofMillis(2));
    Socket listener = server.createListen(7, 1);
    Socket[] clients = new Socket[4];
    for (int i = 0; i < clients.length; i++) {
      clients[i] = client.create(AF_INET, SOCK_STREAM, SOL_TCP);
      clients[i].setNonblock();
      try {
        clients[i].connect("10.0.0.1", 7);
      } catch (SocketError inProgress) {
        // EINPROGRESS
      }
    }
    net.runFor(Duration.ofSeconds(3));
    listener.setNonblock();
    for (int i = 0; i < clients.length; i++) {
      try {
        listener.accept().close();
      } catch (SocketError empty) {
        // EAGAIN
      }
      net.runFor(Duration.ofSeconds(2));
    }
    for (Socket socket : clients) {
      socket.close();
    }
    listener.close();
    net.runFor(Duration.ofSeconds(200));
    return net;
  }

  /** 300 KB through small buffers over a bandwidth-limited link, with non-blocking partial writes. */
  private static SimNetwork bulkTransferWithPartialWrites(SimNetwork net) {
    SimHost server = net.addHost("server", "10.0.0.1");
    SimHost client = net.addHost("client", "10.0.0.2");
    net.link(server, client).latency(Duration.ofMillis(4)).bandwidth(2_000_000, 64_000).loss(0.02);
    net.spawn(server, "sink", () -> {
      Socket listener = server.createListen(7);
      Socket connection = listener.accept();
      connection.setOption(SOL_SOCKET, SO_RCVBUF, 8192);
      byte[] chunk;
      while ((chunk = connection.read(5000)).length > 0) {
        server.sleep(Duration.ofMillis(1));
      }
      connection.close();
      listener.close();
    });
    net.spawn(client, "source", () -> {
      Socket socket = client.create(AF_INET, SOCK_STREAM, SOL_TCP);
      socket.setOption(SOL_SOCKET, SO_SNDBUF, 8192);
      socket.connect("10.0.0.1", 7);
      socket.setNonblock();
      byte[] block = new byte[300_000];
      for (int i = 0; i < block.length; i++) {
        block[i] = (byte) i;
      }
      int sent = 0;
      while (sent < block.length) {
        try {
          sent += socket.send(java.util.Arrays.copyOfRange(block, sent, block.length), block.length - sent, 0);
        } catch (SocketError full) {
          client.sleep(Duration.ofMillis(3));
        }
      }
      socket.close();
    });
    net.run();
    return net;
  }

  /** Keepalive probes a peer cut off by a partition until the connection times out. */
  private static SimNetwork keepaliveProbesADeadPeer(SimNetwork net) {
    SimHost server = net.addHost("server", "10.0.0.1");
    SimHost client = net.addHost("client", "10.0.0.2");
    net.link(server, client).latency(Duration.ofMillis(2));
    Socket[] p = pair(net, server, client);
    p[1].setOption(SOL_SOCKET, SO_KEEPALIVE, 1);
    p[1].setOption(IPPROTO_TCP, TCP_KEEPIDLE, 2);
    p[1].setOption(IPPROTO_TCP, TCP_KEEPINTVL, 1);
    p[1].setOption(IPPROTO_TCP, TCP_KEEPCNT, 3);
    net.runFor(Duration.ofSeconds(3));
    net.partition(Set.of(client), Set.of(server));
    try {
      p[1].read(10);
    } catch (SocketError expected) {
      // ETIMEDOUT
    }
    p[1].close();
    p[2].close();
    p[0].close();
    net.runFor(Duration.ofSeconds(300));
    return net;
  }

  /** A connect to a host behind a partition resends its SYN until ETIMEDOUT. */
  private static SimNetwork synRetriesToTimeout(SimNetwork net) {
    SimHost server = net.addHost("server", "10.0.0.1");
    SimHost client = net.addHost("client", "10.0.0.2");
    net.partition(Set.of(client), Set.of(server));
    Socket socket = client.create(AF_INET, SOCK_STREAM, SOL_TCP);
    socket.setOption(IPPROTO_TCP, TCP_SYNCNT, 3);
    try {
      socket.connect("10.0.0.1", 7);
    } catch (SocketError expected) {
      // ETIMEDOUT
    }
    socket.close();
    return net;
  }
}
