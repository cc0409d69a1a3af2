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
 * Whether a TCP socket keeps the role it first took: kernel builds differ. The long-standing
 * answer lets a socket whose connect was refused listen, and a listener shut down with SHUT_RD
 * connect; a 6.18.44 build says EINVAL to both. So this pins the shape of the answer, not the
 * answer: one answer for every socket that sent a SYN and every listener shut down, however bound
 * and of either family; EINVAL where it is no, after the route is checked; and each socket may
 * do again what it did before. The sim models both answers (SimNetwork.Builder#fixedTcpRoles);
 * the parity property configures it from this kernel and compares.
 */
class FixedTcpRolesTest {
  private final OsSockets os = new OsSockets();

  @AfterEach
  void closeAll() {
    os.close();
  }

  private static String outcome(Runnable call) {
    try {
      call.run();
      return "ok";
    } catch (SocketError e) {
      return "errno " + e.code();
    }
  }

  private static String loopback(int family) {
    return family == AF_INET ? "127.0.0.1" : "::1";
  }

  private Socket refused(int family, String bindTo) {
    Socket socket = os.create(family, SOCK_STREAM, 0);
    if (bindTo != null) {
      socket.bind(bindTo, 0);
    }
    assertEquals("errno " + SOCKET_ECONNREFUSED, outcome(() -> socket.connect(loopback(family), 0)));
    return socket;
  }

  private Socket shutListener(int family, String bindTo) {
    Socket socket = os.create(family, SOCK_STREAM, 0);
    if (bindTo != null) {
      socket.bind(bindTo, 0);
    }
    socket.listen();
    socket.shutdown(SHUT_RD); // tcp_disconnect: the listener is CLOSED again
    return socket;
  }

  @Test
  void everySocketGetsTheSameAnswerAndANoIsEinval() {
    Socket target = os.createListen(0);
    int port = target.getsockname().port();
    Map<String, String> answers = new LinkedHashMap<>();
    answers.put("listen, IPv4 refused, port from the connect", outcome(refused(AF_INET, null)::listen));
    answers.put("listen, IPv4 refused, bound to any", outcome(refused(AF_INET, "0.0.0.0")::listen));
    answers.put("listen, IPv4 refused, bound to loopback", outcome(refused(AF_INET, "127.0.0.1")::listen));
    answers.put("listen, IPv6 refused, port from the connect", outcome(refused(AF_INET6, null)::listen));
    answers.put("listen, IPv6 refused, bound to loopback", outcome(refused(AF_INET6, "::1")::listen));
    Socket[] shut = {shutListener(AF_INET, null), shutListener(AF_INET, "127.0.0.1"), shutListener(AF_INET6, null)};
    answers.put("connect, IPv4 listener shut down", outcome(() -> shut[0].connect("127.0.0.1", port)));
    answers.put("connect, IPv4 bound listener shut down", outcome(() -> shut[1].connect("127.0.0.1", port)));
    answers.put("connect, IPv6 listener shut down, to v4-mapped", outcome(() -> shut[2].connect("::ffff:127.0.0.1", port)));
    String first = answers.values().iterator().next();
    assertTrue(first.equals("ok") || first.equals("errno " + SOCKET_EINVAL), answers.toString());
    for (String answer : answers.values()) {
      assertEquals(first, answer, answers.toString());
    }
  }

  @Test
  void listenTakesAPortWhateverTheAnswer() {
    Socket socket = refused(AF_INET, "127.0.0.1");
    String answer = outcome(socket::listen); // a refused one takes it before the listener is hashed
    int port = socket.getsockname().port();
    Socket other = os.create(AF_INET, SOCK_STREAM, 0);
    assertEquals("errno " + SOCKET_EADDRINUSE, outcome(() -> other.bind("127.0.0.1", port)), answer);
    assertEquals("errno " + SOCKET_EINVAL, outcome(() -> socket.bind("127.0.0.1", 0)), answer);
  }

  @Test
  void theRouteIsCheckedBeforeTheRole() {
    Socket socket = shutListener(AF_INET, null);
    assertEquals("errno " + SOCKET_ENETUNREACH, outcome(() -> socket.connect("255.255.255.255", 1)));
    Socket v6only = os.create(AF_INET6, SOCK_STREAM, 0);
    v6only.setOption(IPPROTO_IPV6, IPV6_V6ONLY, 1);
    v6only.listen();
    v6only.shutdown(SHUT_RD);
    assertEquals("errno " + SOCKET_ENETUNREACH, outcome(() -> v6only.connect("::ffff:127.0.0.1", 1)));
  }

  @Test
  void aSocketMayDoAgainWhatItDidBefore() {
    Socket target = os.createListen(0);
    Socket refused = refused(AF_INET, null);
    refused.connect("127.0.0.1", target.getsockname().port());
    Socket listener = shutListener(AF_INET, null);
    listener.listen();
    Socket fresh = os.create(AF_INET, SOCK_STREAM, 0);
    assertEquals("errno " + SOCKET_ENOTCONN, outcome(() -> fresh.shutdown(SHUT_RDWR)));
    fresh.listen();
  }
}
