package dev.twinsock.sim;

import static dev.twinsock.SocketConstants.*;

import dev.twinsock.AddrInfo;
import dev.twinsock.SockAddr;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * getaddrinfo against the network's host table: numeric addresses, the names of the network's
 * hosts, and {@code localhost}. Answers like glibc: one entry per socket type unless a hint picks
 * one, EAI_NONAME for an unknown name, EAI_SERVICE for an unknown service.
 */
final class NameService {
  private static final Map<String, Integer> SERVICES = Map.ofEntries(
      Map.entry("echo", 7), Map.entry("discard", 9), Map.entry("daytime", 13), Map.entry("ftp", 21),
      Map.entry("ssh", 22), Map.entry("telnet", 23), Map.entry("smtp", 25), Map.entry("domain", 53),
      Map.entry("http", 80), Map.entry("pop3", 110), Map.entry("imap", 143), Map.entry("https", 443),
      Map.entry("imaps", 993), Map.entry("pop3s", 995));

  private final SimNetwork network;

  NameService(SimNetwork network) {
    this.network = network;
  }

  /**
   * The ai_flags glibc's getaddrinfo knows: AI_PASSIVE, AI_CANONNAME, AI_NUMERICHOST, AI_V4MAPPED,
   * AI_ALL, AI_ADDRCONFIG, AI_IDN, AI_CANONIDN, the two deprecated IDN flags and AI_NUMERICSERV.
   */
  private static final int KNOWN_FLAGS = 0x7ff;

  List<AddrInfo> lookup(SimHost asker, String host, String service, Map<String, Integer> hints) {
    Map<String, Integer> h = hints == null ? Map.of() : hints;
    dev.twinsock.spi.SeedRules.addrinfoHints(h);
    int flags = h.getOrDefault("ai_flags", 0);
    if ((flags & ~KNOWN_FLAGS) != 0) {
      throw new KernelError(EAI_BADFLAGS); // glibc looks at the flags before anything else
    }
    int socktype = h.getOrDefault("ai_socktype", 0);
    int protocol = h.getOrDefault("ai_protocol", 0);
    int family = h.getOrDefault("ai_family", 0);
    if (family != 0 && family != AF_INET && family != AF_INET6) {
      throw new KernelError(EAI_FAMILY);
    }
    if (socktype != 0 && socktype != SOCK_STREAM && socktype != SOCK_DGRAM && socktype != SOCK_RAW) {
      throw new KernelError(EAI_SOCKTYPE);
    }
    if (service != null && !service.isEmpty() && numericService(service) == null
        && (flags & AI_NUMERICSERV) != 0) {
      throw new KernelError(EAI_NONAME); // getaddrinfo refuses a named service before it looks at types
    }
    List<int[]> kinds = kinds(socktype, protocol, service);
    int port = 0;
    if (service != null && !service.isEmpty()) {
      Integer numeric = numericService(service);
      if (numeric != null) {
        port = numeric & 0xffff; // htons keeps 16 bits: 65536 is 0
      } else if ((flags & AI_NUMERICSERV) != 0) {
        throw new KernelError(EAI_NONAME);
      } else if (SERVICES.containsKey(service)) {
        port = SERVICES.get(service);
      } else {
        throw new KernelError(EAI_SERVICE);
      }
    }
    List<IpAddress> addresses = new ArrayList<>();
    String canonical = host;
    IpAddress numeric = IpAddress.parse(host);
    if (numeric == null && host != null && host.indexOf(':') < 0) {
      numeric = IpAddress.parseInetAton(host); // glibc tries inet_aton before anything else
    }
    if (numeric != null) {
      if (family == AF_INET6 && numeric.isV4()) {
        if ((flags & AI_V4MAPPED) == 0) {
          throw new KernelError(EAI_ADDRFAMILY);
        }
        numeric = numeric.mapped();
      } else if (family == AF_INET && numeric.isV4Mapped()) {
        numeric = numeric.onWire(); // glibc answers an IPv4-mapped address with its IPv4 address
      } else if (family == AF_INET && !numeric.isV4()) {
        throw new KernelError(EAI_ADDRFAMILY);
      }
      addresses.add(numeric);
    } else {
      if ((flags & AI_NUMERICHOST) != 0 || host == null || host.isEmpty()) {
        throw new KernelError(EAI_NONAME);
      }
      if (asker.buggify().fires(Buggify.Site.DNS_TRY_AGAIN, "looking up " + host)) {
        throw new KernelError(EAI_AGAIN);
      }
      if (asker.buggify().fires(Buggify.Site.DNS_NO_NAME, "looking up " + host)) {
        throw new KernelError(EAI_NONAME);
      }
      List<IpAddress> known = network.addressesOf(host, asker);
      if (known.isEmpty()) {
        throw new KernelError(EAI_NONAME);
      }
      for (IpAddress address : known) {
        if (family == 0 || (family == AF_INET) == address.isV4()) {
          addresses.add(address);
        }
      }
      if (addresses.isEmpty() && family == AF_INET6 && (flags & AI_V4MAPPED) != 0) {
        for (IpAddress address : known) {
          addresses.add(address.mapped());
        }
      }
      if (addresses.isEmpty()) {
        // a hosts-file name without an address of the family asked for
        throw new KernelError(EAI_NONAME);
      }
    }
    List<AddrInfo> results = new ArrayList<>();
    boolean first = true;
    for (IpAddress address : addresses) {
      for (int[] kind : kinds) {
        int resultFamily = address.isV4() ? AF_INET : AF_INET6;
        String name = first && (flags & AI_CANONNAME) != 0 ? canonical : null;
        results.add(new AddrInfo(flags, resultFamily, kind[0], kind[1], name, new SockAddr(address.toString(), port)));
        first = false;
      }
    }
    return results;
  }

  /**
   * glibc's table of socket types and protocols (gaih_inet_typeproto), in its order: socktype,
   * protocol, whether a lookup without hints returns it, whether it takes any protocol (raw),
   * whether it has no services (raw).
   */
  private static final int[][] TYPE_PROTOCOLS = {
      {SOCK_STREAM, IPPROTO_TCP, 1, 0, 0},
      {SOCK_DGRAM, IPPROTO_UDP, 1, 0, 0},
      {6 /* SOCK_DCCP */, 33 /* IPPROTO_DCCP */, 0, 0, 0},
      {SOCK_DGRAM, IPPROTO_UDPLITE, 0, 0, 0},
      {SOCK_STREAM, 132 /* IPPROTO_SCTP */, 0, 0, 0},
      {SOCK_SEQPACKET, 132 /* IPPROTO_SCTP */, 0, 0, 0},
      {SOCK_RAW, 0, 1, 1, 1}};

  /**
   * The (socktype, protocol) pairs each address is returned with, as glibc picks them: with a
   * socktype or protocol hint, the first entry of its table that matches (EAI_SOCKTYPE, or
   * EAI_SERVICE without a socktype, when none does; EAI_SERVICE for raw with a service); without,
   * every default entry (stream, datagram and raw), less raw for a service by name.
   */
  private static List<int[]> kinds(int socktype, int protocol, String service) {
    List<int[]> kinds = new ArrayList<>();
    boolean named = service != null && !service.isEmpty() && numericService(service) == null;
    if (socktype != 0 || protocol != 0) {
      for (int[] tp : TYPE_PROTOCOLS) {
        boolean anyProtocol = tp[3] != 0;
        if ((socktype == 0 || socktype == tp[0]) && (protocol == 0 || anyProtocol || protocol == tp[1])) {
          if (service != null && tp[4] != 0) {
            throw new KernelError(EAI_SERVICE);
          }
          kinds.add(new int[] {tp[0], anyProtocol ? protocol : tp[1]});
          return kinds;
        }
      }
      throw new KernelError(socktype != 0 ? EAI_SOCKTYPE : EAI_SERVICE);
    }
    for (int[] tp : TYPE_PROTOCOLS) {
      if (tp[2] != 0 && !(named && tp[4] != 0)) {
        kinds.add(new int[] {tp[0], tp[1]});
      }
    }
    return kinds;
  }

  /**
   * A service as glibc's getaddrinfo reads it: strtoul's value (white space and a sign may lead, the
   * whole string must be digits after them, ULONG_MAX past the range, a minus negating modulo 2^64),
   * kept in an int, and a name if that int is negative or the string is not a number. Null for a
   * name.
   */
  private static Integer numericService(String service) {
    int n = service.length();
    int i = 0;
    while (i < n && " \t\n\u000b\f\r".indexOf(service.charAt(i)) >= 0) {
      i++;
    }
    boolean negative = false;
    if (i < n && (service.charAt(i) == '+' || service.charAt(i) == '-')) {
      negative = service.charAt(i) == '-';
      i++;
    }
    int digits = i;
    while (i < n && service.charAt(i) >= '0' && service.charAt(i) <= '9') {
      i++;
    }
    if (i == digits || i != n) {
      return null;
    }
    java.math.BigInteger value = new java.math.BigInteger(service.substring(digits));
    long unsigned = value.bitLength() > 64 ? -1L : (negative ? -value.longValue() : value.longValue());
    int num = (int) unsigned;
    return num < 0 ? null : num;
  }
}
