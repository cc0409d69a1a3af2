package dev.twinsock.os;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.twinsock.AddrInfo;
import dev.twinsock.SockAddr;
import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** A closed socket never touches its old descriptor number; nothing leaks; Sockets.close closes all. */
class DescriptorLifetimeTest {
  /** A call made after close is refused before it could reach any descriptor number. */
  private static void assertClosed(Executable call) {
    IllegalStateException e = assertThrows(IllegalStateException.class, call);
    assertTrue(e.getMessage().endsWith("(): Argument #1 ($socket) has already been closed"), e.getMessage());
  }

  @Test
  void aClosedSocketIsRefusedEvenAfterTheKernelReusesItsNumber() {
    try (OsSockets os = new OsSockets()) {
      OsSocket old = (OsSocket) os.create(AF_INET, SOCK_DGRAM, SOL_UDP);
      int number = old.descriptorNumber();
      old.close();
      OsSocket listener = (OsSocket) os.create(AF_INET, SOCK_STREAM, SOL_TCP);
      assumeTrue(listener.descriptorNumber() == number, "the kernel reused the number");
      listener.bind("127.0.0.1", 0);
      listener.listen(1);
      SockName name = new SockName(listener.getsockname().address(), listener.getsockname().port());

      assertClosed(old::getsockname);
      assertClosed(() -> old.listen(5));
      assertClosed(() -> old.shutdown(SHUT_RDWR));
      assertClosed(() -> old.setOption(SOL_SOCKET, SO_REUSEADDR, 1));
      assertClosed(() -> old.recv(1, MSG_DONTWAIT));
      assertClosed(old::accept);
      old.close();

      // The stranger holding the number is untouched: still listening on the same address.
      assertEquals(name, new SockName(listener.getsockname().address(), listener.getsockname().port()));
      assertEquals(1, listener.getOption(SOL_SOCKET, SO_ACCEPTCONN));
      assertEquals(0, listener.getOption(SOL_SOCKET, SO_REUSEADDR));
      Socket client = os.create(AF_INET, SOCK_STREAM, SOL_TCP);
      client.connect("127.0.0.1", name.port());
      assertNotNull(listener.accept());
    }
  }

  private record SockName(String address, int port) {}

  @Test
  void tenThousandConnectionsLeakNoDescriptor() throws IOException {
    try (OsSockets os = new OsSockets()) {
      Socket listener = os.create(AF_INET, SOCK_STREAM, SOL_TCP);
      listener.bind("127.0.0.1", 0);
      listener.listen(128);
      int port = listener.getsockname().port();
      // Once first, so that what jnr opens lazily is not counted as a leak; sockets and eventfds
      // only, as files the JVM opens for its own sake are not the backend's.
      cycle(listener, os, port);
      int before = BadInputOsSide.openKernelObjects();
      for (int i = 0; i < 10_000; i++) {
        cycle(listener, os, port);
      }
      assertEquals(before, BadInputOsSide.openKernelObjects());
      assertEquals(1, os.openCount());
    }
  }

  private static void cycle(Socket listener, OsSockets os, int port) {
    Socket client = os.create(AF_INET, SOCK_STREAM, SOL_TCP);
    client.connect("127.0.0.1", port);
    Socket accepted = listener.accept();
    // The server side closes first and keeps the TIME_WAIT, as servers do, so 10,000 runs do not
    // exhaust the client's ephemeral ports.
    accepted.close();
    client.close();
  }

  @Test
  void closingTheProcessClosesEverySocketItMadeOrReceived() throws IOException {
    OsSockets os = new OsSockets();
    List<Socket> made = new ArrayList<>();
    Socket listener = os.createListen(0);
    made.add(listener);
    made.add(os.create(AF_INET6, SOCK_DGRAM, 0));
    made.addAll(List.of(os.createPair(AF_UNIX, SOCK_SEQPACKET, 0)));
    Socket client = os.create(AF_INET, SOCK_STREAM, SOL_TCP);
    client.connect("127.0.0.1", listener.getsockname().port());
    made.add(client);
    made.add(listener.accept());
    assertEquals(made.size(), os.openCount());
    // Each kernel socket by its descriptor and inode ("socket:[N]"), which no other socket shares
    // while it is open: counting every descriptor of the JVM would also count what the JVM opens
    // lazily or what other tests' threads close late.
    Map<Integer, String> kernelSockets = new LinkedHashMap<>();
    for (Socket s : made) {
      int number = ((OsSocket) s).descriptorNumber();
      kernelSockets.put(number, Files.readSymbolicLink(Path.of("/proc/self/fd/" + number)).toString());
    }

    os.close();

    assertEquals(0, os.openCount());
    for (Socket s : made) {
      assertClosed(s::getsockname);
    }
    for (Map.Entry<Integer, String> e : kernelSockets.entrySet()) {
      assertNotEquals(e.getValue(), linkOf(e.getKey()), "descriptor " + e.getKey() + " still holds its socket");
    }
    os.close();
  }

  private static String linkOf(int descriptor) throws IOException {
    try {
      return Files.readSymbolicLink(Path.of("/proc/self/fd/" + descriptor)).toString();
    } catch (NoSuchFileException closed) {
      return "(closed)";
    }
  }

  @Test
  void addrinfoConnectAndBindLeaveNoSocketWhenTheAddressIsRejected() {
    try (OsSockets os = new OsSockets()) {
      AddrInfo tooLong = new AddrInfo(0, AF_UNIX, SOCK_STREAM, 0, null, new SockAddr("/tmp/" + "x".repeat(200), 0));
      assertThrows(IllegalArgumentException.class, () -> os.addrinfoConnect(tooLong));
      assertThrows(IllegalArgumentException.class, () -> os.addrinfoBind(tooLong));
      AddrInfo badPort = new AddrInfo(0, AF_INET, SOCK_STREAM, 0, null, new SockAddr("127.0.0.1", 70_000));
      assertThrows(IllegalArgumentException.class, () -> os.addrinfoConnect(badPort));
      assertEquals(0, os.openCount());
    }
  }

  @Test
  void closingTheProcessAlsoClosesSocketsAcceptedWhileItCloses() throws Exception {
    for (int round = 0; round < 20; round++) {
      OsSockets os = new OsSockets();
      OsSockets clients = new OsSockets();
      try {
        // Many idle sockets make the close long enough for accepts to land in the middle of it.
        for (int i = 0; i < 300; i++) {
          os.create(AF_INET, SOCK_DGRAM, SOL_UDP);
        }
        Socket listener = os.create(AF_INET, SOCK_STREAM, SOL_TCP);
        listener.bind("127.0.0.1", 0);
        listener.listen(128);
        int port = listener.getsockname().port();
        List<Socket> accepted = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread acceptor = new Thread(() -> {
          try {
            while (true) {
              accepted.add(listener.accept());
            }
          } catch (SocketError | IllegalStateException e) {
            // the listener was closed: during a wait (EBADF) or before the next call
          }
        });
        Thread connector = new Thread(() -> {
          try {
            while (!stop.get()) {
              clients.create(AF_INET, SOCK_STREAM, SOL_TCP).connect("127.0.0.1", port);
            }
          } catch (SocketError e) {
            // the listener was closed
          }
        });
        acceptor.start();
        connector.start();
        while (accepted.size() < 5) {
          Thread.onSpinWait();
        }
        os.close();
        stop.set(true);
        acceptor.join();
        connector.join();
        assertEquals(0, os.openCount(), "round " + round);
        synchronized (accepted) {
          for (Socket s : accepted) {
            assertTrue(((OsSocket) s).isClosed(), "round " + round + ": an accepted socket is open");
          }
        }
      } finally {
        os.close();
        clients.close();
      }
    }
  }
}
