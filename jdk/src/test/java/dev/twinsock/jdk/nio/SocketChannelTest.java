package dev.twinsock.jdk.nio;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NoConnectionPendingException;
import java.nio.channels.NotYetBoundException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Blocking socket channels, on the sim and on the real kernel: one body, both backends. */
class SocketChannelTest {
  static Stream<ChannelWorld> worlds() {
    return ChannelWorld.both().stream();
  }

  private static ServerSocketChannel listen(ChannelWorld world) throws IOException {
    ServerSocketChannel server = world.server().openServerSocketChannel();
    server.bind(new InetSocketAddress(world.serverAddress(), 0));
    return server;
  }

  private static String readAll(SocketChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(4096);
    while (channel.read(buffer) >= 0) {
      // until end of stream
    }
    buffer.flip();
    return US_ASCII.decode(buffer).toString();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("worlds")
  void blockingEchoWithScatteringAndGatheringBuffers(ChannelWorld world) throws Exception {
    try (world) {
      ServerSocketChannel server = listen(world);
      int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
      world.background("echo", () -> {
        try (server; SocketChannel connection = server.accept()) {
          ByteBuffer[] halves = {ByteBuffer.allocate(3), ByteBuffer.allocate(100)};
          long total = 0;
          while (total < 11) {
            total += connection.read(halves);
          }
          halves[0].flip();
          halves[1].flip();
          connection.write(halves);
          connection.shutdownOutput();
        }
      });
      try (SocketChannel client = world.client().openSocketChannel()) {
        assertTrue(client.connect(world.server(port)));
        assertTrue(client.isConnected());
        assertEquals(world.server(port), client.getRemoteAddress());
        ByteBuffer[] parts = {US_ASCII.encode("hello"), US_ASCII.encode(" "), US_ASCII.encode("world")};
        assertEquals(11, client.write(parts));
        assertEquals("hello world", readAll(client));
        assertEquals(-1, client.read(ByteBuffer.allocate(1)));
      }
      world.finish();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("worlds")
  void refusedConnectIsConnectExceptionAndClosesTheChannel(ChannelWorld world) throws Exception {
    try (world) {
      ServerSocketChannel unused = listen(world);
      int port = ((InetSocketAddress) unused.getLocalAddress()).getPort();
      unused.close(); // nothing listens there any more
      SocketChannel client = world.client().openSocketChannel();
      ConnectException refused = assertThrows(ConnectException.class, () -> client.connect(world.server(port)));
      assertEquals("Connection refused", refused.getMessage());
      assertFalse(client.isOpen(), "the JDK closes a channel whose connect failed");
      world.finish();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("worlds")
  void closeFromAnotherThreadEndsABlockedRead(ChannelWorld world) throws Exception {
    try (world) {
      ServerSocketChannel server = listen(world);
      int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
      SocketChannel client = world.client().openSocketChannel();
      client.connect(world.server(port));
      SocketChannel accepted = server.accept();
      world.background("closer", () -> {
        world.pause(Duration.ofMillis(200));
        client.close();
      });
      assertThrows(AsynchronousCloseException.class, () -> client.read(ByteBuffer.allocate(10)));
      assertFalse(client.isOpen());
      accepted.close();
      server.close();
      world.finish();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("worlds")
  void closeFromAnotherThreadEndsABlockedAccept(ChannelWorld world) throws Exception {
    try (world) {
      ServerSocketChannel server = world.client().openServerSocketChannel();
      server.bind(new InetSocketAddress(0));
      world.background("closer", () -> {
        world.pause(Duration.ofMillis(200));
        server.close();
      });
      assertThrows(AsynchronousCloseException.class, server::accept);
      world.finish();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("worlds")
  void misuseGetsTheJdksChannelExceptions(ChannelWorld world) throws Exception {
    try (world) {
      SocketChannel channel = world.client().openSocketChannel();
      assertThrows(NotYetConnectedException.class, () -> channel.read(ByteBuffer.allocate(1)));
      assertThrows(NotYetConnectedException.class, () -> channel.write(ByteBuffer.allocate(1)));
      assertThrows(NotYetConnectedException.class, channel::shutdownOutput);
      assertThrows(NoConnectionPendingException.class, channel::finishConnect);
      assertThrows(UnresolvedAddressException.class,
          () -> channel.connect(InetSocketAddress.createUnresolved("nowhere.invalid", 80)));
      assertThrows(UnsupportedAddressTypeException.class, () -> channel.connect(new java.net.SocketAddress() {}));
      assertThrows(UnsupportedAddressTypeException.class, () -> channel.connect(new InetSocketAddress("::1", 80)));
      assertThrows(IllegalArgumentException.class, () -> channel.setOption(StandardSocketOptions.SO_RCVBUF, -1));
      assertThrows(IllegalArgumentException.class, () -> channel.setOption(StandardSocketOptions.IP_TOS, 256));
      assertThrows(UnsupportedOperationException.class, () -> channel.setOption(StandardSocketOptions.SO_BROADCAST, true));
      assertThrows(IllegalArgumentException.class, () -> channel.read(ByteBuffer.allocate(1).asReadOnlyBuffer()));
      assertThrows(IndexOutOfBoundsException.class, () -> channel.read(new ByteBuffer[1], 0, 2));
      assertNull(channel.getLocalAddress());
      assertNull(channel.getRemoteAddress());
      channel.bind(new InetSocketAddress(0));
      assertThrows(AlreadyBoundException.class, () -> channel.bind(new InetSocketAddress(0)));
      channel.close();
      channel.close(); // twice is harmless
      assertThrows(ClosedChannelException.class, () -> channel.read(ByteBuffer.allocate(1)));
      assertThrows(ClosedChannelException.class, () -> channel.write(ByteBuffer.allocate(1)));
      assertThrows(ClosedChannelException.class, () -> channel.connect(new InetSocketAddress("127.0.0.1", 1)));
      assertThrows(ClosedChannelException.class, () -> channel.getOption(StandardSocketOptions.SO_RCVBUF));
      assertThrows(ClosedChannelException.class, channel::getLocalAddress);
      assertThrows(ClosedChannelException.class, channel::finishConnect);

      ServerSocketChannel server = world.client().openServerSocketChannel();
      assertThrows(NotYetBoundException.class, server::accept);
      server.close();
      assertThrows(ClosedChannelException.class, server::accept);
      assertThrows(ClosedChannelException.class, () -> server.bind(null));
      world.finish();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("worlds")
  void connectedTwiceIsAlreadyConnected(ChannelWorld world) throws Exception {
    try (world) {
      ServerSocketChannel server = listen(world);
      InetSocketAddress at = world.server(((InetSocketAddress) server.getLocalAddress()).getPort());
      try (SocketChannel client = world.client().openSocketChannel()) {
        client.connect(at);
        assertThrows(AlreadyConnectedException.class, () -> client.connect(at));
        assertThrows(AlreadyConnectedException.class, () -> client.bind(null));
        try (SocketChannel accepted = server.accept()) {
          assertEquals(client.getLocalAddress(), accepted.getRemoteAddress());
        }
      }
      server.close();
      world.finish();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("worlds")
  void optionsRoundTripAsTheJdkShapesThem(ChannelWorld world) throws Exception {
    try (world; SocketChannel channel = world.client().openSocketChannel()) {
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      assertTrue(channel.getOption(StandardSocketOptions.TCP_NODELAY));
      channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
      assertTrue(channel.getOption(StandardSocketOptions.SO_KEEPALIVE));
      assertEquals(-1, channel.getOption(StandardSocketOptions.SO_LINGER));
      channel.setOption(StandardSocketOptions.SO_LINGER, 5);
      assertEquals(5, channel.getOption(StandardSocketOptions.SO_LINGER));
      channel.setOption(StandardSocketOptions.SO_LINGER, -1);
      assertEquals(-1, channel.getOption(StandardSocketOptions.SO_LINGER));
      channel.setOption(StandardSocketOptions.SO_RCVBUF, 8192);
      channel.setOption(StandardSocketOptions.SO_SNDBUF, 8192);
      try (SocketChannel jdk = SocketChannel.open()) {
        // Linux doubles the size set; the JDK's own channel halves it back, and so must ours
        jdk.setOption(StandardSocketOptions.SO_RCVBUF, 8192);
        jdk.setOption(StandardSocketOptions.SO_SNDBUF, 8192);
        assertEquals(jdk.getOption(StandardSocketOptions.SO_RCVBUF), channel.getOption(StandardSocketOptions.SO_RCVBUF));
        assertEquals(jdk.getOption(StandardSocketOptions.SO_SNDBUF), channel.getOption(StandardSocketOptions.SO_SNDBUF));
      }
      assertEquals(8192, channel.getOption(StandardSocketOptions.SO_RCVBUF));
      channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      assertTrue(channel.getOption(StandardSocketOptions.SO_REUSEADDR));
      channel.close();
      world.finish();
    }
  }
}
