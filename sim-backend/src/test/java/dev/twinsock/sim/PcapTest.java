package dev.twinsock.sim;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Socket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trace as a pcap file: one Ethernet frame per packet sent, valid IP and transport checksums,
 * and streams that tshark reads without complaint (when tshark is installed).
 */
class PcapTest {
  @TempDir
  Path directory;

  @Test
  void everySentPacketIsAnEthernetFrameWithValidChecksums() throws IOException {
    SimNetwork net = SimNetwork.builder().seed(9).build();
    SimHost a = net.addHost("a", "10.0.0.1");
    SimHost b = net.addHost("b", "10.0.0.2", "fd00::2");
    net.link(a, b).latency(Duration.ofMillis(3)).loss(0.1);
    Socket listener = b.createListen(80);
    Socket client = a.create(AF_INET, SOCK_STREAM, SOL_TCP);
    client.connect("b", 80);
    Socket server = listener.accept();
    client.write(new byte[3000]);
    int got = 0;
    while (got < 3000) {
      got += server.read(4000).length;
    }
    Socket udp = b.create(AF_INET6, SOCK_DGRAM, SOL_UDP);
    udp.sendto(new byte[] {1, 2, 3}, 3, 0, "::1", 9);
    net.runFor(Duration.ofSeconds(1));

    Path file = directory.resolve("trace.pcap");
    net.trace().writePcap(file);
    ByteBuffer pcap = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(0xa1b23c4d, pcap.getInt());
    pcap.position(20);
    assertEquals(1, pcap.getInt(), "LINKTYPE_ETHERNET");
    long sent = net.trace().events().stream().filter(line -> line.contains(" send ") || line.contains(" lo ") || line.contains(" drop (loss) ")).count();
    int records = 0;
    int v6 = 0;
    while (pcap.hasRemaining()) {
      pcap.getInt();
      pcap.getInt();
      int length = pcap.getInt();
      assertEquals(length, pcap.getInt());
      byte[] frame = new byte[length];
      pcap.get(frame);
      int etherType = ((frame[12] & 0xff) << 8) | (frame[13] & 0xff);
      byte[] packet = java.util.Arrays.copyOfRange(frame, 14, frame.length);
      length -= 14;
      assertEquals((packet[0] >> 4) == 4 ? 0x0800 : 0x86dd, etherType);
      if ((packet[0] >> 4) == 4) {
        assertEquals(0xffff, sum(packet, 0, 20, 0), "IPv4 header checksum");
        int protocol = packet[9];
        int initial = sum(packet, 12, 8, 0) + protocol + (length - 20);
        assertEquals(0xffff, sum(packet, 20, length - 20, initial), "transport checksum");
      } else {
        v6++;
        int initial = sum(packet, 8, 32, 0) + packet[6] + (length - 40);
        assertEquals(0xffff, sum(packet, 40, length - 40, initial), "transport checksum");
      }
      records++;
    }
    assertEquals(sent, records);
    assertTrue(records > 6);
    assertEquals(2, v6, "the UDP datagram and the ICMPv6 error it caused");
  }

  private static int sum(byte[] data, int at, int length, int initial) {
    long sum = initial;
    for (int i = 0; i < length; i += 2) {
      int high = data[at + i] & 0xff;
      int low = i + 1 < length ? data[at + i + 1] & 0xff : 0;
      sum += (high << 8) | low;
    }
    while ((sum >> 16) != 0) {
      sum = (sum & 0xffff) + (sum >> 16);
    }
    return (int) sum;
  }
}
