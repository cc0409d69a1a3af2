package dev.twinsock.conformance;

import static dev.twinsock.SocketConstants.*;
import static dev.twinsock.conformance.Loopback.tcp;
import static dev.twinsock.conformance.SocketAssertions.assertRejected;
import static dev.twinsock.conformance.SocketAssertions.assertSocketError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinsock.Linger;
import dev.twinsock.Socket;
import dev.twinsock.Timeval;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SO_LINGER, SO_RCVTIMEO and SO_SNDTIMEO in the seed's array shape, a map of their fields: taken
 * as the records are, and a missing field named as the seed names it, before any system call.
 */
public class OptionArrayShapeConformanceTest extends ConformanceTest {

  private static final String VALUE = "socket_set_option(): Argument #4 ($value) ";

  @Test
  void lingerTakesAMapOfItsTwoFields() {
    Socket socket = tcp(sockets);
    socket.setOption(SOL_SOCKET, SO_LINGER, Map.of("l_onoff", 1, "l_linger", 7));
    assertEquals(new Linger(1, 7), socket.getOption(SOL_SOCKET, SO_LINGER));
  }

  @Test
  void aLingerMapWithoutAFieldIsRefusedNamingIt() {
    Socket socket = tcp(sockets);
    assertSocketError(SOCKET_ENOTCONN, socket::getpeername);
    assertRejected(VALUE + "must have key \"l_linger\"", () -> socket.setOption(SOL_SOCKET, SO_LINGER, Map.of("l_onoff", 1)));
    assertRejected(VALUE + "must have key \"l_onoff\"", () -> socket.setOption(SOL_SOCKET, SO_LINGER, Map.of("l_linger", 1)));
    assertRejected(VALUE + "must have key \"l_onoff\"", () -> socket.setOption(SOL_SOCKET, SO_LINGER, Map.of()));
    assertRejected(VALUE + "key \"l_linger\" must be of type int, String given",
        () -> socket.setOption(SOL_SOCKET, SO_LINGER, Map.of("l_onoff", 1, "l_linger", "7")));
    assertEquals(SOCKET_ENOTCONN, socket.lastError(), "no refusal records an error");
    assertEquals(new Linger(0, 0), socket.getOption(SOL_SOCKET, SO_LINGER));
  }

  @Test
  void timeoutsTakeAMapOfSecondsAndMicroseconds() {
    Socket socket = tcp(sockets);
    socket.setOption(SOL_SOCKET, SO_RCVTIMEO, Map.of("sec", 2, "usec", 500000));
    assertEquals(new Timeval(2, 500000), socket.getOption(SOL_SOCKET, SO_RCVTIMEO));
    assertRejected(VALUE + "must have key \"usec\"", () -> socket.setOption(SOL_SOCKET, SO_SNDTIMEO, Map.of("sec", 1)));
    assertRejected(VALUE + "must have key \"sec\"", () -> socket.setOption(SOL_SOCKET, SO_SNDTIMEO, Map.of("usec", 1)));
  }

  @Test
  void anotherShapeIsNamedByItsPublicType() {
    Socket socket = tcp(sockets);
    assertRejected(VALUE + "must be of type Linger for SO_LINGER, Integer given",
        () -> socket.setOption(SOL_SOCKET, SO_LINGER, 5));
    assertRejected(VALUE + "must be of type Integer for option 9, Map given",
        () -> socket.setOption(SOL_SOCKET, SO_KEEPALIVE, Map.of("on", 1)));
    assertRejected(VALUE + "must be of type Integer for option 9, List given",
        () -> socket.setOption(SOL_SOCKET, SO_KEEPALIVE, List.of(1)));
  }
}
