package dev.twinsock.sim;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.ControlMessage;
import dev.twinsock.Credentials;
import dev.twinsock.Datagram;
import dev.twinsock.Message;
import dev.twinsock.SockAddr;
import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** UDP between hosts and AF_UNIX between tasks of one host. */
class UdpAndUnixTest {
  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void udpBetweenHostsKeepsBoundariesAndReportsThePortUnreachable() {
    SimNetwork net = SimNetwork.builder().seed(3).build();
    SimHost a = net.addHost("a", "10.0.0.1");
    SimHost b = net.addHost("b", "10.0.0.2");
    net.link(a, b).latency(Duration.ofMillis(25));
    Socket receiver = b.create(AF_INET, SOCK_DGRAM, SOL_UDP);
    receiver.bind("0.0.0.0", 5353);
    Socket sender = a.create(AF_INET, SOCK_DGRAM, SOL_UDP);
    sender.sendto(bytes("one"), 3, 0, "b", 5353);
    sender.sendto(bytes("two!"), 4, 0, "10.0.0.2", 5353);
    Datagram first = receiver.recvfrom(100, 0);
    assertEquals(Duration.ofMillis(25), net.now());
    assertArrayEquals(bytes("one"), first.data());
    assertEquals(new SockAddr("10.0.0.1", sender.getsockname().port()), first.from());
    assertArrayEquals(bytes("tw"), receiver.recvfrom(2, 0).data(), "truncated, the rest discarded");

    Socket connected = a.create(AF_INET, SOCK_DGRAM, SOL_UDP);
    connected.connect("b", 9999);
    assertEquals(1, connected.send(bytes("x"), 1, 0));
    SocketError refused = assertThrows(SocketError.class, () -> connected.recv(10, 0));
    assertEquals(SOCKET_ECONNREFUSED, refused.code());
    assertEquals(Duration.ofMillis(75), net.now(), "the ICMP error came back over the link");
  }

  @Test
  void scmRightsPassesASocketBetweenTasksOfOneHost() {
    SimNetwork net = SimNetwork.builder().build();
    SimHost host = net.addHost("h", "10.0.0.1");
    Socket[] carrier = host.createPair(AF_UNIX, SOCK_STREAM, 0);
    List<String> heard = new ArrayList<>();
    net.spawn(host, "acceptor", () -> {
      Socket listener = host.createListen(8080);
      Socket connection = listener.accept();
      listener.close();
      carrier[0].sendmsg(new Message(null, List.of(bytes("fd")),
          List.of(new ControlMessage(SOL_SOCKET, SCM_RIGHTS, List.of(connection))), 0), 0);
      connection.close();
    });
    net.spawn(host, "worker", () -> {
      Message message = carrier[1].recvmsg(10, host.cmsgSpace(SOL_SOCKET, SCM_RIGHTS, 1), 0);
      Socket connection = (Socket) ((List<?>) message.control().get(0).data()).get(0);
      heard.add(new String(connection.read(100), StandardCharsets.US_ASCII));
      connection.close();
    });
    net.spawn(host, "client", () -> {
      Socket client = host.create(AF_INET, SOCK_STREAM, SOL_TCP);
      client.connect("127.0.0.1", 8080);
      client.write(bytes("hello worker"));
      assertEquals(0, client.read(10).length, "the worker closed the passed connection");
      client.close();
    });
    net.run();
    assertEquals(List.of("hello worker"), heard);
    carrier[0].close();
    carrier[1].close();
    net.checkNoOpenSockets();
  }

  @Test
  void aUnixPathStaysBoundAfterCloseUntilUnlinked() {
    SimNetwork net = SimNetwork.builder().build();
    SimHost host = net.addHost("h", "10.0.0.1");
    Socket server = host.create(AF_UNIX, SOCK_STREAM, 0);
    server.bind("/run/app.sock");
    server.listen(5);
    Socket client = host.create(AF_UNIX, SOCK_STREAM, 0);
    client.connect("/run/app.sock");
    assertEquals(host.credentials(), client.getOption(SOL_SOCKET, SO_PEERCRED));
    assertEquals(new Credentials(1000, host.credentials().uid(), host.credentials().gid()), host.credentials());
    server.close();
    Socket again = host.create(AF_UNIX, SOCK_STREAM, 0);
    assertEquals(SOCKET_EADDRINUSE, assertThrows(SocketError.class, () -> again.bind("/run/app.sock")).code());
    Socket late = host.create(AF_UNIX, SOCK_STREAM, 0);
    assertEquals(SOCKET_ECONNREFUSED, assertThrows(SocketError.class, () -> late.connect("/run/app.sock")).code());
    host.unlink("/run/app.sock");
    again.bind("/run/app.sock");
    SimHost other = net.addHost("other", "10.0.0.2");
    Socket elsewhere = other.create(AF_UNIX, SOCK_STREAM, 0);
    assertEquals(SOCKET_ENOENT, assertThrows(SocketError.class, () -> elsewhere.connect("/run/app.sock")).code(),
        "each host has its own path namespace");
  }

  @Test
  void aPathCanBeBoundOnlyInADirectoryThatExistsAndThePathIsCheckedBeforeTheSocket() {
    SimNetwork net = SimNetwork.builder().build();
    SimHost host = net.addHost("h", "10.0.0.1");
    Socket socket = host.create(AF_UNIX, SOCK_STREAM, 0);
    assertEquals(SOCKET_ENOENT, assertThrows(SocketError.class, () -> socket.bind("/srv/app/app.sock")).code());
    host.createDirectories("/srv/app");
    socket.bind("/srv/app/app.sock");
    socket.bind(""); // autobind on a named socket keeps the name
    assertEquals("/srv/app/app.sock", socket.getsockname().address());
    assertEquals(SOCKET_ENOENT, assertThrows(SocketError.class, () -> socket.bind("/srv/none/b.sock")).code());
    assertEquals(SOCKET_EADDRINUSE, assertThrows(SocketError.class, () -> socket.bind("/srv/app/app.sock")).code());
    assertEquals(SOCKET_EINVAL, assertThrows(SocketError.class, () -> socket.bind("/srv/b.sock")).code());
    assertEquals(SOCKET_EINVAL, assertThrows(SocketError.class, () -> socket.bind("\0abstract")).code());
    host.create(AF_UNIX, SOCK_DGRAM, 0).bind("/tmp/stock.sock");
  }

  @Test
  void anEnoentForAMissingDirectoryNamesItAndHowToMakeIt() {
    SimNetwork net = SimNetwork.builder().build();
    SimHost host = net.addHost("h", "10.0.0.1");
    Socket socket = host.create(AF_UNIX, SOCK_STREAM, 0);
    // a directory made on the real filesystem (Files.createTempDirectory) is not the simulated host's
    String hint = " (the simulated host has no directory /tmp/junit123: make it with"
        + " SimHost.createDirectories(\"/tmp/junit123\"))";
    SocketError bind = assertThrows(SocketError.class, () -> socket.bind("/tmp/junit123/app.sock"));
    assertEquals("socket_bind(): Unable to bind address [2]: No such file or directory" + hint, bind.getMessage());
    SocketError connect = assertThrows(SocketError.class, () -> socket.connect("/tmp/junit123/app.sock"));
    assertEquals("socket_connect(): unable to connect [2]: No such file or directory" + hint, connect.getMessage());
    Socket datagram = host.create(AF_UNIX, SOCK_DGRAM, 0);
    SocketError sendto = assertThrows(SocketError.class, () -> datagram.sendto(bytes("x"), 1, 0, "/tmp/junit123/d"));
    assertEquals(SOCKET_ENOENT, sendto.code());
    assertTrue(sendto.getMessage().endsWith(hint), sendto.getMessage());
    assertEquals(SOCKET_ENOENT, host.lastError());

    // a missing file in a directory that exists is the plain ENOENT, as on Linux
    SocketError plain = assertThrows(SocketError.class, () -> socket.connect("/tmp/nobody.sock"));
    assertEquals("socket_connect(): unable to connect [2]: No such file or directory", plain.getMessage());
  }
}
