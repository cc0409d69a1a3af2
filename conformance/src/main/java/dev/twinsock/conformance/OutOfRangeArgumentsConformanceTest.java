package dev.twinsock.conformance;

import static dev.twinsock.SocketConstants.*;
import static dev.twinsock.conformance.Loopback.boundUdp;
import static dev.twinsock.conformance.Loopback.connectedPair;
import static dev.twinsock.conformance.Loopback.tcp;
import static dev.twinsock.conformance.Loopback.udp;
import static dev.twinsock.conformance.SocketAssertions.assertSocketError;
import static dev.twinsock.conformance.SocketAssertions.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Message;
import dev.twinsock.Socket;
import dev.twinsock.Timeval;
import org.junit.jupiter.api.Test;

/**
 * Values outside what an option or flag means, as the kernel reads them: buffer sizes as unsigned,
 * timeouts in ticks of its clock, a negative low-water mark as the largest, flags it refuses or
 * answers from elsewhere. The values that depend on the machine (the buffer cap, the tick) are
 * compared with each other, not with numbers; the bad-input battery compares them across backends.
 */
public class OutOfRangeArgumentsConformanceTest extends ConformanceTest {

  @Test
  void aNegativeBufferSizeIsReadAsUnsignedAndAsksForTheCap() {
    Socket s = udp(sockets);
    s.setOption(SOL_SOCKET, SO_RCVBUF, Integer.MAX_VALUE);
    Object cap = s.getOption(SOL_SOCKET, SO_RCVBUF);
    s.setOption(SOL_SOCKET, SO_RCVBUF, 0);
    s.setOption(SOL_SOCKET, SO_RCVBUF, -1);
    assertEquals(cap, s.getOption(SOL_SOCKET, SO_RCVBUF));
    s.setOption(SOL_SOCKET, SO_RCVBUF, 0);
    s.setOption(SOL_SOCKET, SO_RCVBUF, Integer.MIN_VALUE);
    assertEquals(cap, s.getOption(SOL_SOCKET, SO_RCVBUF));
    s.setOption(SOL_SOCKET, SO_SNDBUF, Integer.MAX_VALUE);
    Object sendCap = s.getOption(SOL_SOCKET, SO_SNDBUF);
    s.setOption(SOL_SOCKET, SO_SNDBUF, 0);
    s.setOption(SOL_SOCKET, SO_SNDBUF, -1);
    assertEquals(sendCap, s.getOption(SOL_SOCKET, SO_SNDBUF));
  }

  @Test
  void aTimeoutIsRoundedUpToATickOfTheKernelsClock() {
    Socket s = udp(sockets);
    s.setOption(SOL_SOCKET, SO_RCVTIMEO, new Timeval(0, 1));
    Timeval tick = (Timeval) s.getOption(SOL_SOCKET, SO_RCVTIMEO);
    assertEquals(0, tick.sec());
    assertTrue(tick.usec() >= 1000 && tick.usec() <= 10_000, () -> "a tick of " + tick.usec() + " µs");
    s.setOption(SOL_SOCKET, SO_SNDTIMEO, new Timeval(2, tick.usec() + 1));
    assertEquals(new Timeval(2, 2 * tick.usec()), s.getOption(SOL_SOCKET, SO_SNDTIMEO));
    s.setOption(SOL_SOCKET, SO_RCVTIMEO, new Timeval(3, 0));
    assertEquals(new Timeval(3, 0), s.getOption(SOL_SOCKET, SO_RCVTIMEO));
  }

  @Test
  void aTimeoutPastTheKernelsRangeIsForeverAndReadsBackAsZero() {
    Socket s = udp(sockets);
    s.setOption(SOL_SOCKET, SO_RCVTIMEO, new Timeval(Long.MAX_VALUE, 0));
    assertEquals(new Timeval(0, 0), s.getOption(SOL_SOCKET, SO_RCVTIMEO));
    s.setOption(SOL_SOCKET, SO_SNDTIMEO, new Timeval(Long.MAX_VALUE, 999_999));
    assertEquals(new Timeval(0, 0), s.getOption(SOL_SOCKET, SO_SNDTIMEO));
  }

  @Test
  void aNegativeTimeoutReadsBackAsZeroButDoesNotWait() {
    Socket s = boundUdp(sockets);
    s.setOption(SOL_SOCKET, SO_RCVTIMEO, new Timeval(-1, 0));
    assertEquals(new Timeval(0, 0), s.getOption(SOL_SOCKET, SO_RCVTIMEO));
    // a blocking receive with nothing queued gives up at once instead of waiting forever
    assertSocketError(SOCKET_EAGAIN, () -> s.recv(10, 0));
  }

  @Test
  void aNegativeReceiveLowWaterMarkIsTheLargest() {
    Socket s = udp(sockets);
    s.setOption(SOL_SOCKET, SO_RCVLOWAT, -1);
    assertEquals(Integer.MAX_VALUE, s.getOption(SOL_SOCKET, SO_RCVLOWAT));
    s.setOption(SOL_SOCKET, SO_RCVLOWAT, 0);
    assertEquals(1, s.getOption(SOL_SOCKET, SO_RCVLOWAT));
  }

  @Test
  void aTcpReceiveLowWaterMarkIsCappedAtHalfTheReceiveBuffer() {
    Socket s = tcp(sockets);
    s.setOption(SOL_SOCKET, SO_RCVBUF, 4096);
    int half = (Integer) s.getOption(SOL_SOCKET, SO_RCVBUF) / 2;
    s.setOption(SOL_SOCKET, SO_RCVLOWAT, Integer.MAX_VALUE);
    assertEquals(half, s.getOption(SOL_SOCKET, SO_RCVLOWAT));
    s.setOption(SOL_SOCKET, SO_RCVLOWAT, -1);
    assertEquals(half, s.getOption(SOL_SOCKET, SO_RCVLOWAT));
    s.setOption(SOL_SOCKET, SO_RCVLOWAT, 100);
    assertEquals(100, s.getOption(SOL_SOCKET, SO_RCVLOWAT));
  }

  @Test
  void anUnconnectedSeqpacketSocketSaysSoBeforeItReadsTheControlData() {
    Socket s = sockets.create(AF_UNIX, SOCK_SEQPACKET, 0);
    Message malformed = new Message(null, java.util.List.of(bytes("x")),
        java.util.List.of(new dev.twinsock.ControlMessage(SOL_SOCKET, SCM_CREDENTIALS, "not credentials")), 0);
    assertSocketError(SOCKET_ENOTCONN, () -> s.sendmsg(malformed, 0));
  }

  @Test
  void getaddrinfoKnowsNoUnixFamily() {
    assertSocketError(EAI_FAMILY, () -> sockets.addrinfoLookup("127.0.0.1", null, java.util.Map.of("ai_family", AF_UNIX)));
  }

  @Test
  void ipv6OnlyIsAFlag() {
    Socket s = sockets.create(AF_INET6, SOCK_DGRAM, SOL_UDP);
    s.setOption(IPPROTO_IPV6, IPV6_V6ONLY, 2);
    assertEquals(1, s.getOption(IPPROTO_IPV6, IPV6_V6ONLY));
  }

  @Test
  void msgCmsgCompatIsRefusedByRecvmsgAndSendmsgFirst() {
    Socket[] pair = connectedPair(sockets);
    pair[0].write(bytes("x"));
    assertSocketError(SOCKET_EINVAL, () -> pair[1].recvmsg(10, 64, Integer.MIN_VALUE));
    assertSocketError(SOCKET_EINVAL, () -> pair[0].sendmsg(Message.of(bytes("y")), Integer.MIN_VALUE));
    // before anything else: an unconnected socket says so too, not ENOTCONN
    Socket lone = tcp(sockets);
    assertSocketError(SOCKET_EINVAL, () -> lone.recvmsg(10, 64, -1));
    assertSocketError(SOCKET_EINVAL, () -> lone.sendmsg(Message.of(bytes("y")), -1));
  }

  @Test
  void msgErrqueueReadsTheEmptyErrorQueueOfAnIpSocket() {
    Socket[] pair = connectedPair(sockets);
    pair[0].write(bytes("data"));
    assertTrue(Loopback.awaitReadable(sockets, pair[1]));
    // the data stays: the call reads the error queue, which is empty, and does not wait
    assertSocketError(SOCKET_EAGAIN, () -> pair[1].recv(10, MSG_ERRQUEUE));
    assertSocketError(SOCKET_EAGAIN, () -> tcp(sockets).recv(10, MSG_ERRQUEUE));
    assertSocketError(SOCKET_EAGAIN, () -> boundUdp(sockets).recvfrom(10, MSG_ERRQUEUE));
    assertEquals(4, pair[1].recv(10, 0).length);
  }

  @Test
  void anEmptyUnixNameIsInvalidForConnectAndSendto() {
    assertSocketError(SOCKET_EINVAL, () -> sockets.create(AF_UNIX, SOCK_STREAM, 0).connect(""));
    assertSocketError(SOCKET_EINVAL, () -> sockets.create(AF_UNIX, SOCK_DGRAM, 0).connect(""));
    Socket dgram = sockets.create(AF_UNIX, SOCK_DGRAM, 0);
    assertSocketError(SOCKET_EINVAL, () -> dgram.sendto(bytes("x"), 1, 0, ""));
  }
}
