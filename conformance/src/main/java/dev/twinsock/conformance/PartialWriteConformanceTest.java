package dev.twinsock.conformance;

import static dev.twinsock.SocketConstants.*;
import static dev.twinsock.conformance.Loopback.V4;
import static dev.twinsock.conformance.Loopback.port;
import static dev.twinsock.conformance.Loopback.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import org.junit.jupiter.api.Test;

/**
 * Non-blocking writes to a connection whose buffers are full: the kernel takes what fits and
 * returns a short count, and once nothing fits, EAGAIN.
 */
public class PartialWriteConformanceTest extends ConformanceTest {

  @Test
  void nonBlockingWriteToAFullBufferIsShortThenWouldBlock() {
    Socket listener = tcp(sockets);
    listener.setOption(SOL_SOCKET, SO_RCVBUF, 4096);
    listener.bind(V4, 0);
    listener.listen(1);
    Socket client = tcp(sockets);
    client.setOption(SOL_SOCKET, SO_SNDBUF, 4096);
    client.connect(V4, port(listener));
    listener.accept(); // never read from
    client.setNonblock();

    byte[] megabyte = new byte[1 << 20];
    long total = 0;
    int shortWrites = 0;
    // Small buffers: a few short writes (the first took 6144 bytes on Linux 6.18) and then EAGAIN.
    for (int attempt = 0; attempt < 100; attempt++) {
      int written;
      try {
        written = client.write(megabyte);
      } catch (SocketError e) {
        assertEquals(SOCKET_EAGAIN, e.code(), e.getMessage());
        assertTrue(shortWrites > 0, "a short write came before EAGAIN");
        assertTrue(total < megabyte.length, "wrote " + total);
        return;
      }
      assertTrue(written > 0 && written < megabyte.length, "a short count, not " + written);
      shortWrites++;
      total += written;
    }
    throw new AssertionError("no EAGAIN after 100 writes of 1 MiB (" + total + " bytes taken)");
  }

  @Test
  void writeOfALengthSendsOnlyThatPrefix() {
    Socket[] pair = Loopback.connectedPair(sockets);
    assertEquals(3, pair[0].write(SocketAssertions.bytes("abcdef"), 3));
    pair[0].close();
    SocketAssertions.assertBytes("abc", pair[1].recv(10, MSG_WAITALL));
  }
}
