package dev.twinsock.conformance;

import static dev.twinsock.SocketConstants.*;
import static dev.twinsock.conformance.Loopback.connectedPair;
import static dev.twinsock.conformance.SocketAssertions.assertBytes;
import static dev.twinsock.conformance.SocketAssertions.assertSocketError;
import static dev.twinsock.conformance.SocketAssertions.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinsock.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * TCP urgent data (MSG_OOB): the last byte of an urgent send is marked in the stream. Linux
 * keeps it there and decides at each read whether to skip it (the default) or read it inline
 * (SO_OOBINLINE, as set when the read happens); recv(MSG_OOB) takes a copy once.
 */
public class UrgentDataConformanceTest extends ConformanceTest {

  private Socket[] pairWithUrgent(String before, String urgentSend) {
    Socket[] pair = connectedPair(sockets);
    pair[1].setNonblock();
    if (!before.isEmpty()) {
      pair[0].send(bytes(before), before.length(), 0);
    }
    pair[0].send(bytes(urgentSend), urgentSend.length(), MSG_OOB);
    Loopback.letPacketsArrive(sockets);
    return pair;
  }

  @Test
  void aReadStopsAtTheMarkAndTheNextSkipsTheUrgentByte() {
    Socket[] pair = pairWithUrgent("ab", "cd!");
    assertBytes("abcd", pair[1].recv(100, 0));
    assertBytes("!", pair[1].recv(1, MSG_OOB));
    pair[0].send(bytes("ef"), 2, 0);
    assertBytes("ef", pair[1].recv(100, 0));
  }

  @Test
  void inlineTheUrgentByteIsReadInTheStreamButAReadStillStopsAtTheMark() {
    Socket[] pair = connectedPair(sockets);
    pair[1].setNonblock();
    pair[1].setOption(SOL_SOCKET, SO_OOBINLINE, 1);
    pair[0].send(bytes("ab"), 2, 0);
    pair[0].send(bytes("c!"), 2, MSG_OOB);
    pair[0].send(bytes("de"), 2, 0);
    Loopback.awaitReadable(sockets, pair[1]);
    assertBytes("abc", pair[1].recv(100, 0));
    assertBytes("!de", pair[1].recv(100, 0));
  }

  @Test
  void inlineUrgentDataIsStillAnExceptionUntilItIsRead() {
    Socket[] pair = connectedPair(sockets);
    pair[1].setNonblock();
    pair[1].setOption(SOL_SOCKET, SO_OOBINLINE, 1);
    pair[0].send(bytes("x!"), 2, MSG_OOB);
    Loopback.awaitReadable(sockets, pair[1]);
    List<Socket> except = new ArrayList<>(List.of(pair[1]));
    assertEquals(1, sockets.select(null, null, except, 0L, 0));
    assertSocketError(SOCKET_EINVAL, () -> pair[1].recv(1, MSG_OOB));
    assertBytes("x", pair[1].recv(100, 0));
    assertBytes("!", pair[1].recv(100, 0));
    except = new ArrayList<>(List.of(pair[1]));
    assertEquals(0, sockets.select(null, null, except, 0L, 0));
  }

  @Test
  void aBlockingWaitAllReadStopsAtTheMarkAndLeavesTheByteUrgent() {
    Socket[] pair = pairWithUrgent("", "ab!");
    pair[1].setOption(SOL_SOCKET, SO_RCVTIMEO, new dev.twinsock.Timeval(5, 0)); // a hang guard only
    pair[1].setBlock();
    // tcp_recvmsg stops at the mark once it has copied something, even under MSG_WAITALL
    assertBytes("ab", pair[1].recv(100, MSG_WAITALL));
    List<Socket> except = new ArrayList<>(List.of(pair[1]));
    assertEquals(1, sockets.select(null, null, except, 0L, 0), "the byte is still urgent");
    assertBytes("!", pair[1].recv(1, MSG_OOB));
  }

  @Test
  void settingInlineAfterTheUrgentByteCameReadsItInline() {
    Socket[] pair = pairWithUrgent("ab", "!");
    pair[1].setOption(SOL_SOCKET, SO_OOBINLINE, 1);
    assertBytes("ab", pair[1].recv(100, 0));
    assertBytes("!", pair[1].recv(100, 0));
  }

  @Test
  void anUrgentByteAloneAtTheHeadIsNotReadableAndAReadThereSkipsIt() {
    Socket[] pair = pairWithUrgent("", "!");
    List<Socket> read = new ArrayList<>(List.of(pair[1]));
    assertEquals(0, sockets.select(read, null, null, 0L, 0));
    assertSocketError(SOCKET_EAGAIN, () -> pair[1].recv(100, MSG_PEEK));
    assertBytes("!", pair[1].recv(1, MSG_OOB | MSG_PEEK));
    // finding nothing, the read has still stepped over the urgent byte: it is gone
    assertSocketError(SOCKET_EAGAIN, () -> pair[1].recv(100, 0));
    assertSocketError(SOCKET_EINVAL, () -> pair[1].recv(1, MSG_OOB));
  }

  @Test
  void aPeekAtTheMarkSkipsTheUrgentByteAndLeavesIt() {
    Socket[] pair = pairWithUrgent("", "!");
    pair[0].send(bytes("yz"), 2, 0);
    Loopback.awaitReadable(sockets, pair[1]);
    assertBytes("yz", pair[1].recv(100, MSG_PEEK));
    assertBytes("!", pair[1].recv(1, MSG_OOB | MSG_PEEK));
    assertBytes("yz", pair[1].recv(100, 0));
  }

  @Test
  void aNewerUrgentByteMakesAnOlderOneThatWasReadOrdinaryData() {
    Socket[] pair = pairWithUrgent("a", "1");
    assertBytes("1", pair[1].recv(1, MSG_OOB));
    pair[0].send(bytes("b2"), 2, MSG_OOB);
    Loopback.awaitReadable(sockets, pair[1]);
    assertBytes("a1b", pair[1].recv(100, 0));
    assertBytes("2", pair[1].recv(1, MSG_OOB));
  }

  @Test
  void aNewerUrgentByteDropsAnOlderOneAtTheHead() {
    Socket[] pair = pairWithUrgent("", "1");
    pair[0].send(bytes("b2"), 2, MSG_OOB);
    Loopback.awaitReadable(sockets, pair[1]);
    assertBytes("b", pair[1].recv(100, 0));
    assertBytes("2", pair[1].recv(1, MSG_OOB));
  }
}
