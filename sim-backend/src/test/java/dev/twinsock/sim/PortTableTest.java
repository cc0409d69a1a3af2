package dev.twinsock.sim;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinsock.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which listener a SYN finds, and a port with thousands of connections set up and torn down. */
class PortTableTest {

  private static Socket reusePortListener(SimHost host, String address, int port, boolean listen) {
    Socket socket = host.create(AF_INET, SOCK_STREAM, SOL_TCP);
    socket.setOption(SOL_SOCKET, SO_REUSEPORT, 1);
    socket.bind(address, port);
    if (listen) {
      socket.listen();
    }
    return socket;
  }

  /** Connects from {@code client} and says which listener's accept queue has the connection. */
  private static int whoAccepts(SimNetwork net, SimHost client, String address, Socket... listeners) {
    Socket socket = client.create(AF_INET, SOCK_STREAM, SOL_TCP);
    socket.connect(address, 80);
    net.runFor(Duration.ofMillis(1));
    int found = -1;
    for (int i = 0; i < listeners.length; i++) {
      listeners[i].setNonblock();
      List<Socket> read = new ArrayList<>(List.of(listeners[i]));
      if (client.select(read, null, null, 0L, 0) == 1) {
        listeners[i].accept().close();
        found = i;
      }
    }
    socket.close();
    return found;
  }

  @Test
  void aSynFindsTheMostSpecificListenerAndOfEqualsTheFirstToListen() {
    SimNetwork net = SimNetwork.builder().seed(1).build();
    SimHost server = net.addHost("server", "10.0.0.1");
    SimHost client = net.addHost("client", "10.0.0.2");
    Socket firstBound = reusePortListener(server, "0.0.0.0", 80, false);
    Socket secondBound = reusePortListener(server, "0.0.0.0", 80, true);
    // listen re-hashes the socket (Linux's inet_csk_get_port again): it joins the port's end
    firstBound.listen();
    assertEquals(1, whoAccepts(net, client, "10.0.0.1", firstBound, secondBound));
    Socket specific = reusePortListener(server, "10.0.0.1", 80, true);
    assertEquals(2, whoAccepts(net, client, "10.0.0.1", firstBound, secondBound, specific));
    assertEquals(1, whoAccepts(net, server, "127.0.0.1", firstBound, secondBound, specific));
    specific.close();
    secondBound.close();
    assertEquals(0, whoAccepts(net, client, "10.0.0.1", firstBound));
  }

  @Test
  void aPortWithThousandsOfConnectionsSetsUpAndTearsDownEachInTurn() {
    SimNetwork net = SimNetwork.builder().seed(2).traceCapacity(0).build();
    SimHost server = net.addHost("server", "10.0.0.1");
    SimHost client = net.addHost("client", "10.0.0.2");
    Socket listener = server.createListen(80, 4096);
    int count = 3000;
    List<Socket[]> pairs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Socket socket = client.create(AF_INET, SOCK_STREAM, SOL_TCP);
      socket.connect("10.0.0.1", 80);
      pairs.add(new Socket[] {socket, listener.accept()});
    }
    PortTable ports = server.stack().tcpPorts;
    assertEquals(count + 1, ports.at(80).size());
    // tear down every other pair, then check the rest still talk, each to its own peer
    for (int i = 0; i < count; i += 2) {
      pairs.get(i)[1].close();
      pairs.get(i)[0].close();
    }
    // past TIME_WAIT: the closed connections' bindings are gone
    net.runFor(Duration.ofSeconds(61));
    assertEquals(count / 2 + 1, ports.at(80).size());
    for (int i = 1; i < count; i += 2) {
      byte[] message = ("pair " + i).getBytes(StandardCharsets.US_ASCII);
      pairs.get(i)[0].write(message);
      assertArrayEquals(message, pairs.get(i)[1].read(100));
    }
    Socket late = client.create(AF_INET, SOCK_STREAM, SOL_TCP);
    late.connect("10.0.0.1", 80);
    listener.accept().close();
    late.close();
    listener.close();
  }
}
