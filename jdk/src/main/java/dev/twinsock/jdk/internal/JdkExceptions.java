package dev.twinsock.jdk.internal;

import static dev.twinsock.SocketConstants.*;

import dev.twinsock.Errno;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;

/**
 * The java.net exception the JDK's own sockets throw for an errno: the type chosen as the JDK's
 * handleSocketError chooses it (sun/nio/ch/Net.c), the message glibc's strerror, and a reset
 * worded "Connection reset" as NioSocketImpl words it. The sockets use it for every call, the
 * channels for all but reads and writes.
 */
public final class JdkExceptions {
  private JdkExceptions() {}

  /** The exception of a failed connect, bind, listen or accept. */
  public static SocketException ofCall(int errno) {
    String text = Errno.socketText(errno);
    switch (errno) {
      case SOCKET_ECONNREFUSED:
      case SOCKET_ETIMEDOUT:
      case SOCKET_ENOTCONN:
        return new ConnectException(text);
      case SOCKET_EHOSTUNREACH:
        return new NoRouteToHostException(text);
      case SOCKET_EADDRINUSE:
      case SOCKET_EADDRNOTAVAIL:
      case SOCKET_EACCES:
        return new BindException(text);
      default:
        return new SocketException(text);
    }
  }

  /** The exception of a failed read or write. */
  public static SocketException ofTransfer(int errno) {
    if (errno == SOCKET_ECONNRESET) {
      return new SocketException("Connection reset");
    }
    return new SocketException(Errno.socketText(errno));
  }

}
