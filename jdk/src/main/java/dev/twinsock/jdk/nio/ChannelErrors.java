package dev.twinsock.jdk.nio;

import static dev.twinsock.SocketConstants.*;

import dev.twinsock.Errno;
import dev.twinsock.SocketError;
import dev.twinsock.jdk.internal.JdkExceptions;
import dev.twinsock.jdk.internal.SignalledWait;
import java.io.IOException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;

/**
 * Turns a {@link SocketError} into the exception the JDK's own channels throw for the same errno,
 * with the JDK's wording (glibc's text, as {@code sun.nio.ch} passes it through): a failed connect,
 * bind, listen or accept as {@link JdkExceptions#ofCall}, as the JDK's sockets; a failed read or
 * write as the JDK's channels report it. A {@code SocketError} never leaves a channel.
 */
final class ChannelErrors {
  private ChannelErrors() {}

  /** How the wait of a blocking channel call fails: as the JDK's channels do. */
  static final SignalledWait.Failures WAIT_FAILURES = new SignalledWait.Failures() {
    @Override
    public IOException closed() {
      return new AsynchronousCloseException();
    }

    @Override
    public IOException of(SocketError error) {
      return ChannelErrors.of(error, Phase.OTHER);
    }
  };

  /** What the phase of a call decides about the exception type, as {@code sun.nio.ch.Net} does. */
  enum Phase { CONNECT, BIND, READ, WRITE, OTHER }

  static IOException of(SocketError error, Phase phase) {
    int code = error.code();
    String text = Errno.socketText(code);
    IOException mapped;
    if (code == SOCKET_EBADF) {
      mapped = new ClosedChannelException();
    } else if (phase != Phase.READ && phase != Phase.WRITE) {
      // connect, bind, listen, accept: the JDK's channels and sockets share handleSocketError
      mapped = JdkExceptions.ofCall(code);
    } else if (code == SOCKET_ECONNREFUSED) {
      mapped = new PortUnreachableException(text);
    } else if (code == SOCKET_EHOSTUNREACH) {
      mapped = new NoRouteToHostException(text);
    } else if (code == SOCKET_ETIMEDOUT) {
      mapped = new SocketException(text);
    } else if (code == SOCKET_ECONNRESET && phase == Phase.READ) {
      // a read reports "Connection reset" (sun.net.ConnectionResetException), a write glibc's text
      mapped = new SocketException("Connection reset");
    } else {
      mapped = new IOException(text);
    }
    mapped.initCause(error);
    return mapped;
  }

  static boolean isAgain(SocketError error) {
    return error.code() == SOCKET_EAGAIN || error.code() == SOCKET_EINPROGRESS || error.code() == SOCKET_EALREADY;
  }
}
