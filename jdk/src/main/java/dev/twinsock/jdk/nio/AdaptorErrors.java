package dev.twinsock.jdk.nio;

import java.io.IOException;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.UnknownHostException;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NetworkChannel;
import java.nio.channels.NotYetBoundException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;

/**
 * How a {@code java.net} view of a channel reports the channel's exceptions, as the JDK's socket
 * adaptors do ({@code sun.nio.ch.Net.translateException}): the view's methods declare {@code
 * SocketException}, so channel-only exception types become one with the JDK's wording.
 */
final class AdaptorErrors {
  private AdaptorErrors() {}

  /** For methods that declare IOException: an IOException passes as it is. */
  static IOException translate(Exception x) {
    if (x instanceof IOException) {
      return (IOException) x;
    }
    if (x instanceof UnresolvedAddressException) {
      return new UnknownHostException();
    }
    return toSocketException(x);
  }

  /** For methods that declare only SocketException. */
  static SocketException toSocketException(Exception x) {
    if (x instanceof SocketException) {
      return (SocketException) x;
    }
    String message;
    if (x instanceof ClosedChannelException) {
      message = "Socket is closed";
    } else if (x instanceof NotYetConnectedException) {
      message = "Socket is not connected";
    } else if (x instanceof AlreadyBoundException) {
      message = "Already bound";
    } else if (x instanceof NotYetBoundException) {
      message = "Socket is not bound yet";
    } else if (x instanceof UnsupportedAddressTypeException) {
      message = "Unsupported address type";
    } else if (x instanceof UnresolvedAddressException) {
      message = "Unresolved address";
    } else if (x instanceof IOException) {
      message = x.getMessage();
    } else if (x instanceof RuntimeException) {
      throw (RuntimeException) x;
    } else {
      throw new IllegalStateException("untranslated exception", x);
    }
    SocketException translated = new SocketException(message);
    translated.initCause(x);
    return translated;
  }

  /** {@code channel.setOption} for a view's setter, which declares only SocketException. */
  static <T> void setOption(NetworkChannel channel, SocketOption<T> name, T value) throws SocketException {
    try {
      channel.setOption(name, value);
    } catch (IOException e) {
      throw toSocketException(e);
    }
  }

  /** {@code channel.getOption} for a view's getter, which declares only SocketException. */
  static <T> T getOption(NetworkChannel channel, SocketOption<T> name) throws SocketException {
    try {
      return channel.getOption(name);
    } catch (IOException e) {
      throw toSocketException(e);
    }
  }
}
