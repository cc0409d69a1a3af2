package dev.twinsock.sim;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A TCP socket reset by its peer may connect again (Linux allows it from CLOSED); the new
 * connection starts with a fresh congestion window and retransmission scoreboard, not the dead
 * connection's unacknowledged segments. (Found by the parity properties: the old scoreboard's
 * segment, resent against the new connection's sequence numbers, asked for a negative copy.)
 */
class ReconnectAfterResetTest {
  @Test
  void aSocketResetByItsPeerConnectsAgainAndSends() {
    SimNetwork net = SimNetwork.builder().seed(42).build();
    SimHost h = net.addHost("h", "10.0.0.1");
    Socket listener = h.createListen(0, 5);
    int port = listener.getsockname().port();
    Socket client = h.create(AF_INET, SOCK_STREAM, 0);
    client.setNonblock();
    assertEquals(SOCKET_EINPROGRESS, assertThrows(SocketError.class, () -> client.connect("127.0.0.1", port)).code());
    h.select(null, new ArrayList<>(List.of(client)), null, 1L, 0);
    Socket server = listener.accept();
    client.write(new byte[] {'a'});
    assertArrayEquals(new byte[] {'a'}, server.recv(4096, 0));
    server.close();
    client.write(new byte[] {'b'}); // the closed peer answers with RST; 'b' stays unacknowledged
    assertEquals(SOCKET_EPIPE, assertThrows(SocketError.class, () -> client.connect("127.0.0.1", port)).code());

    assertEquals(SOCKET_EINPROGRESS, assertThrows(SocketError.class, () -> client.connect("127.0.0.1", port)).code());
    h.select(null, new ArrayList<>(List.of(client)), null, 1L, 0);
    assertEquals(5, client.send("hello".getBytes(), 5, 0));
    Socket again = listener.accept();
    assertArrayEquals("hello".getBytes(), again.recv(4096, 0));
    client.close();
    again.close();
    listener.close();
    net.checkNoOpenSockets();
  }
}
