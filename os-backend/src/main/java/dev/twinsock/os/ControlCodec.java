package dev.twinsock.os;

import static dev.twinsock.SocketConstants.SCM_CREDENTIALS;
import static dev.twinsock.SocketConstants.SCM_RIGHTS;
import static dev.twinsock.SocketConstants.SOL_SOCKET;

import dev.twinsock.ControlMessage;
import dev.twinsock.Credentials;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import jnr.ffi.Pointer;

/**
 * {@code struct msghdr}, {@code struct iovec} and {@code struct cmsghdr} on Linux x86-64: the
 * layout of sendmsg(2)/recvmsg(2) arguments and of their ancillary data.
 */
final class ControlCodec {
  private ControlCodec() {}

  // struct msghdr
  static final int MSG_NAME = 0;
  static final int MSG_NAMELEN = 8;
  static final int MSG_IOV = 16;
  static final int MSG_IOVLEN = 24;
  static final int MSG_CONTROL = 32;
  static final int MSG_CONTROLLEN = 40;
  static final int MSG_FLAGS = 48;

  /** sizeof(struct cmsghdr): a size_t length, then level and type. */
  static final int CMSG_HEADER = 16;

  static long align(long n) {
    return (n + 7) & ~7L;
  }

  /** The bytes a control message carries: {@code fds} for SCM_RIGHTS, a ucred, or raw bytes. */
  static int dataLength(ControlMessage message, int[] fds) {
    if (fds != null) {
      return 4 * fds.length;
    }
    if (isCredentials(message)) {
      return 12;
    }
    return message.data() instanceof byte[] ? ((byte[]) message.data()).length : 0;
  }

  /** CMSG_SPACE of all the messages; {@code fds[i]} are the descriptors of message i if SCM_RIGHTS. */
  static long controlSize(List<ControlMessage> messages, int[][] fds) {
    long size = 0;
    for (int i = 0; i < messages.size(); i++) {
      size += CMSG_HEADER + align(dataLength(messages.get(i), fds[i]));
    }
    return size;
  }

  /** Writes the control messages at {@code control}, which holds {@link #controlSize} zeroed bytes. */
  static void writeControl(Pointer control, List<ControlMessage> messages, int[][] fds) {
    long at = 0;
    for (int i = 0; i < messages.size(); i++) {
      ControlMessage message = messages.get(i);
      int length = dataLength(message, fds[i]);
      control.putLong(at, CMSG_HEADER + length);
      control.putInt(at + 8, message.level());
      control.putInt(at + 12, message.type());
      long data = at + CMSG_HEADER;
      if (fds[i] != null) {
        for (int k = 0; k < fds[i].length; k++) {
          control.putInt(data + 4L * k, fds[i][k]);
        }
      } else if (isCredentials(message)) {
        Credentials c = (Credentials) message.data();
        control.putInt(data, c.pid());
        control.putInt(data + 4, c.uid());
        control.putInt(data + 8, c.gid());
      } else if (length > 0) {
        control.put(data, (byte[]) message.data(), 0, length);
      }
      at += CMSG_HEADER + align(length);
    }
  }

  static boolean isRights(ControlMessage message) {
    return message.level() == SOL_SOCKET && message.type() == SCM_RIGHTS;
  }

  static boolean isCredentials(ControlMessage message) {
    return message.level() == SOL_SOCKET && message.type() == SCM_CREDENTIALS
        && message.data() instanceof Credentials;
  }

  /**
   * Reads the control messages the kernel wrote: {@code length} bytes at {@code control}. Received
   * descriptors become sockets through {@code adopt}, which owns (and on failure closes) each one.
   */
  static List<ControlMessage> readControl(Pointer control, long length, IntFunction<Object> adopt) {
    List<ControlMessage> out = new ArrayList<>();
    long at = 0;
    while (at + CMSG_HEADER <= length) {
      long cmsgLen = control.getLong(at);
      if (cmsgLen < CMSG_HEADER || at + cmsgLen > length) {
        break;
      }
      int level = control.getInt(at + 8);
      int type = control.getInt(at + 12);
      long data = at + CMSG_HEADER;
      int dataLength = (int) (cmsgLen - CMSG_HEADER);
      if (level == SOL_SOCKET && type == SCM_RIGHTS) {
        List<Object> sockets = new ArrayList<>();
        for (int k = 0; k + 4 <= dataLength; k += 4) {
          Object socket = adopt.apply(control.getInt(data + k));
          if (socket != null) {
            sockets.add(socket);
          }
        }
        out.add(new ControlMessage(level, type, List.copyOf(sockets)));
      } else if (level == SOL_SOCKET && type == SCM_CREDENTIALS && dataLength >= 12) {
        out.add(new ControlMessage(level, type,
            new Credentials(control.getInt(data), control.getInt(data + 4), control.getInt(data + 8))));
      } else {
        byte[] raw = new byte[dataLength];
        control.get(data, raw, 0, dataLength);
        out.add(new ControlMessage(level, type, raw));
      }
      at += align(cmsgLen);
    }
    return out;
  }
}
