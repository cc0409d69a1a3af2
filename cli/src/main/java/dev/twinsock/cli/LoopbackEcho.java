package dev.twinsock.cli;

import static dev.twinsock.SocketConstants.*;

import dev.twinsock.SockAddr;
import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import dev.twinsock.Sockets;
import dev.twinsock.os.OsSockets;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An echo server and a client over real loopback sockets, through the same API the simulator
 * offers. It prints each step: the ports the kernel chose, the bytes that went back and forth, and
 * the errno of a connection refused. {@code twinsock demo --os} runs it.
 */
final class LoopbackEcho {
  private final PrintWriter out;

  private LoopbackEcho(PrintWriter out) {
    this.out = out;
  }

  static void run(PrintWriter out) {
    new LoopbackEcho(out).run();
  }

  private void run() {
    try (Sockets os = new OsSockets()) {
      Socket listener = os.create(AF_INET, SOCK_STREAM, SOL_TCP);
      listener.setOption(SOL_SOCKET, SO_REUSEADDR, 1);
      listener.bind("127.0.0.1", 0);
      listener.listen(16);
      SockAddr served = listener.getsockname();
      say("server listening on %s", served);

      Thread server = new Thread(() -> echoOne(listener), "echo-server");
      server.start();

      Socket client = os.create(AF_INET, SOCK_STREAM, SOL_TCP);
      client.connect(served.address(), served.port());
      say("client %s connected to %s", client.getsockname(), client.getpeername());

      for (String line : List.of("hello\n", "twinsock\n", "bye\n")) {
        int sent = client.write(bytes(line));
        byte[] echoed = client.read(100, PHP_NORMAL_READ);
        say("client sent %d bytes %s, got back %s", sent, quote(line), quote(new String(echoed, StandardCharsets.UTF_8)));
      }
      client.shutdown(SHUT_WR);
      byte[] eof = client.read(100);
      say("client half-closed; the server closed too: read returned %d bytes (EOF)", eof.length);
      client.close();
      join(server);

      int closedPort = served.port();
      listener.close();
      Socket late = os.create(AF_INET, SOCK_STREAM, SOL_TCP);
      try {
        late.connect("127.0.0.1", closedPort);
        say("unexpected: connected to a closed port");
      } catch (SocketError e) {
        say("connect to the closed port failed: %s (errno %d, lastError %d)", e.getMessage(), e.code(), late.lastError());
      }

      List<Socket> readable = new ArrayList<>(List.of(late));
      int ready = os.select(readable, null, null, 0L, 0);
      say("select on the refused socket: %d ready (a dead connection reads as ready: EOF)", ready);
    }
    say("all sockets closed");
  }

  private static void join(Thread thread) {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the echo server finished", e);
    }
  }

  private void echoOne(Socket listener) {
    try (Socket conn = listener.accept()) {
      say("server accepted %s", conn.getpeername());
      while (true) {
        byte[] data = conn.read(100, PHP_NORMAL_READ);
        if (data.length == 0) {
          say("server saw EOF; closing");
          return;
        }
        conn.write(data);
      }
    } catch (SocketError e) {
      say("server failed: %s", e.getMessage());
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String quote(String s) {
    return '"' + s.replace("\n", "\\n") + '"';
  }

  private void say(String format, Object... args) {
    synchronized (out) {
      out.println(String.format(format, args));
    }
  }
}
