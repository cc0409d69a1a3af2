package dev.twinsock.jdk.net;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Locale;
import java.util.concurrent.Executor;

/**
 * A small HTTP/1.1 server on any {@link ServerSocket}, with keep-alive and Content-Length bodies:
 * {@code GET /bytes/N} answers N bytes of {@link #pattern}, {@code POST /echo} the request body
 * reversed, {@code GET /stall} never answers, any other GET "hello " and the path. Written against
 * java.net alone, so it runs unchanged on the adapter (sim or os) and on the JDK's own sockets.
 */
final class TinyHttpServer {
  private final ServerSocket listener;
  private final Executor connections;

  TinyHttpServer(ServerSocket listener, Executor connections) {
    this.listener = listener;
    this.connections = connections;
  }

  /** Accepts until the listener is closed, handing each connection to the executor. */
  void acceptLoop() throws IOException {
    while (true) {
      Socket connection;
      try {
        connection = listener.accept();
      } catch (SocketException e) {
        if (listener.isClosed()) {
          return;
        }
        throw e;
      }
      connections.execute(() -> serve(connection));
    }
  }

  /** The body {@code GET /bytes/n} answers. */
  static byte[] pattern(int n) {
    byte[] body = new byte[n];
    for (int i = 0; i < n; i++) {
      body[i] = (byte) ('a' + (i * 7 + n) % 26);
    }
    return body;
  }

  static byte[] reversed(byte[] bytes) {
    byte[] out = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = bytes[bytes.length - 1 - i];
    }
    return out;
  }

  private void serve(Socket connection) {
    try (connection) {
      InputStream in = new BufferedInputStream(connection.getInputStream());
      OutputStream out = connection.getOutputStream();
      while (true) {
        String requestLine = line(in);
        if (requestLine == null) {
          return; // the client closed a kept-alive connection
        }
        String[] parts = requestLine.split(" ");
        int length = 0;
        boolean close = false;
        for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
          String lower = header.toLowerCase(Locale.ROOT);
          if (lower.startsWith("content-length:")) {
            length = Integer.parseInt(lower.substring(15).trim());
          } else if (lower.startsWith("connection:") && lower.contains("close")) {
            close = true;
          }
        }
        byte[] body = in.readNBytes(length);
        String method = parts[0];
        String path = parts[1];
        if (path.equals("/stall")) {
          while (in.read() >= 0) {
            // never answer: wait for the client to give up and close
          }
          return;
        }
        byte[] answer;
        if (method.equals("POST") && path.equals("/echo")) {
          answer = reversed(body);
        } else if (path.startsWith("/bytes/")) {
          answer = pattern(Integer.parseInt(path.substring(7)));
        } else {
          answer = ("hello " + path).getBytes(US_ASCII);
        }
        String head = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + answer.length
            + (close ? "\r\nConnection: close" : "") + "\r\n\r\n";
        out.write(head.getBytes(US_ASCII));
        out.write(answer);
        out.flush();
        if (close) {
          return;
        }
      }
    } catch (IOException e) {
      // the client reset or abandoned the connection (a timed-out call): nothing left to answer
    }
  }

  /** One CRLF-terminated line, or null at end of stream. */
  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        byte[] bytes = line.toByteArray();
        int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, end, US_ASCII);
      }
      line.write(c);
    }
    return line.size() == 0 ? null : line.toString(US_ASCII);
  }
}
