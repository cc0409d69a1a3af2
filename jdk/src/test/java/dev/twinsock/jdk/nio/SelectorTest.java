package dev.twinsock.jdk.nio;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.IllegalSelectorException;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Selectors over non-blocking channels, on the sim and on the real kernel. */
class SelectorTest {
  static Stream<ChannelWorld> worlds() {
    return ChannelWorld.both().stream();
  }

  /** An echo server on one selector: accepts, reads and writes back until each peer closes. */
  private static void selectingEchoServer(ServerSocketChannel server, Selector selector, int connections)
      throws IOException {
    server.configureBlocking(false);
    server.register(selector, SelectionKey.OP_ACCEPT);
    int ended = 0;
    while (ended < connections) {
      selector.select();
      Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
      while (ready.hasNext()) {
        SelectionKey key = ready.next();
        ready.remove();
        if (key.isAcceptable()) {
          SocketChannel accepted = server.accept();
          if (accepted != null) {
            accepted.configureBlocking(false);
            accepted.register(selector, SelectionKey.OP_READ, ByteBuffer.allocate(64));
          }
        } else if (key.isReadable()) {
          SocketChannel connection = (SocketChannel) key.channel();
          ByteBuffer buffer = (ByteBuffer) key.attachment();
          int n = connection.read(buffer);
          if (n < 0) {
            connection.close();
            ended++;
            continue;
          }
          buffer.flip();
          while (buffer.hasRemaining()) {
            connection.write(buffer);
          }
          buffer.clear();
        }
      }
    }
    server.close();
    selector.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("worlds")
  void nonBlockingClientAndServerEchoThroughSelectors(ChannelWorld world) throws Exception {
    try (world) {
      ServerSocketChannel server = world.server().openServerSocketChannel();
      server.bind(new InetSocketAddress(world.serverAddress(), 0));
      int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
      Selector serverSelector = world.server().openSelector();
      world.background("echo", () -> selectingEchoServer(server, serverSelector, 2));

      List<String> replies = new ArrayList<>();
      try (Selector selector = world.client().openSelector()) {
        for (String message : List.of("first", "second")) {
          SocketChannel client = world.client().openSocketChannel();
          client.configureBlocking(false);
          boolean connected = client.connect(world.server(port));
          SelectionKey key = client.register(selector, connected ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT);
          ByteBuffer out = US_ASCII.encode(message);
          ByteBuffer in = ByteBuffer.allocate(64);
          while (in.position() < message.length()) {
            selector.select();
            assertTrue(selector.selectedKeys().contains(key));
            selector.selectedKeys().clear();
            if (key.isConnectable()) {
              assertTrue(client.finishConnect());
              key.interestOps(SelectionKey.OP_WRITE);
            } else if (key.isWritable()) {
              client.write(out);
              if (!out.hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ);
              }
            } else if (key.isReadable()) {
              assertTrue(client.read(in) > 0);
            }
          }
          in.flip();
          replies.add(US_ASCII.decode(in).toString());
          client.close();
        }
        selector.selectNow(); // lets the cancelled keys go
        assertTrue(selector.keys().isEmpty());
      }
      assertEquals(List.of("first", "second"), replies);
      world.finish();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("worlds")
  void wakeupFromAnotherThreadEndsAParkedSelect(ChannelWorld world) throws Exception {
    try (world; Selector selector = world.client().openSelector()) {
      world.background("waker", () -> {
        world.pause(Duration.ofMillis(300));
        selector.wakeup();
      });
      assertEquals(0, selector.select());
      // a wake-up before a select makes that select return at once; selectNow clears it
      selector.wakeup();
      assertEquals(0, selector.select());
      selector.wakeup();
      assertEquals(0, selector.selectNow());
      assertEquals(0, selector.select(1));
      selector.close();
      world.finish();
    }
  }

  @Test
  void selectTimeoutsAndWakeUpsRunOnTheVirtualClock() throws Exception {
    try (ChannelWorld.Sim world = new ChannelWorld.Sim(3); Selector selector = world.client().openSelector()) {
      Duration start = world.net.now();
      assertEquals(0, selector.select(1500));
      assertEquals(Duration.ofMillis(1500), world.net.now().minus(start));
      world.background("waker", () -> {
        world.pause(Duration.ofMillis(300));
        selector.wakeup();
      });
      assertEquals(0, selector.select());
      assertEquals(Duration.ofMillis(1800), world.net.now().minus(start));
      selector.close();
      world.finish();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("worlds")
  void refusedNonBlockingConnectIsReadyToConnectAndFinishesWithConnectException(ChannelWorld world)
      throws Exception {
    try (world; Selector selector = world.client().openSelector()) {
      ServerSocketChannel unused = world.server().openServerSocketChannel();
      unused.bind(new InetSocketAddress(world.serverAddress(), 0));
      int port = ((InetSocketAddress) unused.getLocalAddress()).getPort();
      unused.close();
      SocketChannel client = world.client().openSocketChannel();
      client.configureBlocking(false);
      if (!client.connect(world.server(port))) {
        assertTrue(client.isConnectionPending());
        SelectionKey key = client.register(selector, SelectionKey.OP_CONNECT);
        assertEquals(1, selector.select());
        assertEquals(SelectionKey.OP_CONNECT, key.readyOps());
        ConnectException refused = assertThrows(ConnectException.class, client::finishConnect);
        assertEquals("Connection refused", refused.getMessage());
        assertFalse(key.isValid());
      }
      assertFalse(client.isOpen());
      selector.close();
      world.finish();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("worlds")
  void pipeCarriesBytesAndItsSourceSelectsReadable(ChannelWorld world) throws Exception {
    try (world; Selector selector = world.client().openSelector()) {
      Pipe pipe = world.client().openPipe();
      pipe.source().configureBlocking(false);
      SelectionKey key = pipe.source().register(selector, SelectionKey.OP_READ);
      assertEquals(0, selector.selectNow());
      assertEquals(4, pipe.sink().write(US_ASCII.encode("ping")));
      assertEquals(1, selector.select());
      assertTrue(key.isReadable());
      ByteBuffer in = ByteBuffer.allocate(16);
      assertEquals(4, pipe.source().read(in));
      assertEquals(0, pipe.source().read(in), "nothing more, non-blocking");
      pipe.sink().close();
      assertEquals(-1, pipe.source().read(in));
      pipe.source().close();
      selector.close();
      world.finish();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("worlds")
  void misuseGetsTheJdksSelectorExceptions(ChannelWorld world) throws Exception {
    try (world) {
      Selector selector = world.client().openSelector();
      SocketChannel channel = world.client().openSocketChannel();
      assertThrows(IllegalBlockingModeException.class, () -> channel.register(selector, SelectionKey.OP_READ));
      channel.configureBlocking(false);
      assertThrows(IllegalArgumentException.class, () -> channel.register(selector, SelectionKey.OP_ACCEPT));
      SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
      assertThrows(IllegalBlockingModeException.class, () -> channel.configureBlocking(true));
      assertThrows(IllegalArgumentException.class, () -> key.interestOps(SelectionKey.OP_ACCEPT));
      assertThrows(UnsupportedOperationException.class, () -> selector.selectedKeys().add(key));
      assertThrows(UnsupportedOperationException.class, () -> selector.keys().remove(key));
      assertThrows(IllegalArgumentException.class, () -> selector.select(-1));
      try (Selector jdk = Selector.open()) {
        assertThrows(IllegalSelectorException.class, () -> channel.register(jdk, SelectionKey.OP_READ));
      }
      key.cancel();
      assertThrows(CancelledKeyException.class, key::interestOps);
      assertThrows(CancelledKeyException.class, key::readyOps);
      selector.selectNow();
      assertFalse(selector.keys().contains(key));
      channel.close();
      assertThrows(ClosedChannelException.class, () -> channel.register(selector, SelectionKey.OP_READ));
      selector.close();
      selector.close(); // twice is harmless
      assertThrows(ClosedSelectorException.class, selector::select);
      assertThrows(ClosedSelectorException.class, selector::selectNow);
      assertThrows(ClosedSelectorException.class, selector::keys);
      assertThrows(ClosedSelectorException.class, selector::selectedKeys);
      SocketChannel other = world.client().openSocketChannel();
      other.configureBlocking(false);
      assertThrows(ClosedSelectorException.class, () -> other.register(selector, SelectionKey.OP_READ));
      other.close();
      world.finish();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("worlds")
  void closingTheSelectorInvalidatesItsKeys(ChannelWorld world) throws Exception {
    try (world) {
      Selector selector = world.client().openSelector();
      SocketChannel channel = world.client().openSocketChannel();
      channel.configureBlocking(false);
      SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
      selector.close();
      assertFalse(key.isValid());
      assertNull(channel.keyFor(selector));
      channel.close();
      world.finish();
    }
  }
}
