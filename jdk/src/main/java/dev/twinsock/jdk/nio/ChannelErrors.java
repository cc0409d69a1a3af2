package dev.twinsock.jdk.nio;

import static dev.twinsock.SocketConstants.*;

import dev.twinsock.Errno;
import dev.twinsock.SocketError;
import dev.twinsock.jdk.internal.SignalledWait;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;

/**
 * Turns a {@link SocketError} into the exception the JDK's own channels throw for the same errno,
 * with the JDK's wording (glibc's text, as {@code sun.nio.ch} passes it through). A {@code
 * SocketError} never leaves a channel.
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
    switch (code) {
      case SOCKET_EBADF:
        mapped = new ClosedChannelException();
        break;
      case SOCKET_ECONNREFUSED:
        mapped = phase == Phase.CONNECT ? new ConnectException(text)
            : phase == Phase.READ || phase == Phase.WRITE ? new PortUnreachableException(text) : new SocketException(text);
        break;
      case SOCKET_ETIMEDOUT:
        mapped = phase == Phase.CONNECT ? new ConnectException(text) : new SocketException(text);
        break;
      case SOCKET_EHOSTUNREACH:
        mapped = new NoRouteToHostException(text);
        break;
      case SOCKET_EADDRINUSE:
      case SOCKET_EADDRNOTAVAIL:
      case SOCKET_EACCES:
        mapped = phase == Phase.BIND || phase == Phase.CONNECT ? new BindException(text) : new SocketException(text);
        break;
      case SOCKET_ECONNRESET:
        // a read reports "Connection reset" (sun.net.ConnectionResetException), a write glibc's text
        mapped = phase == Phase.READ ? new SocketException("Connection reset") : new IOException(text);
        break;
      case SOCKET_EPIPE:
        mapped = new IOException(text);
        break;
      default:
        mapped = phase == Phase.WRITE || phase == Phase.READ ? new IOException(text) : new SocketException(text);
        break;
    }
    mapped.initCause(error);
    return mapped;
  }

  static boolean isAgain(SocketError error) {
    return error.code() == SOCKET_EAGAIN || error.code() == SOCKET_EINPROGRESS || error.code() == SOCKET_EALREADY;
  }
}
