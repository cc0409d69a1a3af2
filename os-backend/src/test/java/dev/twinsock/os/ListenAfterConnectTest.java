package dev.twinsock.os;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Whether a TCP socket may listen after a connect failed: kernel builds differ (the long-standing
 * answer is yes; some 6.18 builds say EINVAL), so this pins the shape of the answer, not the
 * answer: one answer for every socket that sent a SYN, however it was bound and whatever its
 * family, EINVAL when it is no, and a socket that never sent a SYN listens either way. The sim
 * models both answers (SimNetwork.Builder#listenAfterConnect); the parity property configures it
 * from this kernel and compares.
 */
class ListenAfterConnectTest {
  private final OsSockets os = new OsSockets();

  @AfterEach
  void closeAll() {
    os.close();
  }

  /** "ok" or "errno N" for listen on a socket whose blocking connect to port 0 was refused. */
  private String listenAfterRefusal(int family, String bindTo) {
    Socket socket = os.create(family, SOCK_STREAM, 0);
    if (bindTo != null) {
      socket.bind(bindTo, 0);
    }
    try {
      socket.connect(family == AF_INET ? "127.0.0.1" : "::1", 0);
      throw new AssertionError("a connect to port 0 was not refused");
    } catch (SocketError e) {
      assertEquals(SOCKET_ECONNREFUSED, e.code());
    }
    try {
      socket.listen();
      return "ok";
    } catch (SocketError e) {
      return "errno " + e.code();
    }
  }

  @Test
  void everySocketThatSentASynGetsTheSameAnswerAndANoIsEinval() {
    Map<String, String> answers = new LinkedHashMap<>();
    answers.put("IPv4, port from the connect", listenAfterRefusal(AF_INET, null));
    answers.put("IPv4, bound to the any address", listenAfterRefusal(AF_INET, "0.0.0.0"));
    answers.put("IPv4, bound to loopback", listenAfterRefusal(AF_INET, "127.0.0.1"));
    answers.put("IPv6, port from the connect", listenAfterRefusal(AF_INET6, null));
    answers.put("IPv6, bound to loopback", listenAfterRefusal(AF_INET6, "::1"));
    String first = answers.values().iterator().next();
    assertTrue(first.equals("ok") || first.equals("errno " + SOCKET_EINVAL), answers.toString());
    for (String answer : answers.values()) {
      assertEquals(first, answer, answers.toString());
    }
  }

  @Test
  void aSocketThatNeverSentASynListensAgainAfterItsListenerWasShutDown() {
    Socket socket = os.create(AF_INET, SOCK_STREAM, 0);
    socket.bind("127.0.0.1", 0);
    socket.listen();
    socket.shutdown(SHUT_RD); // tcp_disconnect: back to CLOSED, its port given back
    socket.listen();
    Socket fresh = os.create(AF_INET, SOCK_STREAM, 0);
    try {
      fresh.shutdown(SHUT_RDWR);
      throw new AssertionError("shutdown of a fresh socket succeeded");
    } catch (SocketError e) {
      assertEquals(SOCKET_ENOTCONN, e.code());
    }
    fresh.listen();
  }
}
