package dev.twinsock.sim;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Socket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trace keeps a ring of its newest events, while its hash covers every event of the run. */
class TraceCapacityTest {

  /** {@code cycles} connections from a client to an echo server, 10 bytes each, client closing first. */
  private static SimNetwork cycles(SimNetwork.Builder builder, int cycles) {
    SimNetwork net = builder.build();
    SimHost server = net.addHost("server", "10.0.0.1");
    SimHost client = net.addHost("client", "10.0.0.2");
    net.spawn(server, "echo", () -> {
      Socket listener = server.createListen(7);
      for (int i = 0; i < cycles; i++) {
        Socket connection = listener.accept();
        connection.write(connection.read(10));
        connection.read(10);
        connection.close();
      }
    });
    net.spawn(client, "cycles", () -> {
      for (int i = 0; i < cycles; i++) {
        Socket socket = client.create(AF_INET, SOCK_STREAM, SOL_TCP);
        socket.connect("server", 7);
        socket.write(new byte[10]);
        socket.read(10);
        socket.close();
      }
    });
    net.run();
    return net;
  }

  @Test
  void theHashCoversEveryEventWhateverTheTraceKeeps() {
    SimNetwork all = cycles(SimNetwork.builder().seed(7).traceCapacity(Integer.MAX_VALUE), 30);
    List<String> every = all.trace().events();
    assertEquals(all.trace().recorded(), every.size());
    for (int capacity : new int[] {0, 1, 50, SimTrace.DEFAULT_CAPACITY}) {
      SimNetwork net = cycles(SimNetwork.builder().seed(7).traceCapacity(capacity), 30);
      assertEquals(all.trace().hash(), net.trace().hash(), "capacity " + capacity);
      assertEquals(all.trace().recorded(), net.trace().recorded());
      List<String> kept = net.trace().events();
      assertEquals(Math.min(capacity, every.size()), kept.size());
      assertEquals(every.subList(every.size() - kept.size(), every.size()), kept, "the newest events, oldest first");
    }
  }

  @Test
  void byDefaultTheTraceKeepsTheNewestTenThousandEventsOfALongRun() {
    SimNetwork net = cycles(SimNetwork.builder().seed(3), 800);
    assertTrue(net.trace().recorded() > SimTrace.DEFAULT_CAPACITY + 5000, "recorded " + net.trace().recorded());
    List<String> kept = net.trace().events();
    assertEquals(SimTrace.DEFAULT_CAPACITY, kept.size());
    assertTrue(kept.get(kept.size() - 1).endsWith("end client/cycles") || kept.get(kept.size() - 1).endsWith("end server/echo"),
        kept.get(kept.size() - 1));
    assertEquals(SimTrace.DEFAULT_CAPACITY, net.trace().toText().split("\n").length);
  }

  @Test
  void keepTraceEventsKeepsAllOrNone() {
    SimNetwork all = cycles(SimNetwork.builder().seed(5).keepTraceEvents(true), 3);
    SimNetwork none = cycles(SimNetwork.builder().seed(5).keepTraceEvents(false), 3);
    assertEquals(all.trace().recorded(), all.trace().events().size());
    assertEquals(0, none.trace().events().size());
    assertEquals("", none.trace().toText());
    assertEquals(all.trace().hash(), none.trace().hash());
  }

  @Test
  void aNegativeCapacityIsRejected() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> SimNetwork.builder().traceCapacity(-1));
    assertEquals("a trace capacity cannot be negative: -1", error.getMessage());
  }

  @Test
  void thePcapHoldsThePacketsOfTheKeptEvents(@TempDir Path dir) throws IOException {
    SimNetwork all = cycles(SimNetwork.builder().seed(11).traceCapacity(Integer.MAX_VALUE), 20);
    SimNetwork some = cycles(SimNetwork.builder().seed(11).traceCapacity(100), 20);
    List<byte[]> every = records(all, dir.resolve("all.pcap"));
    List<byte[]> kept = records(some, dir.resolve("some.pcap"));
    long sent = some.trace().events().stream().filter(line -> line.contains(" send ")).count();
    assertEquals(sent, kept.size(), "one packet per send kept");
    assertTrue(kept.size() > 10 && kept.size() < every.size(), kept.size() + " of " + every.size());
    List<byte[]> tail = every.subList(every.size() - kept.size(), every.size());
    for (int i = 0; i < kept.size(); i++) {
      assertTrue(Arrays.equals(tail.get(i), kept.get(i)), "record " + i);
    }
  }

  /** The pcap's records, each with its timestamp. */
  private static List<byte[]> records(SimNetwork net, Path file) throws IOException {
    net.trace().writePcap(file);
    ByteBuffer pcap = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    pcap.position(24);
    List<byte[]> records = new ArrayList<>();
    while (pcap.hasRemaining()) {
      int length = pcap.getInt(pcap.position() + 8);
      byte[] record = new byte[16 + length];
      pcap.get(record);
      records.add(record);
    }
    return records;
  }

  @Test
  void theOldestKeptEventsLetTheirPayloadGoPastTheBudgetButKeepTheirLines() {
    TraceRing ring = new TraceRing(100, 1000);
    IpAddress a = IpAddress.parse("10.0.0.1");
    List<TraceEvent> events = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Segment segment = new Segment(a, 1000, a, 2000, i * 300, 1, Segment.ACK, 100, new byte[300]);
      TraceEvent event = TraceEvent.loopback(i, "a", segment);
      events.add(event);
      ring.add(event);
    }
    // 1,500 bytes against a budget of 1,000: the two oldest packets leave the pcap
    assertEquals(5, ring.size());
    for (int i = 0; i < 5; i++) {
      assertEquals(i >= 2, events.get(i).capture() != null, "event " + i);
      assertTrue(events.get(i).line().endsWith(" len 300"), events.get(i).line());
    }
  }

  @Test
  void aFullRingDropsItsOldestEvent() {
    TraceRing ring = new TraceRing(3, Long.MAX_VALUE);
    for (int i = 0; i < 1000; i++) {
      ring.add(TraceEvent.text(i, "event " + i));
    }
    assertEquals(3, ring.size());
    assertEquals("0.000000997 event 997", ring.get(0).line());
    assertEquals("0.000000999 event 999", ring.get(2).line());
  }
}
