package dev.twinsock.jdk.net;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.sim.Partition;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What only the sim shows of the adapter: timeouts on the virtual clock, partitions, host names. */
class SimSocketTest {
  private static ServerSocket listen(NetWorld.Sim sim) throws Exception {
    return sim.server().createServerSocket(0, 50, null);
  }

  @Test
  void aReadTimeoutIsExactlyItsVirtualLength() throws Exception {
    try (NetWorld.Sim sim = new NetWorld.Sim(1)) {
      ServerSocket server = listen(sim);
      sim.background("silent", () -> {
        try (server; Socket connection = server.accept()) {
          connection.getInputStream().read();
        }
      });
      try (Socket socket = sim.client().createSocket("server", server.getLocalPort())) {
        socket.setSoTimeout(30_000);
        Duration start = sim.net.now();
        SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> socket.getInputStream().read());
        assertEquals("Read timed out", e.getMessage());
        assertEquals(Duration.ofSeconds(30), sim.net.now().minus(start));
        assertFalse(socket.isClosed());
      }
      sim.finish();
    }
  }

  /** The JDK times reads with a monotonic clock: a host clock stepped back must not stretch one. */
  @Test
  void aReadTimeoutIgnoresTheHostClockSteppingBack() throws Exception {
    try (NetWorld.Sim sim = new NetWorld.Sim(1)) {
      ServerSocket server = listen(sim);
      sim.background("clock-stepper", () -> {
        try (server; Socket connection = server.accept()) {
          sim.pause(Duration.ofSeconds(1));
          sim.clientHost.clockOffset(Duration.ofHours(-1));
          connection.getInputStream().read();
        }
      });
      try (Socket socket = sim.client().createSocket("server", server.getLocalPort())) {
        socket.setSoTimeout(5_000);
        Duration start = sim.net.now();
        assertThrows(SocketTimeoutException.class, () -> socket.getInputStream().read());
        assertEquals(Duration.ofSeconds(5), sim.net.now().minus(start));
      }
      sim.finish();
    }
  }

  @Test
  void anAcceptTimeoutRunsOnTheVirtualClock() throws Exception {
    try (NetWorld.Sim sim = new NetWorld.Sim(1); ServerSocket server = listen(sim)) {
      server.setSoTimeout(90_000);
      Duration start = sim.net.now();
      SocketTimeoutException e = assertThrows(SocketTimeoutException.class, server::accept);
      assertEquals("Accept timed out", e.getMessage());
      assertEquals(Duration.ofSeconds(90), sim.net.now().minus(start));
      server.close();
      sim.finish();
    }
  }

  @Test
  void aConnectAcrossAPartitionTimesOutOnTheVirtualClock() throws Exception {
    try (NetWorld.Sim sim = new NetWorld.Sim(1)) {
      ServerSocket server = listen(sim);
      Partition partition = sim.net.partition(Set.of(sim.clientHost), Set.of(sim.serverHost));
      Socket socket = sim.client().createSocket();
      Duration start = sim.net.now();
      SocketTimeoutException e = assertThrows(SocketTimeoutException.class,
          () -> socket.connect(new InetSocketAddress(sim.serverAddress(), server.getLocalPort()), 2500));
      assertEquals("Connect timed out", e.getMessage());
      assertEquals(Duration.ofMillis(2500), sim.net.now().minus(start));
      assertFalse(socket.isConnected());

      // with no timeout of its own, the kernel's SYN retries give up: ETIMEDOUT
      Socket patient = sim.client().createSocket();
      ConnectException gaveUp = assertThrows(ConnectException.class,
          () -> patient.connect(new InetSocketAddress(sim.serverAddress(), server.getLocalPort())));
      assertEquals("Connection timed out", gaveUp.getMessage());
      partition.close();
      socket.close();
      patient.close();
      server.close();
      sim.finish();
    }
  }

  @Test
  void hostNamesResolveThroughTheSimAndAddressesAreTheHosts() throws Exception {
    try (NetWorld.Sim sim = new NetWorld.Sim(1)) {
      ServerSocket server = listen(sim);
      sim.background("hello", () -> {
        try (server; Socket connection = server.accept()) {
          assertEquals("10.0.0.2", connection.getInetAddress().getHostAddress());
          assertEquals("10.0.0.1", connection.getLocalAddress().getHostAddress());
          connection.getOutputStream().write("hello".getBytes(US_ASCII));
          connection.shutdownOutput();
          assertEquals(-1, connection.getInputStream().read());
        }
      });
      try (Socket socket = sim.client().createSocket("server", server.getLocalPort())) {
        assertEquals("server", socket.getInetAddress().getHostName());
        assertEquals("10.0.0.1", socket.getInetAddress().getHostAddress());
        assertEquals(server.getLocalPort(), socket.getPort());
        assertTrue(socket.getLocalPort() >= 32768 && socket.getLocalPort() <= 60999, "an ephemeral port");
        InputStream in = socket.getInputStream();
        sim.net.runUntil(() -> {
          try {
            return in.available() == 5;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
        byte[] got = new byte[10];
        assertEquals(5, in.read(got), "a read returns what has arrived");
        assertArrayEquals("hello".getBytes(US_ASCII), java.util.Arrays.copyOf(got, 5));
        assertEquals(-1, in.read());
      }
      sim.finish();
    }
  }

  /** docs/semantics.md: the sim has no ARP or ICMP host-unreachable, so no EHOSTUNREACH either. */
  @Test
  void anAddressNoHostHasTimesOutAsTheSimDocuments() throws Exception {
    try (NetWorld.Sim sim = new NetWorld.Sim(1)) {
      Socket socket = sim.client().createSocket();
      Exception e = assertThrows(Exception.class, () -> socket.connect(new InetSocketAddress("10.9.9.9", 80)));
      assertEquals("java.net.ConnectException: Connection timed out", e.toString());
      socket.close();
      sim.finish();
    }
  }

  @Test
  void anUnknownHostNameIsUnknownHostException() throws Exception {
    try (NetWorld.Sim sim = new NetWorld.Sim(1)) {
      java.net.UnknownHostException e =
          assertThrows(java.net.UnknownHostException.class, () -> sim.client().createSocket("nowhere", 80));
      assertEquals("nowhere", e.getMessage(), "as the JDK's new Socket(host, port) words it");
      sim.finish();
    }
  }

  @Test
  void anIpv6AddressConnectsOverIpv6() throws Exception {
    try (dev.twinsock.sim.SimNetwork net = dev.twinsock.sim.SimNetwork.builder().seed(5).build()) {
      dev.twinsock.sim.SimHost serverHost = net.addHost("server", "10.0.0.1", "fd00::1");
      dev.twinsock.sim.SimHost clientHost = net.addHost("client", "10.0.0.2", "fd00::2");
      ServerSocket server = TwinsockServerSocketFactory.over(serverHost)
          .createServerSocket(0, 50, java.net.InetAddress.getByName("::"));
      net.spawn(serverHost, "echo", () -> {
        try (server; Socket connection = server.accept()) {
          assertEquals("fd00:0:0:0:0:0:0:2", connection.getInetAddress().getHostAddress());
          connection.getOutputStream().write(connection.getInputStream().read());
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      try (Socket socket = TwinsockSocketFactory.over(clientHost).createSocket()) {
        socket.setKeepAlive(true);
        socket.connect(new InetSocketAddress(java.net.InetAddress.getByName("fd00::1"), server.getLocalPort()));
        assertTrue(socket.getKeepAlive(), "an option set before the switch to IPv6 is kept");
        assertEquals("fd00:0:0:0:0:0:0:2", socket.getLocalAddress().getHostAddress());
        socket.getOutputStream().write(6);
        assertEquals(6, socket.getInputStream().read());
      }
      net.run();
      net.checkNoOpenSockets();
    }
  }
}
