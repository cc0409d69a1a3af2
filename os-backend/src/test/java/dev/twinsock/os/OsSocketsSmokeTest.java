package dev.twinsock.os;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.twinsock.Socket;
import org.junit.jupiter.api.Test;

class OsSocketsSmokeTest {
  @Test
  void echoOverLoopback() {
    try (OsSockets os = new OsSockets()) {
      Socket l = os.create(AF_INET, SOCK_STREAM, SOL_TCP);
      l.bind("127.0.0.1", 0);
      l.listen(4);
      int port = l.getsockname().port();
      Socket c = os.create(AF_INET, SOCK_STREAM, SOL_TCP);
      c.connect("127.0.0.1", port);
      Socket a = l.accept();
      assertEquals(5, c.write("hello".getBytes()));
      assertArrayEquals("hello".getBytes(), a.read(100));
      c.close();
      assertEquals(0, a.read(100).length);
      assertThrows(IllegalStateException.class, () -> c.read(10));
      assertEquals(0, os.lastError());
    }
  }
}
