package dev.twinsock.jdk.nio;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.*;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NotYetConnectedException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Datagram channels on the sim and on the real kernel. */
class DatagramChannelTest {
  static Stream<ChannelWorld> worlds() {
    return ChannelWorld.both().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("worlds")
  void sendAndReceiveKeepBoundariesAndCutLongDatagrams(ChannelWorld world) throws Exception {
    try (world) {
      DatagramChannel receiver = world.server().openDatagramChannel();
      receiver.bind(new InetSocketAddress(world.serverAddress(), 0));
      int port = ((InetSocketAddress) receiver.getLocalAddress()).getPort();
      DatagramChannel sender = world.client().openDatagramChannel();
      assertThrows(NotYetConnectedException.class, () -> sender.write(ByteBuffer.allocate(1)));
      assertEquals(5, sender.send(US_ASCII.encode("hello"), world.server(port)));
      assertEquals(9, sender.send(US_ASCII.encode("truncated"), world.server(port)));
      ByteBuffer in = ByteBuffer.allocate(16);
      InetSocketAddress from = (InetSocketAddress) receiver.receive(in);
      assertEquals(((InetSocketAddress) sender.getLocalAddress()).getPort(), from.getPort());
      in.flip();
      assertEquals("hello", US_ASCII.decode(in).toString());
      ByteBuffer small = ByteBuffer.allocate(5);
      receiver.receive(small);
      small.flip();
      assertEquals("trunc", US_ASCII.decode(small).toString());
      receiver.configureBlocking(false);
      assertNull(receiver.receive(ByteBuffer.allocate(4)), "nothing waiting");
      receiver.close();
      sender.close();
      assertThrows(ClosedChannelException.class, () -> sender.send(ByteBuffer.allocate(1), world.server(port)));
      world.finish();
    }
  }
}
