package dev.twinsock.sim;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Loopback traffic arrives within the call that sends it, as on Linux: non-blocking calls see the
 * handshake, the data and the FIN at once, and the virtual clock does not move.
 */
class LoopbackDeliveryTest {
  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void aNonBlockingConnectHandshakesWithinTheCallAndDataAndFinFollowAtOnce() {
    SimNetwork net = SimNetwork.builder().seed(3).build();
    SimHost host = net.addHost("solo", "10.0.0.1");
    Socket listener = host.createListen(0);
    listener.setNonblock();
    Socket client = host.create(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    SocketError inProgress = assertThrows(SocketError.class,
        () -> client.connect("127.0.0.1", listener.getsockname().port()));
    assertEquals(SOCKET_EINPROGRESS, inProgress.code());

    Socket server = listener.accept(); // no clock ran: the handshake is done already
    server.setNonblock();
    assertEquals(2, client.write(bytes("hi")));
    assertArrayEquals(bytes("hi"), server.read(10));
    client.close();
    assertArrayEquals(new byte[0], server.read(10), "the FIN arrived with the close");

    List<Socket> writable = new ArrayList<>(List.of(server));
    assertEquals(1, host.select(null, writable, null, 0L, 0));
    assertEquals(Duration.ZERO, host.now());
    host.close();
  }

  @Test
  void aDatagramToTheHostItselfIsQueuedBeforeSendtoReturns() {
    SimNetwork net = SimNetwork.builder().seed(3).build();
    SimHost host = net.addHost("solo", "10.0.0.1");
    Socket receiver = host.create(AF_INET6, SOCK_DGRAM, 0);
    receiver.bind("::1", 0);
    receiver.setNonblock();
    Socket sender = host.create(AF_INET6, SOCK_DGRAM, 0);
    sender.sendto(bytes("ping"), 4, 0, "::1", receiver.getsockname().port());
    assertArrayEquals(bytes("ping"), receiver.recvfrom(10, 0).data());
    assertEquals(Duration.ZERO, host.now());
    host.close();
  }

  @Test
  void aResetReachesThePeerWithinTheClose() {
    SimNetwork net = SimNetwork.builder().seed(3).build();
    SimHost host = net.addHost("solo", "10.0.0.1");
    Socket listener = host.createListen(0);
    Socket client = host.create(AF_INET, SOCK_STREAM, 0);
    client.connect("127.0.0.1", listener.getsockname().port());
    Socket server = listener.accept();
    server.write(bytes("unread"));
    client.close(); // unread data: RST
    server.setNonblock();
    SocketError reset = assertThrows(SocketError.class, () -> server.read(10));
    assertEquals(SOCKET_ECONNRESET, reset.code());
    host.close();
  }
}
