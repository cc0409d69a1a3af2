package dev.twinsock.sim;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A socket closed by its application still tells old data from new: a retransmission of bytes it
 * already received (their ACK was lost) is acknowledged again, and only bytes it never saw make
 * it answer with RST — as Linux's tcp_rcv_state_process does in FIN_WAIT1/FIN_WAIT2.
 */
class ClosedSocketDuplicatesTest {
  @Test
  void aRetransmissionOfReceivedBytesReachingAClosedSocketIsNotReset() {
    SimNetwork net = SimNetwork.builder().seed(9).build();
    SimHost server = net.addHost("server", "10.0.0.1");
    SimHost client = net.addHost("client", "10.0.0.2");
    net.link(server, client).latency(Duration.ofMillis(5));
    Socket listener = server.createListen(7);
    Socket socket = client.create(AF_INET, SOCK_STREAM, SOL_TCP);
    socket.connect("server", 7);
    Socket connection = listener.accept();

    // Everything the server says is held: its ACK of "ping", the echo and its FIN.
    Partition held = net.partitionOneWay(server, client).holdPackets();
    socket.write("ping".getBytes());
    assertArrayEquals("ping".getBytes(), connection.read(100));
    connection.write("pong".getBytes());
    connection.close();
    listener.close();
    // The client, hearing nothing, retransmits "ping" to the closed socket.
    net.runFor(Duration.ofSeconds(2));
    held.close();

    assertArrayEquals("pong".getBytes(), socket.read(100));
    assertEquals(0, socket.read(100).length, "then the FIN: a clean end, not ECONNRESET");
    socket.close();
    String trace = net.trace().toText();
    assertTrue(trace.contains("client>server tcp 10.0.0.2"), trace);
    assertTrue(!trace.contains("[R"), "no reset was sent:\n" + trace);
    assertTrue(trace.indexOf("len 4", trace.indexOf("len 4") + 1) > 0, "the client did retransmit:\n" + trace);
  }

  @Test
  void newDataReachingAClosedSocketIsReset() {
    SimNetwork net = SimNetwork.builder().seed(9).build();
    SimHost server = net.addHost("server", "10.0.0.1");
    SimHost client = net.addHost("client", "10.0.0.2");
    net.link(server, client).latency(Duration.ofMillis(5));
    Socket listener = server.createListen(7);
    Socket socket = client.create(AF_INET, SOCK_STREAM, SOL_TCP);
    socket.connect("server", 7);
    Socket connection = listener.accept();
    connection.close();
    listener.close();
    net.runFor(Duration.ofMillis(20)); // the FIN arrives; the client may still send
    socket.write("late".getBytes());
    net.runFor(Duration.ofMillis(20));
    assertTrue(net.trace().toText().contains("[R"), net.trace().toText());
    socket.close();
  }
}
