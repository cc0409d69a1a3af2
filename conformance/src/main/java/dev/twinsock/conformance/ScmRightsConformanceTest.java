package dev.twinsock.conformance;

import static dev.twinsock.SocketConstants.*;
import static dev.twinsock.conformance.SocketAssertions.assertBytes;
import static dev.twinsock.conformance.SocketAssertions.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.twinsock.ControlMessage;
import dev.twinsock.Message;
import dev.twinsock.Socket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SCM_RIGHTS: a socket passed over an AF_UNIX pair arrives as a new socket on the same connection. */
public class ScmRightsConformanceTest extends ConformanceTest {

  @Test
  void aSocketPassedThroughAPairStillTalksToItsPeer() {
    Socket[] carrier = sockets.createPair(AF_UNIX, SOCK_STREAM, 0);
    Socket[] passed = sockets.createPair(AF_UNIX, SOCK_STREAM, 0);
    Message out = new Message(null, List.of(bytes("fd")),
        List.of(new ControlMessage(SOL_SOCKET, SCM_RIGHTS, List.of(passed[0]))), 0);
    assertEquals(2, carrier[0].sendmsg(out, 0));

    Message in = carrier[1].recvmsg(10, sockets.cmsgSpace(SOL_SOCKET, SCM_RIGHTS, 1), 0);
    assertBytes("fd", in.data());
    assertEquals(0, in.flags() & MSG_CTRUNC);
    assertEquals(1, in.control().size());
    ControlMessage rights = in.control().get(0);
    assertEquals(SOL_SOCKET, rights.level());
    assertEquals(SCM_RIGHTS, rights.type());
    List<?> received = assertInstanceOf(List.class, rights.data());
    assertEquals(1, received.size());
    Socket copy = assertInstanceOf(Socket.class, received.get(0));

    // The copy is a second descriptor of the same socket: closing the original leaves it working.
    passed[0].close();
    copy.write(bytes("via copy"));
    assertBytes("via copy", passed[1].read(100));
    passed[1].write(bytes("back"));
    assertBytes("back", copy.read(100));
  }

  @Test
  void tooSmallAControlBufferTruncatesTheRights() {
    Socket[] carrier = sockets.createPair(AF_UNIX, SOCK_STREAM, 0);
    Socket[] passed = sockets.createPair(AF_UNIX, SOCK_STREAM, 0);
    carrier[0].sendmsg(new Message(null, List.of(bytes("x")),
        List.of(new ControlMessage(SOL_SOCKET, SCM_RIGHTS, List.of(passed[0]))), 0), 0);
    Message in = carrier[1].recvmsg(10, 1, 0);
    assertBytes("x", in.data());
    assertEquals(MSG_CTRUNC, in.flags() & MSG_CTRUNC);
    assertEquals(List.of(), in.control());
  }
}
