package dev.twinsock.sim;

import dev.twinsock.ControlMessage;
import dev.twinsock.SockAddr;
import java.util.List;

/** What one receive call got: the bytes, the sender's address, message flags and ancillary data. */
final class Received {
  final byte[] data;
  /** The sender, or null where Linux leaves the name out (TCP). */
  final SockAddr from;
  final int flags;
  final List<ControlMessage> control;

  Received(byte[] data, SockAddr from, int flags, List<ControlMessage> control) {
    this.data = data;
    this.from = from;
    this.flags = flags;
    this.control = control;
  }
}
