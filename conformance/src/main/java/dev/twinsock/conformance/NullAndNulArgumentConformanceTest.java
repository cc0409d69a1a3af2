package dev.twinsock.conformance;

import static dev.twinsock.SocketConstants.*;
import static dev.twinsock.conformance.Loopback.V4;
import static dev.twinsock.conformance.Loopback.tcp;
import static dev.twinsock.conformance.Loopback.udp;
import static dev.twinsock.conformance.SocketAssertions.assertRejected;
import static dev.twinsock.conformance.SocketAssertions.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinsock.AddrInfo;
import dev.twinsock.ControlMessage;
import dev.twinsock.GroupRequest;
import dev.twinsock.Message;
import dev.twinsock.SockAddr;
import dev.twinsock.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A null where the seed takes a string, an array or an object is PHP 8's TypeError, and an address
 * with an embedded NUL byte its ValueError: an {@link IllegalArgumentException} naming the
 * argument, before any system call (no last error), on every backend.
 */
public class NullAndNulArgumentConformanceTest extends ConformanceTest {

  @Test
  void aNullAddressIsATypeError() {
    for (int family : new int[] {AF_INET, AF_INET6, AF_UNIX}) {
      Socket stream = sockets.create(family, SOCK_STREAM, 0);
      Socket dgram = sockets.create(family, SOCK_DGRAM, 0);
      assertRejected("socket_bind(): Argument #2 ($address) must be of type string, null given", () -> dgram.bind(null, 0));
      assertRejected("socket_bind(): Argument #2 ($address) must be of type string, null given", () -> dgram.bind(null));
      assertRejected("socket_connect(): Argument #2 ($address) must be of type string, null given",
          () -> stream.connect(null, 1));
      assertRejected("socket_sendto(): Argument #5 ($address) must be of type string, null given",
          () -> dgram.sendto(bytes("x"), 1, 0, null, 1));
      assertRejected("socket_sendto(): Argument #5 ($address) must be of type string, null given",
          () -> dgram.sendto(bytes("x"), 1, 0, null));
      assertEquals(0, dgram.lastError());
    }
    assertRejected("socket_connect(): Argument #2 ($address) must be of type string, null given",
        () -> sockets.create(AF_UNIX, SOCK_STREAM, 0).connect(null));
    assertEquals(0, sockets.lastError());
  }

  @Test
  void nullDataIsATypeError() {
    Socket[] pair = sockets.createPair(AF_UNIX, SOCK_STREAM, 0);
    assertRejected("socket_write(): Argument #2 ($data) must be of type string, null given", () -> pair[0].write(null));
    assertRejected("socket_write(): Argument #2 ($data) must be of type string, null given", () -> pair[0].write(null, 1));
    assertRejected("socket_send(): Argument #2 ($data) must be of type string, null given", () -> pair[0].send(null, 1, 0));
    assertRejected("socket_sendto(): Argument #2 ($data) must be of type string, null given",
        () -> udp(sockets).sendto(null, 1, 0, V4, 9));
    assertEquals(0, pair[0].lastError());
    assertEquals(0, sockets.lastError());
  }

  @Test
  void aNullMessageOrANullPartOfOneIsATypeError() {
    Socket socket = sockets.createPair(AF_UNIX, SOCK_DGRAM, 0)[0];
    assertRejected("socket_sendmsg(): Argument #2 ($message) must be of type array, null given", () -> socket.sendmsg(null, 0));
    assertRejected("Message(): Argument #2 ($iov) element 0 must be of type byte[], null given",
        () -> new Message(null, Collections.singletonList(null), List.of(), 0));
    assertRejected("Message(): Argument #3 ($control) element 0 must be of type ControlMessage, null given",
        () -> new Message(null, List.of(bytes("x")), Collections.singletonList(null), 0));
    assertRejected("SockAddr(): Argument #1 ($address) must be of type string, null given", () -> new SockAddr(null, 1));
    assertEquals(0, socket.lastError());
  }

  /** The kernel would take SCM_RIGHTS data that is not a list of sockets as no descriptors at all. */
  @Test
  void scmRightsDataThatIsNotAListOfSocketsIsRejected() {
    Socket socket = sockets.createPair(AF_UNIX, SOCK_DGRAM, 0)[0];
    assertRejected("socket_sendmsg(): Argument #2 ($message) SCM_RIGHTS data must be a list of sockets, null given",
        () -> socket.sendmsg(new Message(null, List.of(bytes("x")), List.of(new ControlMessage(SOL_SOCKET, SCM_RIGHTS, null)), 0), 0));
    assertRejected("socket_sendmsg(): Argument #2 ($message) SCM_RIGHTS data must be a list of sockets, byte[] given",
        () -> socket.sendmsg(new Message(null, List.of(bytes("x")),
            List.of(new ControlMessage(SOL_SOCKET, SCM_RIGHTS, new byte[4])), 0), 0));
    assertRejected("socket_sendmsg(): Argument #2 ($message) SCM_RIGHTS data must be a list of sockets, String element given",
        () -> socket.sendmsg(new Message(null, List.of(bytes("x")),
            List.of(new ControlMessage(SOL_SOCKET, SCM_RIGHTS, List.of("fd"))), 0), 0));
    assertEquals(0, socket.lastError());
  }

  @Test
  void aGroupRequestWithoutAGroupOrSourceIsAValueError() {
    Socket v4 = udp(sockets);
    assertRejected("socket_set_option(): Argument #4 ($value) must have key \"group\"",
        () -> v4.setOption(IPPROTO_IP, MCAST_JOIN_GROUP, new GroupRequest(null, "lo")));
    assertRejected("socket_set_option(): Argument #4 ($value) must have key \"source\"",
        () -> v4.setOption(IPPROTO_IP, MCAST_JOIN_SOURCE_GROUP, new GroupRequest("232.1.2.3", "lo", null)));
    Socket v6 = sockets.create(AF_INET6, SOCK_DGRAM, 0);
    assertRejected("socket_set_option(): Argument #4 ($value) must have key \"group\"",
        () -> v6.setOption(IPPROTO_IPV6, MCAST_JOIN_GROUP, new GroupRequest(null, null)));
    assertEquals(0, sockets.lastError());
  }

  @Test
  void nullLookupArgumentsAreTypeErrors() {
    assertRejected("socket_addrinfo_lookup(): Argument #1 ($host) must be of type string, null given",
        () -> sockets.addrinfoLookup(null));
    Map<String, Integer> hints = new HashMap<>();
    hints.put("ai_family", null);
    assertRejected("socket_addrinfo_lookup(): Argument #3 ($hints) \"ai_family\" must be of type int, null given",
        () -> sockets.addrinfoLookup("127.0.0.1", null, hints));
    assertRejected("socket_addrinfo_bind(): Argument #1 ($address) must be of type AddressInfo, null given",
        () -> sockets.addrinfoBind(null));
    assertRejected("socket_addrinfo_connect(): Argument #1 ($address) must be of type AddressInfo, null given",
        () -> sockets.addrinfoConnect(null));
    assertRejected("socket_addrinfo_explain(): Argument #1 ($address) must be of type AddressInfo, null given",
        () -> sockets.addrinfoExplain(null));
    assertRejected("socket_addrinfo_bind(): Argument #1 ($address) must have an address, null given",
        () -> sockets.addrinfoBind(new AddrInfo(0, AF_INET, SOCK_STREAM, 0, null, null)));
    // a null service and null hints are none
    assertEquals(sockets.addrinfoLookup(V4).size(), sockets.addrinfoLookup(V4, null, null).size());
    assertEquals(0, sockets.lastError());
  }

  @Test
  void aNullSelectElementIsATypeError() {
    List<Socket> read = new ArrayList<>(Collections.singletonList(null));
    assertRejected("socket_select(): Argument #1 ($read) must only have elements of type Socket, null given",
        () -> sockets.select(read, null, null, 0L, 0));
    List<Socket> write = new ArrayList<>(Collections.singletonList(null));
    assertRejected("socket_select(): Argument #2 ($write) must only have elements of type Socket, null given",
        () -> sockets.select(null, write, null, 0L, 0));
  }

  /**
   * libc reads a C string up to its first NUL: {@code "127.0.0.1\0junk"} would be bound as
   * 127.0.0.1 and {@code "/tmp/a\0b"} as /tmp/a, so that a check the caller made on the string no
   * longer holds for what is used. PHP 8 rejects such strings with a ValueError.
   */
  @Test
  void anAddressWithAnEmbeddedNulIsAValueError() {
    assertRejected("socket_bind(): Argument #2 ($address) must not contain any null bytes",
        () -> udp(sockets).bind("127.0.0.1\0junk", 0));
    assertRejected("socket_connect(): Argument #2 ($address) must not contain any null bytes",
        () -> tcp(sockets).connect("127.0.0.1\0junk", 1));
    assertRejected("socket_sendto(): Argument #5 ($address) must not contain any null bytes",
        () -> udp(sockets).sendto(bytes("x"), 1, 0, "127.0.0.1\0junk", 9));
    assertRejected("socket_bind(): Argument #2 ($address) must not contain any null bytes",
        () -> sockets.create(AF_INET6, SOCK_DGRAM, 0).bind("::1\0junk", 0));
    String path = backend.unixPath("nul");
    assertRejected("socket_bind(): Argument #2 ($address) must not contain any null bytes",
        () -> sockets.create(AF_UNIX, SOCK_DGRAM, 0).bind(path + "\0junk"));
    assertRejected("socket_connect(): Argument #2 ($address) must not contain any null bytes",
        () -> sockets.create(AF_UNIX, SOCK_STREAM, 0).connect(path + "\0junk"));
    assertRejected("socket_addrinfo_lookup(): Argument #1 ($host) must not contain any null bytes",
        () -> sockets.addrinfoLookup("127.0.0.1\0junk"));
    assertEquals(0, sockets.lastError());
  }

  /** An abstract AF_UNIX name starts with a NUL and is bytes: NULs inside it are part of the name. */
  @Test
  void anAbstractNameMayCarryNuls() {
    String name = "\0tw-nul\0inside-" + System.nanoTime();
    Socket bound = sockets.create(AF_UNIX, SOCK_DGRAM, 0);
    bound.bind(name);
    assertEquals(name, bound.getsockname().address());
  }
}
