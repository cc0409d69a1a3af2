package dev.twinsock.benchmarks;

import dev.twinsock.Socket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Scenario 3: 1-byte ping-pong round trips from one thread, both ends non-blocking, each read
 * waiting in {@code select} (a {@link Selector} on the JDK). On the sim the thread is the driver:
 * no task, so no thread hand-off at all. One operation is one round trip.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SelectPingPongBenchmark {
  private static final byte[] ONE = {42};

  @Param({"sim", "os", "jdk"})
  public String backend;

  private Testbed testbed;
  private Socket ping;
  private Socket pong;
  private SocketChannel jdkPing;
  private SocketChannel jdkPong;
  private Selector selector;
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(1);

  @Setup
  public void setUp() throws IOException {
    if (backend.equals("jdk")) {
      try (ServerSocketChannel listener = ServerSocketChannel.open()) {
        listener.bind(new InetSocketAddress("127.0.0.1", 0));
        jdkPing = SocketChannel.open(listener.getLocalAddress());
        jdkPong = listener.accept();
      }
      selector = Selector.open();
      for (SocketChannel channel : List.of(jdkPing, jdkPong)) {
        channel.configureBlocking(false);
        channel.socket().setTcpNoDelay(true);
        channel.register(selector, SelectionKey.OP_READ);
      }
      return;
    }
    testbed = Testbed.of(backend, 2);
    Socket listener = testbed.listen(0, 1);
    ping = testbed.connect(1, 0, listener);
    pong = listener.accept();
    listener.close();
    for (Socket socket : List.of(ping, pong)) {
      NoDelay.set(socket);
      socket.setNonblock();
    }
  }

  @Benchmark
  public void roundTrip() throws IOException {
    if (selector != null) {
      jdkHop(jdkPing, jdkPong);
      jdkHop(jdkPong, jdkPing);
      return;
    }
    hop(ping, pong, testbed.host(0));
    hop(pong, ping, testbed.host(1));
  }

  private static void hop(Socket from, Socket to, dev.twinsock.Sockets toHost) {
    from.write(ONE);
    List<Socket> read = new ArrayList<>(1);
    read.add(to);
    toHost.select(read, null, null, null, 0);
    if (to.read(1).length != 1) {
      throw new IllegalStateException("select said readable, read found no byte");
    }
  }

  private void jdkHop(SocketChannel from, SocketChannel to) throws IOException {
    buffer.clear();
    buffer.put((byte) 42).flip();
    from.write(buffer);
    buffer.clear();
    do {
      selector.select();
      selector.selectedKeys().clear();
    } while (to.read(buffer) == 0);
  }

  @TearDown
  public void tearDown() throws IOException {
    if (selector != null) {
      selector.close();
      jdkPing.close();
      jdkPong.close();
    } else {
      testbed.close();
    }
  }
}
