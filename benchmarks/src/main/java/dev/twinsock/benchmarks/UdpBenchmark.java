package dev.twinsock.benchmarks;

import static dev.twinsock.SocketConstants.AF_INET;
import static dev.twinsock.SocketConstants.SOCK_DGRAM;
import static dev.twinsock.SocketConstants.SOL_UDP;

import dev.twinsock.Socket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
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
 * Scenario 5: 64-byte UDP datagrams, each sent from one socket and received by the other, from one
 * thread (the sim's driver). One operation is one datagram sent and received.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class UdpBenchmark {
  static final int SIZE = 64;

  @Param({"sim", "os", "jdk"})
  public String backend;

  private final byte[] payload = new byte[SIZE];
  private Testbed testbed;
  private Socket sender;
  private Socket receiver;
  private String receiverAddress;
  private int receiverPort;
  private DatagramChannel jdkSender;
  private DatagramChannel jdkReceiver;
  private final ByteBuffer out = ByteBuffer.allocateDirect(SIZE);
  private final ByteBuffer in = ByteBuffer.allocateDirect(2048);

  @Setup
  public void setUp() throws IOException {
    if (backend.equals("jdk")) {
      jdkReceiver = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
      jdkSender = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
      jdkSender.connect(jdkReceiver.getLocalAddress());
      return;
    }
    testbed = Testbed.of(backend, 2);
    receiver = testbed.host(0).create(AF_INET, SOCK_DGRAM, SOL_UDP);
    receiver.bind(testbed.address(0), 0);
    receiverAddress = testbed.address(0);
    receiverPort = receiver.getsockname().port();
    sender = testbed.host(1).create(AF_INET, SOCK_DGRAM, SOL_UDP);
    sender.bind(testbed.address(1), 0);
  }

  @Benchmark
  public int datagram() throws IOException {
    if (jdkSender != null) {
      out.clear();
      jdkSender.write(out);
      in.clear();
      jdkReceiver.receive(in);
      return in.position();
    }
    sender.sendto(payload, SIZE, 0, receiverAddress, receiverPort);
    return receiver.recvfrom(2048, 0).data().length;
  }

  @TearDown
  public void tearDown() throws IOException {
    if (jdkSender != null) {
      jdkSender.close();
      jdkReceiver.close();
    } else {
      testbed.close();
    }
  }
}
