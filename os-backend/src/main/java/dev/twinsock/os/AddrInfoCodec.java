package dev.twinsock.os;

import static dev.twinsock.SocketConstants.AF_INET;
import static dev.twinsock.SocketConstants.AF_INET6;
import static dev.twinsock.SocketConstants.AF_UNIX;

import dev.twinsock.AddrInfo;
import dev.twinsock.SockAddr;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * getaddrinfo(3) and the seed's view of its results: {@code struct addrinfo} on Linux x86-64 read
 * into {@link AddrInfo} records, and {@link #explain} building the seed's array.
 */
final class AddrInfoCodec {
  private AddrInfoCodec() {}

  // struct addrinfo field offsets on Linux x86-64
  static final int FLAGS = 0;
  static final int FAMILY = 4;
  static final int SOCKTYPE = 8;
  static final int PROTOCOL = 12;
  static final int ADDRLEN = 16;
  static final int ADDR = 24;
  static final int CANONNAME = 32;
  static final int NEXT = 40;
  static final int SIZE = 48;

  /**
   * Looks {@code host} up. Returns the results in the resolver's order, skipping those of family
   * AF_UNSPEC as the seed does; a failure is returned as the negative EAI code in {@code error[0]}.
   */
  static List<AddrInfo> lookup(String host, String service, Map<String, Integer> hints, int[] error) {
    Pointer hint = Memory.allocateDirect(Native.RUNTIME, SIZE, true);
    if (hints != null) {
      hint.putInt(FLAGS, hints.getOrDefault("ai_flags", 0));
      hint.putInt(SOCKTYPE, hints.getOrDefault("ai_socktype", 0));
      hint.putInt(PROTOCOL, hints.getOrDefault("ai_protocol", 0));
      hint.putInt(FAMILY, hints.getOrDefault("ai_family", 0));
    }
    Pointer result = Memory.allocateDirect(Native.RUNTIME, 8, true);
    int code = Native.LIB.getaddrinfo(host, service, hint, result);
    if (code != 0) {
      error[0] = code;
      return Collections.emptyList();
    }
    Pointer list = result.getPointer(0);
    List<AddrInfo> found = new ArrayList<>();
    try {
      for (Pointer ai = list; ai != null; ai = ai.getPointer(NEXT)) {
        int family = ai.getInt(FAMILY);
        if (family == 0) {
          continue;
        }
        Pointer canon = ai.getPointer(CANONNAME);
        Pointer sa = ai.getPointer(ADDR);
        SockAddr addr = sa == null ? new SockAddr("", 0) : SockaddrCodec.decode(sa, ai.getInt(ADDRLEN));
        found.add(new AddrInfo(ai.getInt(FLAGS), family, ai.getInt(SOCKTYPE), ai.getInt(PROTOCOL),
            canon == null ? null : canon.getString(0), addr));
      }
    } finally {
      Native.LIB.freeaddrinfo(list);
    }
    return found;
  }

  /** The seed's socket_addrinfo_explain array. */
  static Map<String, Object> explain(AddrInfo info) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("ai_flags", info.flags());
    out.put("ai_family", info.family());
    out.put("ai_socktype", info.socktype());
    out.put("ai_protocol", info.protocol());
    if (info.canonname() != null) {
      out.put("ai_canonname", info.canonname());
    }
    Map<String, Object> addr = new LinkedHashMap<>();
    SockAddr sa = info.addr();
    switch (info.family()) {
      case AF_INET:
        addr.put("sin_port", sa.port());
        addr.put("sin_addr", sa.address());
        break;
      case AF_INET6:
        addr.put("sin6_port", sa.port());
        addr.put("sin6_addr", sa.address());
        break;
      case AF_UNIX:
        addr.put("sun_path", sa.address());
        break;
      default:
        break;
    }
    out.put("ai_addr", addr);
    return out;
  }
}
