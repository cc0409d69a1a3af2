package dev.twinsock.examples;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import dev.twinsock.Sockets;
import dev.twinsock.os.OsSockets;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's "API in one glance", verbatim (ReadmeTest checks it), does what its comments say. */
class ApiAtAGlanceTest {
  /** The README's block, then what the test needs of it: the line read, every socket closed. */
  static byte[] apiInOneGlance() {
    Sockets os = new OsSockets();                       // or a simulated host: net.addHost("server", "10.0.0.1")
    Socket listener = os.create(AF_INET, SOCK_STREAM, SOL_TCP);
    listener.bind("127.0.0.1", 0);
    listener.listen(16);
    Socket client = os.create(AF_INET, SOCK_STREAM, SOL_TCP);
    client.connect("127.0.0.1", listener.getsockname().port());
    Socket conn = listener.accept();
    client.write("ping\n".getBytes());
    byte[] line = conn.read(100, PHP_NORMAL_READ);      // "ping\n"
    try {
      client.connect("127.0.0.1", 1);                   // already connected
    } catch (SocketError e) {
      System.out.println(e.code());                      // 106 = SOCKET_EISCONN
      System.out.println(e.getMessage());                // socket_connect(): unable to connect [106]: Transport endpoint is already connected
    }
    os.close();
    return line;
  }

  @Test
  void theLineArrivesAndASecondConnectIsEisconn() throws Exception {
    byte[][] line = new byte[1][];
    String printed = CapturedOutput.of(() -> line[0] = apiInOneGlance());
    assertEquals("ping\n", new String(line[0], StandardCharsets.UTF_8));
    assertEquals(SOCKET_EISCONN + "\n"
        + "socket_connect(): unable to connect [106]: Transport endpoint is already connected\n", printed);
  }
}
