package dev.twinsock.jdk.net;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The adapter's sockets against the JDK's own: the same calls, on loopback, through {@code new
 * java.net.Socket()}/{@code new ServerSocket()} (via the default factories) and through the adapter
 * over the real kernel, give the same values, bytes, exception classes and messages. Where the
 * simulated network models the situation, the sim's transcript is the same too.
 */
class JdkDifferentialTest {
  /** One sequence of calls; the client side records into {@code client}, a background side into {@code server}. */
  interface Scenario {
    void play(NetWorld world, Transcript client, Transcript server) throws Exception;
  }

  private static String transcriptOf(NetWorld world, Scenario scenario) throws Exception {
    try (world) {
      Transcript client = new Transcript();
      Transcript server = new Transcript();
      scenario.play(world, client, server);
      world.finish();
      return client + "\n--- background\n" + server;
    }
  }

  /** The JDK and the adapter on the real kernel agree; so does the sim if {@code onSim}. */
  private static void sameEverywhere(Scenario scenario, boolean onSim) throws Exception {
    String jdk = transcriptOf(new NetWorld.Jdk(), scenario);
    assertEquals(jdk, transcriptOf(new NetWorld.Os(), scenario), "adapter on the real kernel vs the JDK's own sockets");
    if (onSim) {
      assertEquals(jdk, transcriptOf(new NetWorld.Sim(7), scenario), "adapter on the sim vs the JDK's own sockets");
    }
  }

  private static InetAddress bindAddress(NetWorld world) throws Exception {
    return InetAddress.getByName(world.serverAddress()); // a numeric literal: no lookup
  }

  private static String readExactly(InputStream in, int n) throws Exception {
    byte[] buffer = new byte[n];
    int total = 0;
    while (total < n) {
      int got = in.read(buffer, total, n - total);
      if (got < 0) {
        return "EOF after " + new String(buffer, 0, total, US_ASCII);
      }
      total += got;
    }
    return new String(buffer, US_ASCII);
  }

  @Test
  void connectToAClosedPortIsRefused() throws Exception {
    sameEverywhere((world, t, s) -> {
      int port;
      try (ServerSocket probe = world.server().createServerSocket(0, 50, bindAddress(world))) {
        port = probe.getLocalPort();
      }
      Socket socket = world.client().createSocket();
      t.run("connect", () -> socket.connect(new InetSocketAddress(world.serverAddress(), port), 2000));
      t.call("isClosed", socket::isClosed);
      t.call("isConnected", socket::isConnected);
      socket.close();
      t.call("createSocket(host, port)", () -> world.client().createSocket(world.serverAddress(), port));
      t.call("createSocket(InetAddress, port)", () -> world.client().createSocket(bindAddress(world), port));
    }, true);
  }

  @Test
  void echoThenEndOfStreamBothWays() throws Exception {
    sameEverywhere((world, t, s) -> {
      ServerSocket server = world.server().createServerSocket(0, 50, bindAddress(world));
      int port = server.getLocalPort();
      world.background("echo", () -> {
        try (server; Socket connection = server.accept()) {
          s.call("accepted isConnected", connection::isConnected);
          s.call("accepted isBound", connection::isBound);
          s.call("accepted getSoTimeout", connection::getSoTimeout);
          s.call("accepted local port is the listener's", () -> connection.getLocalPort() == port);
          InputStream in = connection.getInputStream();
          OutputStream out = connection.getOutputStream();
          String got = readExactly(in, 11);
          s.note("got " + got);
          out.write(got.getBytes(US_ASCII));
          s.call("read at the client's shutdownOutput", in::read);
          s.call("read again", in::read);
        }
      });
      Socket socket = world.client().createSocket(world.serverAddress(), port);
      t.call("isConnected", socket::isConnected);
      t.call("isBound", socket::isBound);
      t.call("getPort is the server's", () -> socket.getPort() == port);
      t.call("getInetAddress is the server's", () -> socket.getInetAddress().getHostAddress().equals(world.serverAddress()));
      t.call("getLocalPort is set", () -> socket.getLocalPort() > 0);
      t.call("getLocalAddress is the client's", () -> !socket.getLocalAddress().isAnyLocalAddress());
      t.run("connect again", () -> socket.connect(new InetSocketAddress(world.serverAddress(), port), 1000));
      t.run("bind when connected", () -> socket.bind(null));
      t.call("toString names the ports", () -> socket.toString().equals(
          "Socket[addr=" + socket.getInetAddress() + ",port=" + port + ",localport=" + socket.getLocalPort() + "]"));
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      t.call("available before anything arrived", in::available);
      out.write("hello world".getBytes(US_ASCII));
      t.call("echo", () -> readExactly(in, 11));
      socket.shutdownOutput();
      t.call("isOutputShutdown", socket::isOutputShutdown);
      t.call("getOutputStream after shutdownOutput", socket::getOutputStream);
      t.run("write after shutdownOutput", () -> out.write(1));
      t.call("read at the server's close", in::read);
      t.call("read again", () -> in.read(new byte[4]));
      t.call("available at EOF", in::available);
      socket.close();
      t.call("read after close, once at EOF", in::read);
      t.call("isClosed", socket::isClosed);
      t.call("isConnected after close", socket::isConnected);
    }, true);
  }

  @Test
  void aReadTimesOutAndTheSocketStaysUsable() throws Exception {
    sameEverywhere((world, t, s) -> {
      ServerSocket server = world.server().createServerSocket(0, 50, bindAddress(world));
      world.background("late", () -> {
        try (server; Socket connection = server.accept()) {
          InputStream in = connection.getInputStream();
          s.call("wake-up byte", in::read);
          connection.getOutputStream().write('x');
          s.call("read at close", in::read);
        }
      });
      try (Socket socket = world.client().createSocket(world.serverAddress(), server.getLocalPort())) {
        t.run("setSoTimeout(-1)", () -> socket.setSoTimeout(-1));
        socket.setSoTimeout(100);
        t.call("getSoTimeout", socket::getSoTimeout);
        InputStream in = socket.getInputStream();
        t.call("read", in::read);
        t.call("isClosed after the timeout", socket::isClosed);
        socket.getOutputStream().write('w');
        socket.setSoTimeout(0);
        t.call("read after the wake-up", in::read);
      }
    }, true);
  }

  @Test
  void aResetConnectionFailsReadsAndWrites() throws Exception {
    sameEverywhere((world, t, s) -> {
      ServerSocket server = world.server().createServerSocket(0, 50, bindAddress(world));
      world.background("reset", () -> {
        try (server; Socket connection = server.accept()) {
          s.call("read the client's byte", () -> connection.getInputStream().read());
          connection.setSoLinger(true, 0);
          s.call("getSoLinger", connection::getSoLinger);
        }
      });
      try (Socket socket = world.client().createSocket(world.serverAddress(), server.getLocalPort())) {
        socket.getOutputStream().write('a');
        InputStream in = socket.getInputStream();
        t.call("read", in::read);
        t.call("read again", in::read);
        t.call("available", in::available);
        t.run("write", () -> socket.getOutputStream().write(new byte[10]));
        t.run("write again", () -> socket.getOutputStream().write(new byte[10]));
      }
    }, true);
  }

  @Test
  void aPortInUseCannotBeBoundAgain() throws Exception {
    sameEverywhere((world, t, s) -> {
      try (ServerSocket first = world.server().createServerSocket(0, 50, bindAddress(world))) {
        int port = first.getLocalPort();
        t.call("getReuseAddress of a listener", first::getReuseAddress);
        t.call("second listener", () -> world.server().createServerSocket(port, 50, bindAddress(world)));
        ServerSocket unbound = world.server().createServerSocket();
        t.run("bind an unbound server socket", () -> unbound.bind(new InetSocketAddress(bindAddress(world), port)));
        t.call("isBound after the failed bind", unbound::isBound);
        t.call("isClosed after the failed bind", unbound::isClosed);
        unbound.close();
        Socket socket = world.serverHostClient().createSocket();
        t.run("bind a client socket", () -> socket.bind(new InetSocketAddress(bindAddress(world), port)));
        t.call("isBound", socket::isBound);
        socket.close();
      }
    }, true);
  }

  @Test
  void acceptTimesOutAndCloseFromAnotherThreadEndsBlockedCalls() throws Exception {
    sameEverywhere((world, t, s) -> {
      ServerSocket server = world.server().createServerSocket(0, 50, bindAddress(world));
      server.setSoTimeout(100);
      t.call("getSoTimeout", server::getSoTimeout);
      t.call("accept", server::accept);
      t.call("isClosed after the timeout", server::isClosed);
      server.setSoTimeout(0);
      Thread blocked = Thread.currentThread();
      world.background("closer", () -> {
        world.awaitBlocked(blocked);
        server.close();
      });
      t.call("accept while another thread closes", server::accept);
      t.call("isClosed", server::isClosed);
      world.finish();

      ServerSocket second = world.server().createServerSocket(0, 50, bindAddress(world));
      second.setSoTimeout(5000);
      world.background("silent", () -> {
        try (second; Socket connection = second.accept()) {
          s.call("accepted getSoTimeout, not the listener's", connection::getSoTimeout);
          s.call("read until the client closes", () -> connection.getInputStream().read());
        }
      });
      Socket socket = world.client().createSocket(world.serverAddress(), second.getLocalPort());
      world.background("closer", () -> {
        world.awaitBlocked(blocked);
        socket.close();
      });
      t.call("read while another thread closes", () -> socket.getInputStream().read());
      t.call("isClosed", socket::isClosed);
    }, true);
  }

  @Test
  void everyMethodOfAClosedSocketSaysSo() throws Exception {
    sameEverywhere((world, t, s) -> {
      ServerSocket server = world.server().createServerSocket(0, 50, bindAddress(world));
      world.background("accept", () -> {
        try (server; Socket connection = server.accept()) {
          s.call("read at close", () -> connection.getInputStream().read());
        }
      });
      Socket connected = world.client().createSocket(world.serverAddress(), server.getLocalPort());
      InputStream in = connected.getInputStream();
      OutputStream out = connected.getOutputStream();
      connected.close();
      t.call("read from a stream got before close", in::read);
      t.run("write to a stream got before close", () -> out.write(1));
      t.call("available", in::available);
      closedSocketCalls(t, "connected", connected, world);
      Socket fresh = world.client().createSocket();
      fresh.close();
      closedSocketCalls(t, "unconnected", fresh, world);
      ServerSocket listener = world.server().createServerSocket(0, 50, bindAddress(world));
      listener.close();
      closedServerSocketCalls(t, listener, world);
      ServerSocket unbound = world.server().createServerSocket();
      unbound.close();
      closedServerSocketCalls(t, unbound, world);
    }, true);
  }

  private static void closedSocketCalls(Transcript t, String which, Socket socket, NetWorld world) {
    String p = which + " ";
    t.call(p + "isClosed", socket::isClosed);
    t.call(p + "getInputStream", socket::getInputStream);
    t.call(p + "getOutputStream", socket::getOutputStream);
    t.run(p + "connect", () -> socket.connect(new InetSocketAddress(world.serverAddress(), 1)));
    t.run(p + "bind", () -> socket.bind(null));
    t.run(p + "setSoTimeout", () -> socket.setSoTimeout(1));
    t.call(p + "getSoTimeout", socket::getSoTimeout);
    t.run(p + "setTcpNoDelay", () -> socket.setTcpNoDelay(true));
    t.call(p + "getTcpNoDelay", socket::getTcpNoDelay);
    t.run(p + "setKeepAlive", () -> socket.setKeepAlive(true));
    t.call(p + "getKeepAlive", socket::getKeepAlive);
    t.run(p + "setReuseAddress", () -> socket.setReuseAddress(true));
    t.call(p + "getReuseAddress", socket::getReuseAddress);
    t.run(p + "setReceiveBufferSize", () -> socket.setReceiveBufferSize(4096));
    t.call(p + "getReceiveBufferSize", socket::getReceiveBufferSize);
    t.run(p + "setSendBufferSize", () -> socket.setSendBufferSize(4096));
    t.call(p + "getSendBufferSize", socket::getSendBufferSize);
    t.run(p + "setSoLinger", () -> socket.setSoLinger(true, 1));
    t.call(p + "getSoLinger", socket::getSoLinger);
    t.run(p + "setOOBInline", () -> socket.setOOBInline(true));
    t.run(p + "setTrafficClass", () -> socket.setTrafficClass(0));
    t.run(p + "setOption", () -> socket.setOption(StandardSocketOptions.TCP_NODELAY, true));
    t.call(p + "getOption", () -> socket.getOption(StandardSocketOptions.TCP_NODELAY));
    t.run(p + "shutdownInput", socket::shutdownInput);
    t.run(p + "shutdownOutput", socket::shutdownOutput);
    t.run(p + "sendUrgentData", () -> socket.sendUrgentData(1));
    t.run(p + "close again", socket::close);
  }

  private static void closedServerSocketCalls(Transcript t, ServerSocket server, NetWorld world) {
    t.call("server isClosed", server::isClosed);
    t.call("server accept", server::accept);
    t.run("server bind", () -> server.bind(null));
    t.run("server setSoTimeout", () -> server.setSoTimeout(1));
    t.call("server getSoTimeout", server::getSoTimeout);
    t.run("server setReuseAddress", () -> server.setReuseAddress(true));
    t.call("server getReuseAddress", server::getReuseAddress);
    t.run("server setReceiveBufferSize", () -> server.setReceiveBufferSize(4096));
    t.call("server getReceiveBufferSize", server::getReceiveBufferSize);
    t.run("server setOption", () -> server.setOption(StandardSocketOptions.SO_RCVBUF, 4096));
    t.run("server close again", server::close);
  }

  @Test
  void badArgumentsAreRefusedAsTheJdkRefusesThem() throws Exception {
    sameEverywhere((world, t, s) -> {
      InetSocketAddress unresolved = InetSocketAddress.createUnresolved("nosuch.invalid", 80);
      try (Socket socket = world.client().createSocket()) {
        t.call("toString", socket::toString);
        t.call("getLocalPort", socket::getLocalPort);
        t.call("getPort", socket::getPort);
        t.call("getInetAddress", socket::getInetAddress);
        t.call("getLocalAddress", socket::getLocalAddress);
        t.call("getRemoteSocketAddress", socket::getRemoteSocketAddress);
        t.call("getLocalSocketAddress", socket::getLocalSocketAddress);
        t.call("getInputStream unconnected", socket::getInputStream);
        t.call("getOutputStream unconnected", socket::getOutputStream);
        t.run("shutdownInput unconnected", socket::shutdownInput);
        t.run("shutdownOutput unconnected", socket::shutdownOutput);
        t.run("setSoTimeout(-1)", () -> socket.setSoTimeout(-1));
        t.run("connect(null)", () -> socket.connect(null));
        t.run("connect timeout -1", () -> socket.connect(new InetSocketAddress(world.serverAddress(), 1), -1));
        t.run("setSoLinger(true, -1)", () -> socket.setSoLinger(true, -1));
        t.run("setReceiveBufferSize(0)", () -> socket.setReceiveBufferSize(0));
        t.run("setSendBufferSize(-1)", () -> socket.setSendBufferSize(-1));
        t.run("setTrafficClass(256)", () -> socket.setTrafficClass(256));
        t.run("setOption null value", () -> socket.setOption(StandardSocketOptions.TCP_NODELAY, null));
        t.run("setOption unsupported", () -> socket.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 1));
        t.run("setOption SO_RCVBUF -1", () -> socket.setOption(StandardSocketOptions.SO_RCVBUF, -1));
        t.run("getOption null", () -> socket.getOption(null));
        t.run("bind unresolved", () -> socket.bind(unresolved));
        t.call("isClosed after bad arguments", socket::isClosed);
      }
      try (Socket socket = world.client().createSocket()) {
        t.run("connect unresolved", () -> socket.connect(unresolved));
        t.call("isClosed after connect unresolved", socket::isClosed);
      }
      t.call("createSocket(host, 70000)", () -> world.client().createSocket(world.serverAddress(), 70000));
      t.call("createSocket(host, -1)", () -> world.client().createSocket(world.serverAddress(), -1));
      t.call("createSocket(InetAddress, 70000)", () -> world.client().createSocket(bindAddress(world), 70000));
      t.call("createServerSocket(70000)", () -> world.server().createServerSocket(70000));
      t.call("createServerSocket(-1, 50, address)", () -> world.server().createServerSocket(-1, 50, bindAddress(world)));
      try (ServerSocket server = world.server().createServerSocket()) {
        t.call("server toString unbound", server::toString);
        t.call("server getLocalPort unbound", server::getLocalPort);
        t.call("server getInetAddress unbound", server::getInetAddress);
        t.call("server accept unbound", server::accept);
        t.run("server setSoTimeout(-1)", () -> server.setSoTimeout(-1));
        t.run("server bind unresolved", () -> server.bind(unresolved));
        t.run("server setReceiveBufferSize(0)", () -> server.setReceiveBufferSize(0));
        t.run("server setOption unsupported", () -> server.setOption(StandardSocketOptions.TCP_NODELAY, true));
        t.call("server isClosed", server::isClosed);
      }
    }, true);
  }

  @Test
  void optionsReadBackAsTheJdkReadsThem() throws Exception {
    sameEverywhere((world, t, s) -> {
      try (Socket socket = world.client().createSocket()) {
        t.call("getTcpNoDelay", socket::getTcpNoDelay);
        t.call("getKeepAlive", socket::getKeepAlive);
        t.call("getSoLinger", socket::getSoLinger);
        t.call("getReuseAddress", socket::getReuseAddress);
        t.call("getOOBInline", socket::getOOBInline);
        t.call("getSoTimeout", socket::getSoTimeout);
        socket.setTcpNoDelay(true);
        socket.setKeepAlive(true);
        socket.setSoLinger(true, 7);
        socket.setReuseAddress(true);
        t.call("getTcpNoDelay set", socket::getTcpNoDelay);
        t.call("getKeepAlive set", socket::getKeepAlive);
        t.call("getSoLinger set", socket::getSoLinger);
        t.call("getOption SO_LINGER", () -> socket.getOption(StandardSocketOptions.SO_LINGER));
        t.call("getReuseAddress set", socket::getReuseAddress);
        socket.setSoLinger(false, 0);
        t.call("getSoLinger off", socket::getSoLinger);
        t.call("getOption SO_LINGER off", () -> socket.getOption(StandardSocketOptions.SO_LINGER));
        socket.setOption(StandardSocketOptions.SO_KEEPALIVE, false);
        t.call("getOption SO_KEEPALIVE", () -> socket.getOption(StandardSocketOptions.SO_KEEPALIVE));
        socket.setOption(StandardSocketOptions.SO_SNDBUF, 65536);
        t.call("getSendBufferSize", socket::getSendBufferSize);
        socket.setReceiveBufferSize(65536);
        t.call("getOption SO_RCVBUF", () -> socket.getOption(StandardSocketOptions.SO_RCVBUF));
        t.call("setOption returns the socket", () -> socket.setOption(StandardSocketOptions.TCP_NODELAY, false) == socket);
      }
      try (ServerSocket server = world.server().createServerSocket()) {
        t.call("server getReuseAddress", server::getReuseAddress);
        t.call("server getSoTimeout", server::getSoTimeout);
        server.setReuseAddress(false);
        t.call("server getReuseAddress off", server::getReuseAddress);
        server.bind(new InetSocketAddress(bindAddress(world), 0), 5);
        t.call("server isBound", server::isBound);
        t.call("server getInetAddress", () -> server.getInetAddress().getHostAddress().equals(world.serverAddress()));
        t.call("server getLocalPort is set", () -> server.getLocalPort() > 0);
        t.run("server bind again", () -> server.bind(null));
      }
    }, true);
  }

  /** An IPv6 address turns the (IPv4 until then) backend socket into an IPv6 one, options kept. */
  @Test
  void ipv6LoopbackEchoes() throws Exception {
    sameEverywhere((world, t, s) -> {
      InetAddress loopback6 = InetAddress.getByName("::1");
      ServerSocket server = world.server().createServerSocket(0, 50, loopback6);
      t.call("server address", () -> server.getInetAddress().getHostAddress());
      world.background("echo", () -> {
        try (server; Socket connection = server.accept()) {
          s.call("peer", () -> connection.getInetAddress().getHostAddress());
          s.call("local", () -> connection.getLocalAddress().getHostAddress());
          connection.getOutputStream().write(connection.getInputStream().read());
        }
      });
      try (Socket socket = world.client().createSocket()) {
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(loopback6, server.getLocalPort()), 5000);
        t.call("getTcpNoDelay kept", socket::getTcpNoDelay);
        t.call("peer", () -> socket.getInetAddress().getHostAddress());
        t.call("local", () -> socket.getLocalAddress().getHostAddress());
        socket.getOutputStream().write(42);
        t.call("echo", () -> socket.getInputStream().read());
      }
    }, false);
  }
}
