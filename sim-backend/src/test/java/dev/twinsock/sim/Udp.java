package dev.twinsock.sim;

import static dev.twinsock.SocketConstants.*;

import dev.twinsock.Datagram;
import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import dev.twinsock.Timeval;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/** A UDP exchange for fault tests: numbered datagrams sent at a steady pace, and when each arrived. */
final class Udp {
  /** One datagram as received: its number, its bytes, its virtual arrival time. */
  record Arrival(int index, byte[] data, long nanos) {}

  private Udp() {}

  static byte[] numbered(int index, int length) {
    byte[] data = new byte[Math.max(4, length)];
    ByteBuffer.wrap(data).putInt(index);
    for (int i = 4; i < data.length; i++) {
      data[i] = (byte) (index * 131 + i * 7);
    }
    return data;
  }

  /**
   * Sends {@code count} datagrams from {@code from} to {@code to}'s port 5000, one every {@code
   * gapNanos} (the i-th at i × gap), with the bodies {@code body} makes; returns what arrived, in
   * order of arrival, once nothing has come for 5 s.
   */
  static List<Arrival> exchange(SimNetwork net, SimHost from, SimHost to, int count, long gapNanos, IntFunction<byte[]> body) {
    List<Arrival> arrivals = new ArrayList<>();
    net.spawn(to, "receive", () -> {
      Socket socket = to.create(AF_INET, SOCK_DGRAM, SOL_UDP);
      socket.bind("0.0.0.0", 5000);
      socket.setOption(SOL_SOCKET, SO_RCVTIMEO, new Timeval(5, 0));
      while (true) {
        Datagram got;
        try {
          got = socket.recvfrom(70_000, 0);
        } catch (SocketError timeout) {
          break;
        }
        arrivals.add(new Arrival(ByteBuffer.wrap(got.data()).getInt(), got.data(), net.now().toNanos()));
      }
      socket.close();
    });
    net.spawn(from, "send", () -> {
      Socket socket = from.create(AF_INET, SOCK_DGRAM, SOL_UDP);
      for (int i = 0; i < count; i++) {
        byte[] data = body.apply(i);
        socket.sendto(data, data.length, 0, to.ipv4(), 5000);
        if (gapNanos > 0) {
          from.sleep(java.time.Duration.ofNanos(gapNanos));
        }
      }
      socket.close();
    });
    net.run();
    return arrivals;
  }

  static List<Arrival> exchange(SimNetwork net, SimHost from, SimHost to, int count, long gapNanos) {
    return exchange(net, from, to, count, gapNanos, i -> numbered(i, 16));
  }
}
