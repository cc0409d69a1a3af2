package dev.twinsock;

/**
 * Every constant of PHP's sockets extension that exists on Linux, with its Linux x86-64 value.
 *
 * <p>Meant for {@code import static dev.twinsock.SocketConstants.*}, so that code reads like the
 * seed: {@code s.setOption(SOL_SOCKET, SO_REUSEADDR, 1)}. The {@code SOCKET_E*} names mirror errno
 * values; {@link SocketError#code()} returns one of them.
 */
public final class SocketConstants {
  private SocketConstants() {}

  // Address families
  public static final int AF_UNIX = 1;
  public static final int AF_INET = 2;
  public static final int AF_INET6 = 10;
  public static final int AF_PACKET = 17;

  // Socket types and their creation flags
  public static final int SOCK_STREAM = 1;
  public static final int SOCK_DGRAM = 2;
  public static final int SOCK_RAW = 3;
  public static final int SOCK_SEQPACKET = 5;
  public static final int SOCK_RDM = 4;
  public static final int SOCK_NONBLOCK = 2048;
  public static final int SOCK_CLOEXEC = 524288;

  // Flags of send and receive calls
  public static final int MSG_OOB = 1;
  public static final int MSG_WAITALL = 256;
  public static final int MSG_CTRUNC = 8;
  public static final int MSG_TRUNC = 32;
  public static final int MSG_PEEK = 2;
  public static final int MSG_DONTROUTE = 4;
  public static final int MSG_EOR = 128;
  public static final int MSG_CONFIRM = 2048;
  public static final int MSG_ERRQUEUE = 8192;
  public static final int MSG_NOSIGNAL = 16384;
  public static final int MSG_DONTWAIT = 64;
  public static final int MSG_MORE = 32768;
  public static final int MSG_WAITFORONE = 65536;
  public static final int MSG_CMSG_CLOEXEC = 1073741824;
  public static final int MSG_ZEROCOPY = 67108864;

  // Socket-level options (level SOL_SOCKET)
  public static final int SO_DEBUG = 1;
  public static final int SO_REUSEADDR = 2;
  public static final int SO_REUSEPORT = 15;
  public static final int SO_KEEPALIVE = 9;
  public static final int SO_DONTROUTE = 5;
  public static final int SO_LINGER = 13;
  public static final int SO_BROADCAST = 6;
  public static final int SO_OOBINLINE = 10;
  public static final int SO_SNDBUF = 7;
  public static final int SO_RCVBUF = 8;
  public static final int SO_SNDLOWAT = 19;
  public static final int SO_RCVLOWAT = 18;
  public static final int SO_SNDTIMEO = 21;
  public static final int SO_RCVTIMEO = 20;
  public static final int SO_TYPE = 3;
  public static final int SO_ERROR = 4;
  public static final int SO_BINDTODEVICE = 25;
  public static final int SO_MARK = 36;
  public static final int SO_PASSCRED = 16;
  public static final int SO_PEERCRED = 17;
  public static final int SO_INCOMING_CPU = 49;
  public static final int SO_MEMINFO = 55;
  public static final int SO_BPF_EXTENSIONS = 48;
  public static final int SO_ATTACH_REUSEPORT_CBPF = 51;
  public static final int SO_DETACH_FILTER = 27;
  public static final int SO_DETACH_BPF = 27;
  public static final int SO_ZEROCOPY = 60;
  public static final int SO_PROTOCOL = 38;
  public static final int SO_DOMAIN = 39;
  public static final int SO_ACCEPTCONN = 30;
  public static final int SO_PRIORITY = 12;

  // Control message types
  public static final int SCM_RIGHTS = 1;
  public static final int SCM_CREDENTIALS = 2;

  // Option levels
  public static final int SOL_SOCKET = 1;
  public static final int SOL_TCP = 6;
  public static final int SOL_UDP = 17;

  // Protocols, also used as option levels
  public static final int IPPROTO_IP = 0;
  public static final int IPPROTO_IPV6 = 41;
  public static final int IPPROTO_TCP = 6;
  public static final int IPPROTO_UDP = 17;
  public static final int IPPROTO_ICMP = 1;
  public static final int IPPROTO_ICMPV6 = 58;
  public static final int IPPROTO_UDPLITE = 136;

  // TCP options (level SOL_TCP)
  public static final int TCP_NODELAY = 1;
  public static final int TCP_MAXSEG = 2;
  public static final int TCP_CORK = 3;
  public static final int TCP_KEEPIDLE = 4;
  public static final int TCP_KEEPINTVL = 5;
  public static final int TCP_KEEPCNT = 6;
  public static final int TCP_SYNCNT = 7;
  public static final int TCP_LINGER2 = 8;
  public static final int TCP_DEFER_ACCEPT = 9;
  public static final int TCP_QUICKACK = 12;
  public static final int TCP_CONGESTION = 13;
  public static final int TCP_USER_TIMEOUT = 18;
  public static final int TCP_NOTSENT_LOWAT = 25;
  public static final int TCP_REPAIR = 19;
  public static final int TCP_FASTOPEN = 23;

  // UDP options (level SOL_UDP)
  public static final int UDP_SEGMENT = 103;
  public static final int UDP_CORK = 1;

  // IPv4 options (level IPPROTO_IP)
  public static final int IP_MULTICAST_IF = 32;
  public static final int IP_MULTICAST_TTL = 33;
  public static final int IP_MULTICAST_LOOP = 34;
  public static final int IP_TTL = 2;
  public static final int IP_TOS = 1;
  public static final int IP_BIND_ADDRESS_NO_PORT = 24;
  public static final int IP_MTU_DISCOVER = 10;
  public static final int IP_PMTUDISC_DO = 2;
  public static final int IP_PMTUDISC_DONT = 0;
  public static final int IP_PMTUDISC_WANT = 1;
  public static final int IP_PMTUDISC_PROBE = 3;
  public static final int IP_PMTUDISC_INTERFACE = 4;
  public static final int IP_PMTUDISC_OMIT = 5;
  public static final int IP_PKTINFO = 8;
  public static final int IP_RECVTTL = 12;
  public static final int IP_RECVTOS = 13;
  public static final int IP_FREEBIND = 15;
  public static final int IP_TRANSPARENT = 19;

  // IPv6 options (level IPPROTO_IPV6)
  public static final int IPV6_MULTICAST_IF = 17;
  public static final int IPV6_MULTICAST_HOPS = 18;
  public static final int IPV6_MULTICAST_LOOP = 19;
  public static final int IPV6_V6ONLY = 26;
  public static final int IPV6_UNICAST_HOPS = 16;
  public static final int IPV6_RECVPKTINFO = 49;
  public static final int IPV6_PKTINFO = 50;
  public static final int IPV6_RECVHOPLIMIT = 51;
  public static final int IPV6_HOPLIMIT = 52;
  public static final int IPV6_RECVTCLASS = 66;
  public static final int IPV6_TCLASS = 67;

  // Protocol-independent multicast options
  public static final int MCAST_JOIN_GROUP = 42;
  public static final int MCAST_LEAVE_GROUP = 45;
  public static final int MCAST_BLOCK_SOURCE = 43;
  public static final int MCAST_UNBLOCK_SOURCE = 44;
  public static final int MCAST_JOIN_SOURCE_GROUP = 46;
  public static final int MCAST_LEAVE_SOURCE_GROUP = 47;

  // shutdown() directions
  public static final int SHUT_RD = 0;
  public static final int SHUT_WR = 1;
  public static final int SHUT_RDWR = 2;

  // addrinfo hint flags (ai_flags)
  public static final int AI_PASSIVE = 1;
  public static final int AI_CANONNAME = 2;
  public static final int AI_NUMERICHOST = 4;
  public static final int AI_V4MAPPED = 8;
  public static final int AI_ALL = 16;
  public static final int AI_ADDRCONFIG = 32;
  public static final int AI_NUMERICSERV = 1024;
  public static final int AI_IDN = 64;
  public static final int AI_CANONIDN = 128;

  // getaddrinfo error codes (negative, as glibc defines them)
  public static final int EAI_BADFLAGS = -1;
  public static final int EAI_NONAME = -2;
  public static final int EAI_AGAIN = -3;
  public static final int EAI_FAIL = -4;
  public static final int EAI_FAMILY = -6;
  public static final int EAI_SOCKTYPE = -7;
  public static final int EAI_SERVICE = -8;
  public static final int EAI_MEMORY = -10;
  public static final int EAI_SYSTEM = -11;
  public static final int EAI_OVERFLOW = -12;
  public static final int EAI_NODATA = -5;
  public static final int EAI_ADDRFAMILY = -9;
  public static final int EAI_INPROGRESS = -100;
  public static final int EAI_CANCELED = -101;
  public static final int EAI_NOTCANCELED = -102;
  public static final int EAI_ALLDONE = -103;
  public static final int EAI_INTR = -104;
  public static final int EAI_IDN_ENCODE = -105;

  // Ethernet protocol numbers (AF_PACKET)
  public static final int ETH_P_IP = 2048;
  public static final int ETH_P_IPV6 = 34525;
  public static final int ETH_P_LOOP = 96;
  public static final int ETH_P_ALL = 3;

  /** The kernel's cap on a listen backlog ({@code net.core.somaxconn} default). */
  public static final int SOMAXCONN = 4096;

  // read modes of Socket.read
  /** Read up to a newline: stops after the first {@code \\n} or {@code \\r}. */
  public static final int PHP_NORMAL_READ = 1;
  /** Read whatever is available, up to the length (the default). */
  public static final int PHP_BINARY_READ = 2;

  // errno values, mirrored as in PHP (Linux numbers)
  public static final int SOCKET_EPERM = 1;
  public static final int SOCKET_ENOENT = 2;
  public static final int SOCKET_EINTR = 4;
  public static final int SOCKET_EIO = 5;
  public static final int SOCKET_ENXIO = 6;
  public static final int SOCKET_E2BIG = 7;
  public static final int SOCKET_EBADF = 9;
  public static final int SOCKET_EAGAIN = 11;
  public static final int SOCKET_ENOMEM = 12;
  public static final int SOCKET_EACCES = 13;
  public static final int SOCKET_EFAULT = 14;
  public static final int SOCKET_ENOTBLK = 15;
  public static final int SOCKET_EBUSY = 16;
  public static final int SOCKET_EEXIST = 17;
  public static final int SOCKET_EXDEV = 18;
  public static final int SOCKET_ENODEV = 19;
  public static final int SOCKET_ENOTDIR = 20;
  public static final int SOCKET_EISDIR = 21;
  public static final int SOCKET_EINVAL = 22;
  public static final int SOCKET_ENFILE = 23;
  public static final int SOCKET_EMFILE = 24;
  public static final int SOCKET_ENOTTY = 25;
  public static final int SOCKET_ENOSPC = 28;
  public static final int SOCKET_ESPIPE = 29;
  public static final int SOCKET_EROFS = 30;
  public static final int SOCKET_EMLINK = 31;
  public static final int SOCKET_EPIPE = 32;
  public static final int SOCKET_ENAMETOOLONG = 36;
  public static final int SOCKET_ENOLCK = 37;
  public static final int SOCKET_ENOSYS = 38;
  public static final int SOCKET_ENOTEMPTY = 39;
  public static final int SOCKET_ELOOP = 40;
  public static final int SOCKET_EWOULDBLOCK = 11;
  public static final int SOCKET_ENOMSG = 42;
  public static final int SOCKET_EIDRM = 43;
  public static final int SOCKET_ECHRNG = 44;
  public static final int SOCKET_EL2NSYNC = 45;
  public static final int SOCKET_EL3HLT = 46;
  public static final int SOCKET_EL3RST = 47;
  public static final int SOCKET_ELNRNG = 48;
  public static final int SOCKET_EUNATCH = 49;
  public static final int SOCKET_ENOCSI = 50;
  public static final int SOCKET_EL2HLT = 51;
  public static final int SOCKET_EBADE = 52;
  public static final int SOCKET_EBADR = 53;
  public static final int SOCKET_EXFULL = 54;
  public static final int SOCKET_ENOANO = 55;
  public static final int SOCKET_EBADRQC = 56;
  public static final int SOCKET_EBADSLT = 57;
  public static final int SOCKET_ENOSTR = 60;
  public static final int SOCKET_ENODATA = 61;
  public static final int SOCKET_ETIME = 62;
  public static final int SOCKET_ENOSR = 63;
  public static final int SOCKET_ENONET = 64;
  public static final int SOCKET_EREMOTE = 66;
  public static final int SOCKET_ENOLINK = 67;
  public static final int SOCKET_EADV = 68;
  public static final int SOCKET_ESRMNT = 69;
  public static final int SOCKET_ECOMM = 70;
  public static final int SOCKET_EPROTO = 71;
  public static final int SOCKET_EMULTIHOP = 72;
  public static final int SOCKET_EBADMSG = 74;
  public static final int SOCKET_ENOTUNIQ = 76;
  public static final int SOCKET_EBADFD = 77;
  public static final int SOCKET_EREMCHG = 78;
  public static final int SOCKET_ERESTART = 85;
  public static final int SOCKET_ESTRPIPE = 86;
  public static final int SOCKET_EUSERS = 87;
  public static final int SOCKET_ENOTSOCK = 88;
  public static final int SOCKET_EDESTADDRREQ = 89;
  public static final int SOCKET_EMSGSIZE = 90;
  public static final int SOCKET_EPROTOTYPE = 91;
  public static final int SOCKET_ENOPROTOOPT = 92;
  public static final int SOCKET_EPROTONOSUPPORT = 93;
  public static final int SOCKET_ESOCKTNOSUPPORT = 94;
  public static final int SOCKET_EOPNOTSUPP = 95;
  public static final int SOCKET_EPFNOSUPPORT = 96;
  public static final int SOCKET_EAFNOSUPPORT = 97;
  public static final int SOCKET_EADDRINUSE = 98;
  public static final int SOCKET_EADDRNOTAVAIL = 99;
  public static final int SOCKET_ENETDOWN = 100;
  public static final int SOCKET_ENETUNREACH = 101;
  public static final int SOCKET_ENETRESET = 102;
  public static final int SOCKET_ECONNABORTED = 103;
  public static final int SOCKET_ECONNRESET = 104;
  public static final int SOCKET_ENOBUFS = 105;
  public static final int SOCKET_EISCONN = 106;
  public static final int SOCKET_ENOTCONN = 107;
  public static final int SOCKET_ESHUTDOWN = 108;
  public static final int SOCKET_ETOOMANYREFS = 109;
  public static final int SOCKET_ETIMEDOUT = 110;
  public static final int SOCKET_ECONNREFUSED = 111;
  public static final int SOCKET_EHOSTDOWN = 112;
  public static final int SOCKET_EHOSTUNREACH = 113;
  public static final int SOCKET_EALREADY = 114;
  public static final int SOCKET_EINPROGRESS = 115;
  public static final int SOCKET_EISNAM = 120;
  public static final int SOCKET_EREMOTEIO = 121;
  public static final int SOCKET_EDQUOT = 122;
  public static final int SOCKET_ENOMEDIUM = 123;
  public static final int SOCKET_EMEDIUMTYPE = 124;

}
