package dev.twinsock.jdk.internal;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import dev.twinsock.os.OsSockets;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** The mapping against the JDK's own sockets on the real kernel, on loopback, in the same situation. */
class JdkExceptionsTest {
  @Test
  void aRefusedConnectIsWhatTheJdkThrows() throws Exception {
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = probe.getLocalPort();
    }
    IOException jdk = assertThrows(IOException.class, () -> {
      try (java.net.Socket plain = new java.net.Socket()) {
        plain.connect(new InetSocketAddress("127.0.0.1", closedPort));
      }
    });
    try (OsSockets os = new OsSockets()) {
      Socket socket = os.create(AF_INET, SOCK_STREAM, SOL_TCP);
      SocketError error = assertThrows(SocketError.class, () -> socket.connect("127.0.0.1", closedPort));
      socket.close();
      sameAs(jdk, JdkExceptions.ofCall(error.code()));
    }
  }

  @Test
  void aBindToAPortInUseIsWhatTheJdkThrows() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        OsSockets os = new OsSockets()) {
      IOException jdk = assertThrows(IOException.class,
          () -> new ServerSocket(taken.getLocalPort(), 1, InetAddress.getLoopbackAddress()).close());
      Socket socket = os.create(AF_INET, SOCK_STREAM, SOL_TCP);
      SocketError error = assertThrows(SocketError.class, () -> socket.bind("127.0.0.1", taken.getLocalPort()));
      socket.close();
      sameAs(jdk, JdkExceptions.ofCall(error.code()));
    }
  }

  @Test
  void aResetIsWordedAsNioSocketImplWordsIt() {
    assertEquals("Connection reset", JdkExceptions.ofTransfer(SOCKET_ECONNRESET).getMessage());
    assertEquals("Broken pipe", JdkExceptions.ofTransfer(SOCKET_EPIPE).getMessage());
  }

  private static void sameAs(IOException jdk, IOException ours) {
    assertEquals(jdk.getClass(), ours.getClass());
    assertEquals(jdk.getMessage(), ours.getMessage());
  }
}
