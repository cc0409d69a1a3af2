package dev.twinsock;

import java.io.Closeable;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A stream view of a socket, made by {@link Socket#exportStream()}: reading and writing it reads and
 * writes the very same socket. Closing the stream closes the socket, and closing the socket
 * closes the stream.
 */
public interface SocketStream extends Closeable {
  InputStream input();

  OutputStream output();

  @Override
  void close();
}
