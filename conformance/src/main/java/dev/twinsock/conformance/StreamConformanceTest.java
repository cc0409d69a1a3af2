package dev.twinsock.conformance;

import static dev.twinsock.SocketConstants.*;
import static dev.twinsock.conformance.Loopback.connectedPair;
import static dev.twinsock.conformance.SocketAssertions.assertBytes;
import static dev.twinsock.conformance.SocketAssertions.bytes;
import static dev.twinsock.conformance.SocketAssertions.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Socket;
import dev.twinsock.SocketStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@code exportStream} and {@code importStream}: stream views of one and the same socket. */
public class StreamConformanceTest extends ConformanceTest {

  @Test
  void anExportedStreamReadsAndWritesTheSocket() throws IOException {
    Socket[] pair = connectedPair(sockets);
    SocketStream stream = pair[0].exportStream();
    stream.output().write(bytes("to server"));
    stream.output().flush();
    assertBytes("to server", pair[1].recv(9, MSG_WAITALL));
    pair[1].write(bytes("to client"));
    assertEquals("to client", readFully(stream, 9));
  }

  @Test
  void importingAnExportedStreamGivesTheSameConnection() throws IOException {
    Socket[] pair = connectedPair(sockets);
    SocketStream stream = pair[0].exportStream();
    Socket imported = sockets.importStream(stream);
    assertEquals(pair[0].getsockname(), imported.getsockname());
    assertEquals(pair[1].getsockname(), imported.getpeername());
    imported.write(bytes("round trip"));
    assertBytes("round trip", pair[1].recv(10, MSG_WAITALL));
    pair[1].write(bytes("back"));
    assertBytes("back", imported.recv(4, MSG_WAITALL));
  }

  @Test
  void closingTheStreamClosesTheSocket() {
    Socket[] pair = connectedPair(sockets);
    SocketStream stream = pair[0].exportStream();
    stream.close();
    org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, pair[0]::getsockname);
    assertTrue(Loopback.awaitReadable(sockets, pair[1]), "the FIN arrives");
    assertEquals(0, pair[1].recv(1, 0).length, "the peer sees the connection end");
  }

  @Test
  void everyExportOfASocketIsTheSameStream() {
    Socket[] pair = connectedPair(sockets);
    SocketStream stream = pair[0].exportStream();
    org.junit.jupiter.api.Assertions.assertSame(stream, pair[0].exportStream());
    org.junit.jupiter.api.Assertions.assertSame(pair[0], sockets.importStream(pair[0].exportStream()));
  }

  @Test
  void aUnixPairExportsToo() throws IOException {
    Socket[] pair = sockets.createPair(AF_UNIX, SOCK_STREAM, 0);
    SocketStream stream = pair[1].exportStream();
    pair[0].write(bytes("unix"));
    assertEquals("unix", readFully(stream, 4));
  }

  private static String readFully(SocketStream stream, int length) throws IOException {
    byte[] buffer = new byte[length];
    int at = 0;
    while (at < length) {
      int n = stream.input().read(buffer, at, length - at);
      if (n < 0) {
        break;
      }
      at += n;
    }
    return text(Arrays.copyOf(buffer, at));
  }
}
