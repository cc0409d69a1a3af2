package dev.twinsock.conformance;

import static dev.twinsock.SocketConstants.*;
import static dev.twinsock.conformance.Loopback.V4;
import static dev.twinsock.conformance.Loopback.awaitReadable;
import static dev.twinsock.conformance.Loopback.boundUdp;
import static dev.twinsock.conformance.Loopback.connectedPair;
import static dev.twinsock.conformance.Loopback.port;
import static dev.twinsock.conformance.SocketAssertions.assertBytes;
import static dev.twinsock.conformance.SocketAssertions.assertRejected;
import static dev.twinsock.conformance.SocketAssertions.assertSocketError;
import static dev.twinsock.conformance.SocketAssertions.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Socket;
import org.junit.jupiter.api.Test;

/**
 * The length argument of {@code write}, {@code send} and {@code sendto}: the seed sends {@code
 * min(length, data.length)} bytes, so a longer length is clamped and 0 sends nothing; a negative
 * length is rejected before any system call.
 */
public class WriteLengthConformanceTest extends ConformanceTest {

  @Test
  void writeOfALengthBeyondTheDataWritesTheData() {
    Socket[] pair = connectedPair(sockets);
    assertEquals(3, pair[0].write(bytes("abc"), 100));
    pair[0].close();
    assertBytes("abc", pair[1].recv(100, MSG_WAITALL));
  }

  @Test
  void writeOfLengthZeroWritesNothing() {
    Socket[] pair = connectedPair(sockets);
    assertEquals(0, pair[0].write(bytes("abc"), 0));
    assertEquals(0, pair[0].write(new byte[0]));
    pair[0].close();
    assertEquals(0, pair[1].recv(100, MSG_WAITALL).length, "only the FIN arrives");
  }

  @Test
  void sendOfALengthBeyondTheDataSendsTheData() {
    Socket[] pair = connectedPair(sockets);
    assertEquals(4, pair[0].send(bytes("abcd"), 50, 0));
    assertEquals(0, pair[0].send(bytes("efgh"), 0, 0));
    pair[0].close();
    assertBytes("abcd", pair[1].recv(100, MSG_WAITALL));
  }

  @Test
  void sendtoOfALengthBeyondTheDataSendsOneDatagramOfTheData() {
    Socket receiver = boundUdp(sockets);
    Socket sender = boundUdp(sockets);
    assertEquals(2, sender.sendto(bytes("hi"), 9, 0, V4, port(receiver)));
    assertTrue(awaitReadable(sockets, receiver));
    assertBytes("hi", receiver.recv(100, 0));
  }

  @Test
  void sendtoOfLengthZeroSendsAnEmptyDatagram() {
    Socket receiver = boundUdp(sockets);
    Socket sender = boundUdp(sockets);
    assertEquals(0, sender.sendto(bytes("dropped"), 0, 0, V4, port(receiver)));
    assertTrue(awaitReadable(sockets, receiver));
    assertEquals(0, receiver.recv(100, 0).length);
    assertSocketError(SOCKET_EAGAIN, () -> receiver.recv(100, MSG_DONTWAIT));
  }

  @Test
  void negativeLengthsAreRejected() {
    Socket[] pair = connectedPair(sockets);
    Socket udp = boundUdp(sockets);
    assertRejected("socket_write(): Argument #3 ($length) must be greater than or equal to 0",
        () -> pair[0].write(bytes("x"), -1));
    assertRejected("socket_send(): Argument #3 ($length) must be greater than or equal to 0",
        () -> pair[0].send(bytes("x"), -1, 0));
    assertRejected("socket_sendto(): Argument #3 ($length) must be greater than or equal to 0",
        () -> udp.sendto(bytes("x"), -1, 0, V4, port(udp)));
    assertEquals(0, pair[0].lastError());
    assertEquals(0, udp.lastError());
    assertEquals(0, sockets.lastError());
  }

  @Test
  void aNegativeLengthIsRejectedBeforeAMissingPort() {
    // The seed checks $length before it looks at the family and the port.
    Socket udp = boundUdp(sockets);
    assertRejected("socket_sendto(): Argument #3 ($length) must be greater than or equal to 0",
        () -> udp.sendto(bytes("x"), -1, 0, V4));
  }
}
