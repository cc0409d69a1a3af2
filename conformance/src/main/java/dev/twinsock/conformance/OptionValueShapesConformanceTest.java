package dev.twinsock.conformance;

import static dev.twinsock.SocketConstants.*;
import static dev.twinsock.conformance.Loopback.tcp;
import static dev.twinsock.conformance.SocketAssertions.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.twinsock.Linger;
import dev.twinsock.Socket;
import dev.twinsock.Timeval;
import org.junit.jupiter.api.Test;

/**
 * The Java shape of each option's value (see docs/semantics.md): SO_LINGER a {@link Linger},
 * SO_RCVTIMEO and SO_SNDTIMEO a {@link Timeval}, TCP_CONGESTION and SO_BINDTODEVICE a {@code
 * String}, every other option an {@code Integer}; {@code setOption} takes the same shapes and
 * rejects any other before the system call, recording no error.
 */
public class OptionValueShapesConformanceTest extends ConformanceTest {

  private static final String VALUE = "socket_set_option(): Argument #4 ($value) must be of type ";

  @Test
  void congestionControlReadsAsItsNameAndTakesOne() {
    Socket socket = tcp(sockets);
    // The default algorithm is the machine's choice; reno is built into every Linux kernel and
    // always allowed.
    assertInstanceOf(String.class, socket.getOption(IPPROTO_TCP, TCP_CONGESTION));
    socket.setOption(IPPROTO_TCP, TCP_CONGESTION, "reno");
    assertEquals("reno", socket.getOption(IPPROTO_TCP, TCP_CONGESTION));
  }

  @Test
  void anUnboundDeviceReadsAsAnEmptyName() {
    assertEquals("", tcp(sockets).getOption(SOL_SOCKET, SO_BINDTODEVICE));
  }

  @Test
  void integerOptionsReadAsIntegers() {
    Socket socket = tcp(sockets);
    assertEquals(0, socket.getOption(SOL_SOCKET, SO_KEEPALIVE));
    assertEquals(0, socket.getOption(IPPROTO_TCP, TCP_NODELAY));
    assertEquals(0, socket.getOption(SOL_SOCKET, SO_ERROR));
  }

  @Test
  void aValueOfTheWrongShapeIsRejected() {
    Socket socket = tcp(sockets);
    assertRejected(VALUE + "Linger for SO_LINGER, Integer given", () -> socket.setOption(SOL_SOCKET, SO_LINGER, 1));
    assertRejected(VALUE + "Timeval for SO_RCVTIMEO, Linger given",
        () -> socket.setOption(SOL_SOCKET, SO_RCVTIMEO, new Linger(1, 0)));
    assertRejected(VALUE + "Timeval for SO_SNDTIMEO, Integer given", () -> socket.setOption(SOL_SOCKET, SO_SNDTIMEO, 5));
    assertRejected(VALUE + "String for TCP_CONGESTION, Integer given",
        () -> socket.setOption(IPPROTO_TCP, TCP_CONGESTION, 1));
    assertRejected(VALUE + "Integer for option " + SO_KEEPALIVE + ", String given",
        () -> socket.setOption(SOL_SOCKET, SO_KEEPALIVE, "1"));
    assertRejected(VALUE + "Integer for option " + SO_KEEPALIVE + ", null given",
        () -> socket.setOption(SOL_SOCKET, SO_KEEPALIVE, null));
    assertEquals(0, socket.lastError());
    assertEquals(0, sockets.lastError());
  }
}
