package dev.twinsock.jdk.nio;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.twinsock.SocketError;
import dev.twinsock.jdk.internal.JdkExceptions;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.PortUnreachableException;
import java.nio.channels.ClosedChannelException;
import org.junit.jupiter.api.Test;

/**
 * A channel's errors: outside reads and writes the same as the sockets' (the JDK's channels and
 * sockets share handleSocketError), reads and writes as the JDK's channels report them.
 */
class ChannelErrorsTest {
  @Test
  void aCallOtherThanATransferMapsAsTheSocketsDo() {
    for (int errno : new int[] {SOCKET_ECONNREFUSED, SOCKET_ETIMEDOUT, SOCKET_ENOTCONN, SOCKET_EHOSTUNREACH,
        SOCKET_EADDRINUSE, SOCKET_EADDRNOTAVAIL, SOCKET_EACCES, SOCKET_EINVAL}) {
      for (ChannelErrors.Phase phase : new ChannelErrors.Phase[] {ChannelErrors.Phase.CONNECT,
          ChannelErrors.Phase.BIND, ChannelErrors.Phase.OTHER}) {
        IOException ours = ChannelErrors.of(new SocketError("socket_listen", errno), phase);
        IOException sockets = JdkExceptions.ofCall(errno);
        assertEquals(sockets.getClass(), ours.getClass(), errno + " in " + phase);
        assertEquals(sockets.getMessage(), ours.getMessage(), errno + " in " + phase);
      }
    }
    assertInstanceOf(BindException.class,
        ChannelErrors.of(new SocketError("socket_listen", SOCKET_EADDRINUSE), ChannelErrors.Phase.OTHER));
    assertInstanceOf(ConnectException.class,
        ChannelErrors.of(new SocketError("socket_connect", SOCKET_ENOTCONN), ChannelErrors.Phase.CONNECT));
  }

  @Test
  void aTransferReportsAsTheJdksChannels() {
    IOException reset = ChannelErrors.of(new SocketError("socket_recv", SOCKET_ECONNRESET), ChannelErrors.Phase.READ);
    assertEquals("Connection reset", reset.getMessage());
    IOException written = ChannelErrors.of(new SocketError("socket_send", SOCKET_ECONNRESET), ChannelErrors.Phase.WRITE);
    assertEquals(IOException.class, written.getClass());
    assertEquals("Connection reset by peer", written.getMessage());
    assertInstanceOf(PortUnreachableException.class,
        ChannelErrors.of(new SocketError("socket_recv", SOCKET_ECONNREFUSED), ChannelErrors.Phase.READ));
    assertInstanceOf(ClosedChannelException.class,
        ChannelErrors.of(new SocketError("socket_recv", SOCKET_EBADF), ChannelErrors.Phase.READ));
  }
}
