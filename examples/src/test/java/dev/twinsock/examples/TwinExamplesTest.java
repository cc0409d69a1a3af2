package dev.twinsock.examples;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import dev.twinsock.Sockets;
import dev.twinsock.junit5.TwinEnvironment;
import dev.twinsock.junit5.TwinTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Assertions;

/** Code written once against Sockets, checked on the simulation and on the real kernel by one body each. */
class TwinExamplesTest {
  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @TwinTest
  void aLineComesBackOverTcp(Sockets sockets, TwinEnvironment env) {
    Socket listener = env.peer().create(AF_INET, SOCK_STREAM, SOL_TCP);
    listener.bind(env.peerAddress(), 0);
    listener.listen(4);
    Socket client = sockets.create(AF_INET, SOCK_STREAM, SOL_TCP);
    client.connect(env.peerAddress(), listener.getsockname().port());
    Socket connection = listener.accept();
    client.write(bytes("ping\n"));
    connection.write(connection.read(100, PHP_NORMAL_READ));
    assertEquals("ping\n", new String(client.read(100, PHP_NORMAL_READ), StandardCharsets.UTF_8));
    connection.close();
    client.close();
    listener.close();
  }

  @TwinTest
  void aConnectToAPortNobodyListensOnIsRefused(Sockets sockets, TwinEnvironment env) {
    Socket client = sockets.create(AF_INET, SOCK_STREAM, SOL_TCP);
    SocketError refused = Assertions.assertThrows(SocketError.class, () -> client.connect(env.peerAddress(), 1));
    assertEquals(SOCKET_ECONNREFUSED, refused.code());
    assertEquals(SOCKET_ECONNREFUSED, client.lastError());
    client.close();
  }

  @TwinTest
  void datagramsKeepTheirBoundariesOverAfUnix(Sockets sockets, TwinEnvironment env) {
    Socket receiver = sockets.create(AF_UNIX, SOCK_DGRAM, 0);
    receiver.bind(env.unixPath("receiver.sock"));
    Socket sender = sockets.create(AF_UNIX, SOCK_DGRAM, 0);
    sender.sendto(bytes("one"), 3, 0, env.unixPath("receiver.sock"));
    sender.sendto(bytes("two!"), 4, 0, env.unixPath("receiver.sock"));
    assertEquals("one", new String(receiver.recvfrom(100, 0).data(), StandardCharsets.UTF_8));
    assertEquals("two!", new String(receiver.recvfrom(100, 0).data(), StandardCharsets.UTF_8));
    sender.close();
    receiver.close();
  }
}
