package dev.twinsock.conformance;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Credentials;
import dev.twinsock.Socket;
import org.junit.jupiter.api.Test;

/**
 * SO_PEERCRED on AF_UNIX: the peer's pid, uid and gid as {@link Credentials}. Both ends of a pair
 * belong to this one process, so each sees the same identity; the values themselves are the
 * backend's (the real process, or the simulated host's).
 */
public class PeerCredentialsConformanceTest extends ConformanceTest {

  @Test
  void bothEndsOfAPairSeeThisProcess() {
    Socket[] pair = sockets.createPair(AF_UNIX, SOCK_STREAM, 0);
    Credentials left = assertInstanceOf(Credentials.class, pair[0].getOption(SOL_SOCKET, SO_PEERCRED));
    Credentials right = assertInstanceOf(Credentials.class, pair[1].getOption(SOL_SOCKET, SO_PEERCRED));
    assertEquals(left, right);
    assertTrue(left.pid() > 0, "pid " + left.pid());
    assertTrue(left.uid() >= 0 && left.gid() >= 0, left.toString());
  }

  @Test
  void aConnectionOverAPathCarriesTheSameCredentials() {
    String path = backend.unixPath("peercred");
    Socket listener = sockets.create(AF_UNIX, SOCK_STREAM, 0);
    listener.bind(path);
    listener.listen(1);
    Socket client = sockets.create(AF_UNIX, SOCK_STREAM, 0);
    client.connect(path);
    Socket server = listener.accept();
    Credentials pairs = (Credentials) sockets.createPair(AF_UNIX, SOCK_STREAM, 0)[0].getOption(SOL_SOCKET, SO_PEERCRED);
    assertEquals(pairs, client.getOption(SOL_SOCKET, SO_PEERCRED));
    assertEquals(pairs, server.getOption(SOL_SOCKET, SO_PEERCRED));
  }
}
