package dev.twinsock.conformance;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Socket;
import org.junit.jupiter.api.Test;

/**
 * A host name given to an AF_INET6 socket resolves as the seed resolves it, with AI_V4MAPPED: a
 * name that has IPv4 addresses only ({@code localhost} in a hosts file without ::1) gives its
 * first one mapped, where a plain lookup of the family would find nothing.
 */
public class Ipv6NameConformanceTest extends ConformanceTest {

  @Test
  void localhostBindsAnIpv6SocketWhateverTheHostsFileSays() {
    Socket socket = sockets.create(AF_INET6, SOCK_STREAM, 0);
    socket.bind("localhost", 0);
    String bound = socket.getsockname().address();
    assertTrue(bound.equals("::1") || bound.equals("::ffff:127.0.0.1"), bound);
  }

  @Test
  void localhostConnectsAnIpv6SocketToItsLoopback() {
    Socket listener = sockets.create(AF_INET6, SOCK_STREAM, 0);
    listener.bind("localhost", 0);
    listener.listen(1);
    Socket client = sockets.create(AF_INET6, SOCK_STREAM, 0);
    client.connect("localhost", listener.getsockname().port());
    assertTrue(listener.accept() != null);
  }
}
