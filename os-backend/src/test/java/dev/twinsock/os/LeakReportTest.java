package dev.twinsock.os;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Socket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** checkNoOpenSockets names each socket left open and the line that made it. */
class LeakReportTest {
  private final OsSockets os = new OsSockets();

  @AfterEach
  void closeAll() {
    os.close();
  }

  @Test
  void noSocketsOpenPasses() {
    os.create(AF_INET, SOCK_STREAM, 0).close();
    os.checkNoOpenSockets();
  }

  @Test
  void anOpenSocketIsNamedWithTheLineThatCreatedIt() {
    Socket kept = os.createListen(0); // the api's default method: the report still names this line
    IllegalStateException leak = assertThrows(IllegalStateException.class, os::checkNoOpenSockets);
    assertTrue(leak.getMessage().startsWith("expected 0 open sockets, but found 1:\n  fd "), leak.getMessage());
    assertTrue(leak.getMessage().contains(" AF_INET SOCK_STREAM, created at "
        + LeakReportTest.class.getName() + ".anOpenSocketIsNamedWithTheLineThatCreatedIt"), leak.getMessage());
    kept.close();
    os.checkNoOpenSockets();
  }

  @Test
  void anAcceptedSocketIsNamedByTheAcceptLineAndListedInCreationOrder() {
    Socket listener = os.create(AF_INET, SOCK_STREAM, 0);
    listener.bind("127.0.0.1", 0);
    listener.listen(1);
    Socket client = os.create(AF_INET, SOCK_STREAM, 0);
    client.connect("127.0.0.1", listener.getsockname().port());
    Socket accepted = listener.accept();
    listener.close();
    client.close();
    IllegalStateException leak = assertThrows(IllegalStateException.class, os::checkNoOpenSockets);
    assertTrue(leak.getMessage().startsWith("expected 0 open sockets, but found 1:"), leak.getMessage());
    assertTrue(leak.getMessage().contains("anAcceptedSocketIsNamedByTheAcceptLineAndListedInCreationOrder"), leak.getMessage());
    accepted.exportStream().close(); // closing the stream view closes the socket too
    os.checkNoOpenSockets();
  }
}
