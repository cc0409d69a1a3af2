package dev.twinsock.os;

import static dev.twinsock.SocketConstants.*;

import dev.twinsock.Credentials;
import dev.twinsock.GroupRequest;
import dev.twinsock.Linger;
import dev.twinsock.Timeval;
import dev.twinsock.spi.SeedRules;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import jnr.ffi.Pointer;

/**
 * Socket options between the seed's values and getsockopt(2)/setsockopt(2). Options with a
 * structure (SO_LINGER, the timeouts, SO_PEERCRED, the multicast group requests) or a string
 * (SO_BINDTODEVICE, TCP_CONGESTION) are converted; every other option, known or not, is passed to
 * the kernel as an int, so unknown levels and options fail exactly as the kernel says.
 */
final class OptionCodec {
  private OptionCodec() {}

  /** Reads an option; throws {@link SyscallFailure} as the kernel fails. */
  static Object get(int fd, int family, int level, int option) {
    NativeScratch scratch = NativeScratch.get();
    Pointer value = scratch.option;
    Pointer length = scratch.optionLen;
    value.setMemory(0, NativeScratch.OPTION_SIZE, (byte) 0);
    int size = sizeOf(level, option);
    length.putInt(0, size);
    if (Native.LIB.getsockopt(fd, level, option, value, length) != 0) {
      throw SyscallFailure.last();
    }
    int got = length.getInt(0);
    if (level == SOL_SOCKET) {
      switch (option) {
        case SO_LINGER:
          return new Linger(value.getInt(0), value.getInt(4));
        case SO_RCVTIMEO:
        case SO_SNDTIMEO:
          return new Timeval(value.getLong(0), value.getLong(8));
        case SO_PEERCRED:
          return new Credentials(value.getInt(0), value.getInt(4), value.getInt(8));
        case SO_BINDTODEVICE:
          return cString(value, got);
        default:
          break;
      }
    } else if (level == IPPROTO_TCP && option == TCP_CONGESTION) {
      return cString(value, got);
    } else if (level == IPPROTO_IP && option == IP_MULTICAST_IF) {
      return interfaceIndexOf(value);
    }
    if (got == 1) {
      return value.getByte(0) & 0xff;
    }
    return value.getInt(0);
  }

  /**
   * Writes an option whose value {@link SeedRules#setOptionValue} has already checked (so its shape
   * is the option's); throws {@link SyscallFailure} as the kernel fails.
   */
  static void set(int fd, int family, int level, int option, Object given) {
    NativeScratch scratch = NativeScratch.get();
    Pointer value = scratch.option;
    value.setMemory(0, NativeScratch.OPTION_SIZE, (byte) 0);
    int size;
    if (level == SOL_SOCKET && option == SO_LINGER) {
      Linger linger = (Linger) given;
      value.putInt(0, linger.onoff());
      value.putInt(4, linger.linger());
      size = 8;
    } else if (level == SOL_SOCKET && (option == SO_RCVTIMEO || option == SO_SNDTIMEO)) {
      Timeval tv = (Timeval) given;
      value.putLong(0, tv.sec());
      value.putLong(8, tv.usec());
      size = 16;
    } else if ((level == IPPROTO_IP || level == IPPROTO_IPV6) && isGroupOption(option)) {
      size = groupRequest(value, family, option, (GroupRequest) given);
    } else if (level == IPPROTO_IP && option == IP_MULTICAST_IF) {
      value.put(0, interfaceAddress(interfaceIndex(interfaceValue(given))), 0, 4);
      size = 4;
    } else if (level == IPPROTO_IPV6 && option == IPV6_MULTICAST_IF) {
      value.putInt(0, interfaceIndex(interfaceValue(given)));
      size = 4;
    } else if ((level == SOL_SOCKET && option == SO_BINDTODEVICE) || (level == IPPROTO_TCP && option == TCP_CONGESTION)) {
      String text = (String) given;
      // The seed passes the string's bytes without a NUL; an empty one unbinds.
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      size = Math.min(bytes.length, NativeScratch.OPTION_SIZE);
      value.put(0, bytes, 0, size);
    } else {
      value.putInt(0, (Integer) given);
      size = 4;
    }
    if (Native.LIB.setsockopt(fd, level, option, value, size) != 0) {
      throw SyscallFailure.last();
    }
  }

  private static int sizeOf(int level, int option) {
    if (level == SOL_SOCKET) {
      switch (option) {
        case SO_LINGER:
          return 8;
        case SO_RCVTIMEO:
        case SO_SNDTIMEO:
          return 16;
        case SO_PEERCRED:
          return 12;
        case SO_BINDTODEVICE:
          return 16;
        default:
          return 4;
      }
    }
    if (level == IPPROTO_TCP && option == TCP_CONGESTION) {
      return 16;
    }
    return 4;
  }

  private static boolean isGroupOption(int option) {
    return option == MCAST_JOIN_GROUP || option == MCAST_LEAVE_GROUP || option == MCAST_BLOCK_SOURCE
        || option == MCAST_UNBLOCK_SOURCE || option == MCAST_JOIN_SOURCE_GROUP || option == MCAST_LEAVE_SOURCE_GROUP;
  }

  /** struct group_req (136 bytes) or, with a source, struct group_source_req (264 bytes). */
  private static int groupRequest(Pointer value, int family, int option, GroupRequest request) {
    boolean withSource = option != MCAST_JOIN_GROUP && option != MCAST_LEAVE_GROUP;
    value.putInt(0, interfaceIndex(request.iface()));
    Pointer group = NativeScratch.get().addr;
    if (SockaddrCodec.encodeInet(group, family, request.group(), 0) < 0) {
      throw new SyscallFailure(EADDRNOTAVAIL_FOR_LOOKUP);
    }
    copy(group, value, 8);
    if (!withSource) {
      return 136;
    }
    if (request.source() == null || SockaddrCodec.encodeInet(group, family, request.source(), 0) < 0) {
      throw new SyscallFailure(EADDRNOTAVAIL_FOR_LOOKUP);
    }
    copy(group, value, 136);
    return 264;
  }

  /** A group or source address that does not parse or resolve: the kernel would say EADDRNOTAVAIL. */
  private static final int EADDRNOTAVAIL_FOR_LOOKUP = SOCKET_EADDRNOTAVAIL;

  private static void copy(Pointer sockaddr, Pointer to, int offset) {
    byte[] raw = new byte[NativeScratch.ADDR_SIZE];
    sockaddr.get(0, raw, 0, raw.length);
    to.put(offset, raw, 0, raw.length);
  }

  /** A multicast interface option's value: an index or a name. */
  private static Object interfaceValue(Object given) {
    if (given instanceof String) {
      return given;
    }
    return SeedRules.optionValue("a multicast interface option", Integer.class, given);
  }

  /** An interface as the seed takes it: an index, a name, a numeric string, or null for any. */
  private static int interfaceIndex(Object iface) {
    if (iface == null) {
      return 0;
    }
    if (iface instanceof Integer) {
      return (Integer) iface;
    }
    String name = iface.toString();
    if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
      return Integer.parseInt(name);
    }
    int index = Native.LIB.if_nametoindex(name);
    if (index == 0) {
      throw new SyscallFailure(SOCKET_ENODEV);
    }
    return index;
  }

  /**
   * The IPv4 address of an interface, which is what the seed sets as IP_MULTICAST_IF (the kernel
   * then finds the interface by it, and getsockopt reports the address back).
   */
  private static byte[] interfaceAddress(int index) {
    if (index == 0) {
      return new byte[4];
    }
    try {
      NetworkInterface nif = NetworkInterface.getByIndex(index);
      if (nif != null) {
        for (Enumeration<InetAddress> e = nif.getInetAddresses(); e.hasMoreElements(); ) {
          InetAddress a = e.nextElement();
          if (a instanceof Inet4Address) {
            return a.getAddress();
          }
        }
      }
    } catch (SocketException ignored) {
      // fall through: no such interface
    }
    throw new SyscallFailure(SOCKET_EADDRNOTAVAIL);
  }

  /** The index of the interface whose IPv4 address IP_MULTICAST_IF reports; 0 for INADDR_ANY. */
  private static int interfaceIndexOf(Pointer value) {
    byte[] raw = new byte[4];
    value.get(0, raw, 0, 4);
    if ((raw[0] | raw[1] | raw[2] | raw[3]) == 0) {
      return 0;
    }
    try {
      NetworkInterface nif = NetworkInterface.getByInetAddress(InetAddress.getByAddress(raw));
      return nif == null ? 0 : nif.getIndex();
    } catch (SocketException | UnknownHostException e) {
      return 0;
    }
  }

  private static String cString(Pointer value, int length) {
    int n = Math.max(0, Math.min(length, NativeScratch.OPTION_SIZE));
    byte[] raw = new byte[n];
    value.get(0, raw, 0, n);
    int end = 0;
    while (end < n && raw[end] != 0) {
      end++;
    }
    return new String(raw, 0, end, StandardCharsets.UTF_8);
  }
}
