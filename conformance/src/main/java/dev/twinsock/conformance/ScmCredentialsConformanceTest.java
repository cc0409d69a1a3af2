package dev.twinsock.conformance;

import static dev.twinsock.SocketConstants.*;
import static dev.twinsock.conformance.SocketAssertions.assertBytes;
import static dev.twinsock.conformance.SocketAssertions.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinsock.ControlMessage;
import dev.twinsock.Credentials;
import dev.twinsock.Message;
import dev.twinsock.Socket;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SCM_CREDENTIALS over AF_UNIX: a receiver with SO_PASSCRED gets the sender's pid, uid and gid as
 * {@link Credentials}, whether the sender attached them or not; without SO_PASSCRED it gets none.
 * The identity is this process's, read from SO_PEERCRED of a pair, so the test holds for the real
 * process and for a simulated host alike.
 */
public class ScmCredentialsConformanceTest extends ConformanceTest {

  private static final int CREDENTIALS_SPACE = 32;

  private Credentials thisProcess() {
    Socket[] pair = sockets.createPair(AF_UNIX, SOCK_STREAM, 0);
    return (Credentials) pair[0].getOption(SOL_SOCKET, SO_PEERCRED);
  }

  @Test
  void credentialsSentExplicitlyArriveAsSent() {
    Credentials self = thisProcess();
    Socket[] pair = sockets.createPair(AF_UNIX, SOCK_DGRAM, 0);
    pair[1].setOption(SOL_SOCKET, SO_PASSCRED, 1);
    assertEquals(1, pair[1].getOption(SOL_SOCKET, SO_PASSCRED));
    Message out = new Message(null, List.of(bytes("cred")),
        List.of(new ControlMessage(SOL_SOCKET, SCM_CREDENTIALS, self)), 0);
    assertEquals(4, pair[0].sendmsg(out, 0));

    Message in = pair[1].recvmsg(100, CREDENTIALS_SPACE, 0);
    assertBytes("cred", in.data());
    assertEquals(0, in.flags() & MSG_CTRUNC);
    assertEquals(List.of(new ControlMessage(SOL_SOCKET, SCM_CREDENTIALS, self)), in.control());
  }

  @Test
  void theKernelAttachesTheSendersCredentialsWhenTheReceiverAsks() {
    Credentials self = thisProcess();
    Socket[] pair = sockets.createPair(AF_UNIX, SOCK_DGRAM, 0);
    pair[1].setOption(SOL_SOCKET, SO_PASSCRED, 1);
    pair[0].send(bytes("plain"), 5, 0);
    Message in = pair[1].recvmsg(100, CREDENTIALS_SPACE, 0);
    assertBytes("plain", in.data());
    assertEquals(List.of(new ControlMessage(SOL_SOCKET, SCM_CREDENTIALS, self)), in.control());
  }

  @Test
  void withoutPassCredNoCredentialsArrive() {
    Credentials self = thisProcess();
    Socket[] pair = sockets.createPair(AF_UNIX, SOCK_DGRAM, 0);
    assertEquals(0, pair[1].getOption(SOL_SOCKET, SO_PASSCRED));
    pair[0].sendmsg(new Message(null, List.of(bytes("x")),
        List.of(new ControlMessage(SOL_SOCKET, SCM_CREDENTIALS, self)), 0), 0);
    Message in = pair[1].recvmsg(100, CREDENTIALS_SPACE, 0);
    assertBytes("x", in.data());
    assertEquals(List.of(), in.control());
  }

  @Test
  void credentialsCrossAStreamPairToo() {
    Credentials self = thisProcess();
    Socket[] pair = sockets.createPair(AF_UNIX, SOCK_STREAM, 0);
    pair[1].setOption(SOL_SOCKET, SO_PASSCRED, 1);
    pair[0].sendmsg(new Message(null, List.of(bytes("s")),
        List.of(new ControlMessage(SOL_SOCKET, SCM_CREDENTIALS, self)), 0), 0);
    Message in = pair[1].recvmsg(100, CREDENTIALS_SPACE, 0);
    assertBytes("s", in.data());
    assertEquals(List.of(new ControlMessage(SOL_SOCKET, SCM_CREDENTIALS, self)), in.control());
  }

  /**
   * A datagram or seqpacket socket that passes credentials and has no name gets one when it sends
   * (an abstract autobind name), even a send of no bytes; after that bind is EINVAL. A stream
   * socket's send binds nothing.
   */
  @Test
  void sendingWithPassCredBindsADatagramOrSeqpacketSocketFirst() {
    for (int type : new int[] {SOCK_DGRAM, SOCK_SEQPACKET}) {
      Socket[] pair = sockets.createPair(AF_UNIX, type, 0);
      pair[1].setOption(SOL_SOCKET, SO_PASSCRED, 1);
      assertEquals("", pair[1].getsockname().address());
      pair[1].write(new byte[0]);
      assertEquals('\0', pair[1].getsockname().address().charAt(0), "type " + type);
      SocketAssertions.assertSocketError(SOCKET_EINVAL, () -> pair[1].bind(backend.unixPath("late" + type)));
    }
    Socket[] stream = sockets.createPair(AF_UNIX, SOCK_STREAM, 0);
    stream[1].setOption(SOL_SOCKET, SO_PASSCRED, 1);
    stream[1].write(bytes("x"));
    assertEquals("", stream[1].getsockname().address());
  }

  /** A stream read at end of file still ends as every read does: SO_PASSCRED gets empty credentials. */
  @Test
  void aStreamReadAtEndOfFileCarriesEmptyCredentials() {
    Socket[] pair = sockets.createPair(AF_UNIX, SOCK_STREAM, 0);
    pair[1].setOption(SOL_SOCKET, SO_PASSCRED, 1);
    pair[0].close();
    Message eof = pair[1].recvmsg(100, 64, 0);
    assertEquals(0, eof.data().length);
    assertEquals(List.of(new ControlMessage(SOL_SOCKET, SCM_CREDENTIALS, new Credentials(0, 0, 0))), eof.control());
    Message truncated = pair[1].recvmsg(100, 1, 0);
    assertEquals(MSG_CTRUNC, truncated.flags());
  }

  /**
   * Bytes sent to a connection not yet accepted carry the sender's credentials: the receiving
   * end has no socket whose SO_PASSCRED could be asked yet (unix_maybe_add_creds).
   */
  @Test
  void bytesSentBeforeAcceptCarryTheSendersCredentials() {
    String path = backend.unixPath("creds");
    Socket listener = sockets.create(AF_UNIX, SOCK_STREAM, 0);
    listener.bind(path);
    listener.listen(4);
    Socket client = sockets.create(AF_UNIX, SOCK_STREAM, 0);
    client.connect(path);
    client.write(bytes("a"));
    Socket accepted = listener.accept();
    client.write(bytes("b"));
    accepted.setOption(SOL_SOCKET, SO_PASSCRED, 1);
    Message early = accepted.recvmsg(1, 64, 0);
    Credentials mine = (Credentials) accepted.getOption(SOL_SOCKET, SO_PEERCRED);
    assertEquals(List.of(new ControlMessage(SOL_SOCKET, SCM_CREDENTIALS, mine)), early.control());
    Message late = accepted.recvmsg(1, 64, 0);
    assertEquals(List.of(new ControlMessage(SOL_SOCKET, SCM_CREDENTIALS, new Credentials(0, 65534, 65534))),
        late.control());
  }

  /**
   * A peek that walks on to the next message for the sockets it carries stops at a message from
   * another writer: one sent with credentials does not join one sent without.
   */
  @Test
  void aPeekDoesNotWalkIntoAMessageWithOtherCredentials() {
    Socket[] pair = sockets.createPair(AF_UNIX, SOCK_STREAM, 0);
    pair[0].write(bytes("a"));
    pair[1].setOption(SOL_SOCKET, SO_PASSCRED, 1);
    Socket passed = sockets.create(AF_UNIX, SOCK_DGRAM, 0);
    pair[0].sendmsg(new Message(null, List.of(bytes("b")), List.of(new ControlMessage(SOL_SOCKET, SCM_RIGHTS,
        List.of(passed))), 0), 0);
    Message peeked = pair[1].recvmsg(1, 64, MSG_PEEK);
    assertBytes("a", peeked.data());
    assertEquals(List.of(new ControlMessage(SOL_SOCKET, SCM_CREDENTIALS, new Credentials(0, 65534, 65534))),
        peeked.control());
    assertEquals(0, peeked.flags());
  }
}
