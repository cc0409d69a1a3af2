package dev.twinsock;

import java.util.List;

/**
 * The message of {@code sendmsg} and {@code recvmsg}, shaped like the seed's array: an optional
 * peer address ({@code name}), the data as a list of buffers ({@code iov}), ancillary data
 * ({@code control}) and the message flags ({@code MSG_TRUNC}, {@code MSG_CTRUNC}, ...). A null
 * list is empty; a null element of either list is an {@link IllegalArgumentException}.
 */
public record Message(SockAddr name, List<byte[]> iov, List<ControlMessage> control, int flags) {
  public Message {
    if (iov != null) {
      for (int i = 0; i < iov.size(); i++) {
        if (iov.get(i) == null) {
          throw new IllegalArgumentException(
              "Message(): Argument #2 ($iov) element " + i + " must be of type byte[], null given");
        }
      }
    }
    if (control != null) {
      for (int i = 0; i < control.size(); i++) {
        if (control.get(i) == null) {
          throw new IllegalArgumentException(
              "Message(): Argument #3 ($control) element " + i + " must be of type ControlMessage, null given");
        }
      }
    }
    iov = iov == null ? List.of() : List.copyOf(iov);
    control = control == null ? List.of() : List.copyOf(control);
  }

  /** A message with data only. */
  public static Message of(byte[]... iov) {
    return new Message(null, List.of(iov), List.of(), 0);
  }

  /** All the data of the message, the iov buffers joined. */
  public byte[] data() {
    int n = 0;
    for (byte[] b : iov) {
      n += b.length;
    }
    byte[] all = new byte[n];
    int at = 0;
    for (byte[] b : iov) {
      System.arraycopy(b, 0, all, at, b.length);
      at += b.length;
    }
    return all;
  }
}
