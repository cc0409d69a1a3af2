package dev.twinsock.os;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.twinsock.ControlMessage;
import dev.twinsock.Message;
import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import dev.twinsock.SocketStream;
import dev.twinsock.Timeval;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Passing sockets with SCM_RIGHTS between processes, and the stream view of a socket. */
class ScmRightsAndStreamsTest {
  private final OsSockets sender = new OsSockets();
  private final OsSockets receiver = new OsSockets();

  @AfterEach
  void closeAll() {
    sender.close();
    receiver.close();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private Socket[] tcpPair(OsSockets os) {
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
  void aPassedSocketBecomesANewSocketOfTheReceivingProcess() {
    Socket[] channel = sender.createPair(AF_UNIX, SOCK_STREAM, 0);
    Socket[] tcp = tcpPair(sender);
    Socket passed = tcp[1];

    int sent = channel[0].sendmsg(new Message(null, List.of(bytes("x")),
        List.of(new ControlMessage(SOL_SOCKET, SCM_RIGHTS, List.of(passed))), 0), 0);
    assertEquals(1, sent);
    // The receiving end is owned by the receiving process, as if handed over.
    Message got = channel[1].recvmsg(16, receiver.cmsgSpace(SOL_SOCKET, SCM_RIGHTS, 1), 0);
    assertArrayEquals(bytes("x"), got.data());
    assertEquals(1, got.control().size());
    ControlMessage rights = got.control().get(0);
    assertEquals(SOL_SOCKET, rights.level());
    assertEquals(SCM_RIGHTS, rights.type());
    List<?> sockets = (List<?>) rights.data();
    assertEquals(1, sockets.size());
    Socket received = (Socket) sockets.get(0);
    assertNotSame(passed, received);
    assertEquals(SOCK_STREAM, received.getOption(SOL_SOCKET, SO_TYPE));
    assertEquals(passed.getsockname(), received.getsockname());

    // The sender's copy may go; the received one still talks to the client.
    passed.close();
    assertEquals(5, received.write(bytes("hello")));
    assertArrayEquals(bytes("hello"), tcp[0].recv(5, MSG_WAITALL));
    tcp[0].write(bytes("back"));
    assertArrayEquals(bytes("back"), received.recv(4, MSG_WAITALL));
  }

  @Test
  void aReceivedSocketBelongsToTheProcessThatReceivedIt() {
    Socket[] channel = sender.createPair(AF_UNIX, SOCK_DGRAM, 0);
    Socket passed = sender.create(AF_INET, SOCK_DGRAM, SOL_UDP);
    channel[0].sendmsg(new Message(null, List.of(bytes("fd")),
        List.of(new ControlMessage(SOL_SOCKET, SCM_RIGHTS, List.of(passed))), 0), 0);
    int before = sender.openCount();
    Message got = channel[1].recvmsg(16, 64, 0);
    assertEquals(before + 1, sender.openCount());
    Socket received = (Socket) ((List<?>) got.control().get(0).data()).get(0);
    sender.close();
    assertThrows(IllegalStateException.class, received::getsockname);
  }

  @Test
  void passingAClosedSocketIsEbadf() {
    Socket[] channel = sender.createPair(AF_UNIX, SOCK_STREAM, 0);
    Socket gone = sender.create(AF_INET, SOCK_STREAM, SOL_TCP);
    gone.close();
    SocketError e = assertThrows(SocketError.class, () -> channel[0].sendmsg(new Message(null, List.of(bytes("x")),
        List.of(new ControlMessage(SOL_SOCKET, SCM_RIGHTS, List.of(gone))), 0), 0));
    assertEquals(SOCKET_EBADF, e.code());
    assertEquals("socket_sendmsg", e.function());
  }

  @Test
  void theStreamViewReadsAndWritesTheSameSocket() throws IOException {
    Socket[] pair = tcpPair(sender);
    SocketStream stream = pair[1].exportStream();
    assertSame(stream, pair[1].exportStream());
    stream.output().write(bytes("via stream"));
    assertArrayEquals(bytes("via stream"), pair[0].recv(10, MSG_WAITALL));
    pair[0].write(bytes("to stream"));
    byte[] in = stream.input().readNBytes(9);
    assertArrayEquals(bytes("to stream"), in);
    pair[0].shutdown(SHUT_WR);
    assertEquals(-1, stream.input().read());
    assertSame(pair[1], sender.importStream(stream));
  }

  @Test
  void closingTheStreamClosesTheSocket() {
    Socket[] pair = tcpPair(sender);
    SocketStream stream = pair[1].exportStream();
    stream.close();
    assertThrows(IllegalStateException.class, () -> pair[1].write(bytes("x")));
    // The peer sees the connection end.
    assertEquals(0, pair[0].recv(1, 0).length);
    SocketError imported = assertThrows(SocketError.class, () -> sender.importStream(stream));
    assertEquals(SOCKET_EBADF, imported.code());
  }

  @Test
  void closingTheSocketFailsTheStream() {
    Socket[] pair = tcpPair(sender);
    SocketStream stream = pair[1].exportStream();
    Socket imported = sender.importStream(stream);
    imported.close();
    IOException e = assertThrows(IOException.class, () -> stream.output().write(1));
    assertInstanceOf(IllegalStateException.class, e.getCause());
    IOException r = assertThrows(IOException.class, () -> stream.input().read());
    assertInstanceOf(IllegalStateException.class, r.getCause());
  }

  @Test
  void aReceivedSocketKeepsItsReceiveTimeout() {
    Socket[] channel = sender.createPair(AF_UNIX, SOCK_DGRAM, 0);
    Socket[] tcp = tcpPair(sender);
    tcp[1].setOption(SOL_SOCKET, SO_RCVTIMEO, new Timeval(0, 20_000));
    channel[0].sendmsg(new Message(null, List.of(bytes("fd")),
        List.of(new ControlMessage(SOL_SOCKET, SCM_RIGHTS, List.of(tcp[1]))), 0), 0);
    Message got = channel[1].recvmsg(16, 64, 0);
    Socket received = (Socket) ((List<?>) got.control().get(0).data()).get(0);
    SocketError e = assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
        () -> assertThrows(SocketError.class, () -> received.recv(1, 0)));
    assertEquals(SOCKET_EAGAIN, e.code());
  }
}
