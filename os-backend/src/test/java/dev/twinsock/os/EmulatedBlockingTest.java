package dev.twinsock.os;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.twinsock.Linger;
import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import dev.twinsock.Timeval;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The kernel descriptor is non-blocking; these pin that the seed's blocking behaviour, timeouts
 * and options still read as the kernel's own.
 */
class EmulatedBlockingTest {
  private static final Duration HANG_GUARD = Duration.ofSeconds(20);
  private final OsSockets os = new OsSockets();

  @AfterEach
  void closeAll() {
    os.close();
  }

  private Socket[] connected() {
    Socket l = os.create(AF_INET, SOCK_STREAM, SOL_TCP);
    l.bind("127.0.0.1", 0);
    l.listen(1);
    Socket c = os.create(AF_INET, SOCK_STREAM, SOL_TCP);
    c.connect("127.0.0.1", l.getsockname().port());
    Socket a = l.accept();
    l.close();
    return new Socket[] {c, a};
  }

  @Test
  void receiveTimeoutEndsABlockingRecvWithEagain() {
    Socket[] pair = connected();
    pair[0].setOption(SOL_SOCKET, SO_RCVTIMEO, new Timeval(0, 20_000));
    SocketError e = assertTimeoutPreemptively(HANG_GUARD,
        () -> assertThrows(SocketError.class, () -> pair[0].recv(4, 0)));
    assertEquals(SOCKET_EAGAIN, e.code());
    assertEquals(SOCKET_EAGAIN, pair[0].lastError());
  }

  @Test
  void receiveTimeoutEndsABlockingAcceptWithEagain() {
    Socket l = os.create(AF_INET, SOCK_STREAM, SOL_TCP);
    l.bind("127.0.0.1", 0);
    l.listen(1);
    l.setOption(SOL_SOCKET, SO_RCVTIMEO, new Timeval(0, 20_000));
    SocketError e = assertTimeoutPreemptively(HANG_GUARD, () -> assertThrows(SocketError.class, l::accept));
    assertEquals(SOCKET_EAGAIN, e.code());
  }

  @Test
  void waitAllReturnsWhatArrivedWhenTheTimeoutEnds() {
    Socket[] pair = connected();
    pair[1].write("abc".getBytes());
    pair[0].setOption(SOL_SOCKET, SO_RCVTIMEO, new Timeval(0, 50_000));
    byte[] got = assertTimeoutPreemptively(HANG_GUARD, () -> pair[0].recv(10, MSG_WAITALL));
    assertArrayEquals("abc".getBytes(), got);
  }

  @Test
  void aBlockingConnectToAClosedPortIsRefused() {
    Socket probe = os.create(AF_INET, SOCK_STREAM, SOL_TCP);
    probe.bind("127.0.0.1", 0);
    int port = probe.getsockname().port();
    Socket c = os.create(AF_INET, SOCK_STREAM, SOL_TCP);
    SocketError e = assertThrows(SocketError.class, () -> c.connect("127.0.0.1", port));
    assertEquals(SOCKET_ECONNREFUSED, e.code());
    assertEquals(SOCKET_ECONNREFUSED, c.lastError());
    // SO_ERROR was consumed by the connect, as the kernel's blocking connect consumes it.
    assertEquals(0, c.getOption(SOL_SOCKET, SO_ERROR));
  }

  @Test
  void aBlockingConnectThenConnectAgainIsAlreadyConnected() {
    Socket[] pair = connected();
    SocketError e = assertThrows(SocketError.class,
        () -> pair[0].connect(pair[0].getpeername().address(), pair[0].getpeername().port()));
    assertEquals(SOCKET_EISCONN, e.code());
  }

  @Test
  void theSocketReportsTheBlockingModeTheSeedSetNotTheKernelOne() {
    Socket[] pair = connected();
    pair[0].setNonblock();
    assertEquals(SOCKET_EAGAIN, assertThrows(SocketError.class, () -> pair[0].read(1)).code());
    pair[0].setBlock();
    pair[1].write("z".getBytes());
    assertArrayEquals("z".getBytes(), pair[0].read(1));
  }

  @Test
  void optionsRoundTripThroughTheKernel() {
    Socket[] pair = connected();
    Socket s = pair[0];
    s.setOption(SOL_SOCKET, SO_LINGER, new Linger(1, 7));
    assertEquals(new Linger(1, 7), s.getOption(SOL_SOCKET, SO_LINGER));
    s.setOption(SOL_SOCKET, SO_SNDTIMEO, new Timeval(3, 0));
    assertEquals(new Timeval(3, 0), s.getOption(SOL_SOCKET, SO_SNDTIMEO));
    s.setOption(IPPROTO_TCP, TCP_NODELAY, 1);
    assertEquals(1, s.getOption(IPPROTO_TCP, TCP_NODELAY));
    s.setOption(IPPROTO_TCP, TCP_KEEPIDLE, 33);
    assertEquals(33, s.getOption(IPPROTO_TCP, TCP_KEEPIDLE));
    s.setOption(IPPROTO_TCP, TCP_USER_TIMEOUT, 1234);
    assertEquals(1234, s.getOption(IPPROTO_TCP, TCP_USER_TIMEOUT));
    s.setOption(IPPROTO_TCP, TCP_CONGESTION, "reno");
    assertEquals("reno", s.getOption(IPPROTO_TCP, TCP_CONGESTION));
    assertEquals(SOCK_STREAM, s.getOption(SOL_SOCKET, SO_TYPE));
    assertThrows(IllegalArgumentException.class, () -> s.setOption(SOL_SOCKET, SO_LINGER, 1));
    assertEquals(SOCKET_ENOPROTOOPT, assertThrows(SocketError.class, () -> s.getOption(SOL_SOCKET, 999)).code());

    Socket v6 = os.create(AF_INET6, SOCK_DGRAM, 0);
    v6.setOption(IPPROTO_IPV6, IPV6_V6ONLY, 1);
    assertEquals(1, v6.getOption(IPPROTO_IPV6, IPV6_V6ONLY));

    Socket udp = os.create(AF_INET, SOCK_DGRAM, 0);
    udp.setOption(IPPROTO_IP, IP_MULTICAST_TTL, 9);
    assertEquals(9, udp.getOption(IPPROTO_IP, IP_MULTICAST_TTL));
    udp.setOption(IPPROTO_IP, IP_MULTICAST_IF, "lo");
    assertEquals(1, udp.getOption(IPPROTO_IP, IP_MULTICAST_IF));
  }

  @Test
  void bindToDeviceTakesAName() {
    Socket udp = os.create(AF_INET, SOCK_DGRAM, 0);
    if (Native.POSIX.geteuid() != 0) {
      assertEquals(SOCKET_EPERM, assertThrows(SocketError.class,
          () -> udp.setOption(SOL_SOCKET, SO_BINDTODEVICE, "lo")).code());
      return;
    }
    udp.setOption(SOL_SOCKET, SO_BINDTODEVICE, "lo");
    assertEquals("lo", udp.getOption(SOL_SOCKET, SO_BINDTODEVICE));
  }

  @Test
  void anExceptOnlySelectOnAHungUpSocketWaitsOutItsTimeoutAndReportsNothing() {
    Socket[] pair = connected();
    pair[1].close();
    pair[0].shutdown(SHUT_RDWR); // both directions closed: poll reports POLLHUP, select ignores it here
    java.util.List<Socket> except = new java.util.ArrayList<>(java.util.List.of(pair[0]));
    int ready = assertTimeoutPreemptively(HANG_GUARD, () -> os.select(null, null, except, 0L, 100_000));
    assertEquals(0, ready);
    assertEquals(java.util.List.of(), except);
    java.util.List<Socket> read = new java.util.ArrayList<>(java.util.List.of(pair[0]));
    assertEquals(1, os.select(read, null, null, 0L, 0), "the same socket reads as ready: EOF");
  }

  @Test
  void sendTimeoutBoundsAUnixConnectWaitingForBacklogRoom() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("tws");
    try {
      String path = dir.resolve("full").toString();
      Socket l = os.create(AF_UNIX, SOCK_STREAM, 0);
      l.bind(path);
      l.listen(0);
      os.create(AF_UNIX, SOCK_STREAM, 0).connect(path); // fills the backlog of 0 + 1
      Socket waiting = os.create(AF_UNIX, SOCK_STREAM, 0);
      waiting.setOption(SOL_SOCKET, SO_SNDTIMEO, new Timeval(0, 30_000));
      SocketError e = assertTimeoutPreemptively(HANG_GUARD,
          () -> assertThrows(SocketError.class, () -> waiting.connect(path)));
      assertEquals(SOCKET_EAGAIN, e.code());
      // Room in the queue: the same socket now connects.
      l.accept();
      assertTimeoutPreemptively(HANG_GUARD, () -> waiting.connect(path));
      assertEquals(path, waiting.getpeername().address());
    } finally {
      os.close();
      java.nio.file.Files.deleteIfExists(dir.resolve("full"));
      java.nio.file.Files.delete(dir);
    }
  }
}
