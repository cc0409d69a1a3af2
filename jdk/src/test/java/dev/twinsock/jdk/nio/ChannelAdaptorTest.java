package dev.twinsock.jdk.nio;

import static org.junit.jupiter.api.Assertions.*;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code java.net} views that {@code socket()} returns, as a library that configures its
 * channels through them (Netty does) uses them: on the sim and on the real kernel.
 */
class ChannelAdaptorTest {
  static Stream<ChannelWorld> worlds() {
    return ChannelWorld.both().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("worlds")
  void serverSocketViewBindsReportsItsPortAndTimesOutItsAccept(ChannelWorld world) throws Exception {
    try (world) {
      ServerSocketChannel channel = world.server().openServerSocketChannel();
      ServerSocket view = channel.socket();
      assertSame(channel, view.getChannel());
      assertFalse(view.isBound());
      view.setReuseAddress(true);
      assertTrue(view.getReuseAddress());
      view.bind(new InetSocketAddress(world.serverAddress(), 0), 16);
      assertTrue(view.isBound());
      assertEquals(((InetSocketAddress) channel.getLocalAddress()).getPort(), view.getLocalPort());
      assertTrue(view.getReceiveBufferSize() > 0);
      view.setSoTimeout(50);
      assertEquals(50, view.getSoTimeout());
      assertThrows(SocketTimeoutException.class, view::accept);
      view.close();
      assertTrue(view.isClosed());
      assertFalse(channel.isOpen());
      world.finish();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("worlds")
  void socketViewSetsTheOptionsNettySetsOnEveryChannel(ChannelWorld world) throws Exception {
    try (world) {
      ServerSocketChannel server = world.server().openServerSocketChannel();
      server.bind(new InetSocketAddress(world.serverAddress(), 0));
      int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
      world.background("accept", () -> {
        try (server; SocketChannel accepted = server.accept()) {
          assertNotNull(accepted);
        }
      });
      try (SocketChannel channel = world.client().openSocketChannel()) {
        Socket view = channel.socket();
        assertSame(channel, view.getChannel());
        view.setTcpNoDelay(true);
        assertTrue(view.getTcpNoDelay());
        assertTrue(view.getSendBufferSize() > 0);
        assertEquals(-1, view.getSoLinger());
        channel.connect(world.server(port));
        assertTrue(view.isConnected());
        assertEquals(port, view.getPort());
      }
      world.finish();
    }
  }
}
