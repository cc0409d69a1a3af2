package dev.twinsock.parity;

import java.util.List;

/**
 * Where the kernel backend and php-cli 8.2 may answer one step differently, by design: each entry
 * is a departure documented in docs/semantics.md ("Where twinsock departs from the seed") or a
 * behaviour of PHP 8.2 that later versions changed, with its reason. The {@link PhpOracleTest}
 * reads this table, and only this table, to accept a difference; any other fails the test.
 *
 * <p>A departure that leaves both sides as they were (a call refused before any system call on
 * each) lets the comparison go on; one after which they may differ ({@link Departure#stops}) ends
 * the program's comparison there, counted as such.
 */
final class PhpDepartures {
  private PhpDepartures() {}

  /** One documented difference: which steps it covers, and why. */
  interface Matcher {
    boolean matches(Op op, String twinsock, String php);
  }

  record Departure(String name, String reason, boolean stops, Matcher matcher) {
    boolean covers(Op op, String twinsock, String php) {
      return matcher.matches(op, twinsock, php);
    }
  }

  private static final int FLAGS = dev.twinsock.SocketConstants.SOCK_NONBLOCK | dev.twinsock.SocketConstants.SOCK_CLOEXEC;

  /** Whether an op's address is the hexadecimal spelling of loopback ({@link Host#SPELLED}, slot 1). */
  private static boolean mentionsHex(Op op) {
    Endpoint e = op instanceof Op.Connect c ? c.to() : op instanceof Op.Bind b ? b.at()
        : op instanceof Op.Sendto s ? s.to() : null;
    return e != null && e.host() == Host.SPELLED && "0x7f.0.0.1".equals(e.host().address(
        dev.twinsock.SocketConstants.AF_INET, e.slot(), "", ""));
  }

  private static final String RANGE = "must be between 0 and 65535";

  static final List<Departure> TABLE = List.of(
      new Departure("port out of range",
          "PHP 8.2 casts a port to 16 bits (70000 is 4464, -1 is 65535) where twinsock, as PHP 8.5, throws an "
              + "IllegalArgumentException: the call then does something in PHP and nothing here, or PHP refuses "
              + "another of its arguments (an AF_UNIX path too long) that twinsock checks after the port",
          true, (op, t, p) -> t.startsWith("iae ") && t.contains(RANGE) && !(p.startsWith("iae ") && p.contains(RANGE))),
      new Departure("read length below 1",
          "socket_read returns false for a length below 1 before any system call; here that false is an "
              + "IllegalArgumentException, since an empty result would read as end of file",
          false, (op, t, p) -> op instanceof Op.Read && t.endsWith("($length) must be greater than 0")
              && p.equals("false ")),
      new Departure("unknown read mode",
          "socket_read in PHP 8.2 takes any mode but PHP_NORMAL_READ as binary and reads; twinsock refuses it",
          true, (op, t, p) -> op instanceof Op.Read && t.endsWith("must be either PHP_BINARY_READ or PHP_NORMAL_READ")),
      new Departure("receive length below 1",
          "socket_recv and socket_recvfrom return false for a length below 1 before any system call; here that "
              + "false is an IllegalArgumentException, as for socket_read",
          false, (op, t, p) -> (op instanceof Op.Recv || op instanceof Op.Recvfrom)
              && t.endsWith("($length) must be greater than 0") && p.equals("false ")),
      new Departure("alias names",
          "socket_getopt and socket_setopt are functions of their own in PHP 8 and name themselves in their "
              + "messages; getopt and setopt here delegate to getOption and setOption, whose names the messages give",
          false, (op, t, p) -> (op instanceof Op.GetOption g && g.alias() || op instanceof Op.SetOption s && s.alias())
              && t.equals(p.replace("socket_getopt", "socket_get_option").replace("socket_setopt", "socket_set_option"))),
      new Departure("type flags",
          "PHP 8.2 refuses SOCK_NONBLOCK and SOCK_CLOEXEC in socket_create's type, which PHP 8.4 and twinsock take "
              + "as the kernel does: the socket then exists here and not in PHP",
          true, (op, t, p) -> (op instanceof Op.Create c && (c.type() & FLAGS) != 0
              || op instanceof Op.CreatePair c2 && (c2.type() & FLAGS) != 0)
              && p.startsWith("iae ") && p.contains("Argument #2 ($type) must be one of")),
      new Departure("abstract names",
          "PHP reads an abstract AF_UNIX name back as an empty string; twinsock keeps its leading NUL, so that two "
              + "abstract names do not look alike",
          false, (op, t, p) -> (op instanceof Op.Getsockname || op instanceof Op.Getpeername || op instanceof Op.Recvfrom)
              && t.contains("@") && t.replaceAll("@[^ |]*", "''").equals(p)),
      new Departure("multicast interface lookup",
          "PHP resolves IP_MULTICAST_IF's and IPV6_MULTICAST_IF's interface itself before any setsockopt (a name by "
              + "if_nametoindex, an index's IPv4 address by an ioctl on the socket, which AF_UNIX cannot answer) and, "
              + "failing, warns and returns false with no error code; twinsock hands the name or index to the kernel "
              + "and reports its errno (ENODEV for no such interface)",
          false, (op, t, p) -> op instanceof Op.SetOption o
              && (o.level() == dev.twinsock.SocketConstants.IPPROTO_IP && o.option() == dev.twinsock.SocketConstants.IP_MULTICAST_IF
                  || o.level() == dev.twinsock.SocketConstants.IPPROTO_IPV6
                      && o.option() == dev.twinsock.SocketConstants.IPV6_MULTICAST_IF)
              && t.startsWith("err ") && p.startsWith("false ")
              && (p.contains("Failed obtaining address for interface") || p.contains("No interface with name"))),
      new Departure("long AF_UNIX path in sendto",
          "socket_sendto cuts an AF_UNIX path at 107 bytes without a word and sends to that other path; twinsock "
              + "refuses a path of 108 bytes or more, as bind and connect do: the call then does something in PHP",
          true, (op, t, p) -> op instanceof Op.Sendto && t.endsWith("($address) must be less than 108")
              && !p.startsWith("iae ")),
      new Departure("hexadecimal IPv4",
          "PHP 8.2 resolves a host that inet_pton refuses with gethostbyname, which on glibc refuses the "
              + "hexadecimal form 0x7f.0.0.1 (Host lookup failed, -10001) where twinsock's getaddrinfo takes it, as "
              + "inet_aton does: the call then does something here and not in PHP",
          true, (op, t, p) -> p.equals("err " + PhpObservation.function(op) + " -10001") && mentionsHex(op)),
      new Departure("option value of another shape",
          "PHP casts any value for SO_LINGER, SO_RCVTIMEO or SO_SNDTIMEO to an array and names the first key it "
              + "misses; twinsock takes a Linger or Timeval (or the seed's map) and names the type it wants: both "
              + "refuse the call before setsockopt",
          false, (op, t, p) -> op instanceof Op.SetOption && t.startsWith("iae ") && t.contains("must be of type ")
              && p.startsWith("iae ") && p.contains("must have key")),
      new Departure("abstract name in sendto",
          "socket_sendto copies an AF_UNIX address as a C string, so an abstract name (a leading NUL) becomes the "
              + "empty path and the kernel says EINVAL; twinsock sends to the abstract name, as bind and connect take it",
          true, (op, t, p) -> op instanceof Op.Sendto s && s.to().host() == Host.WILDCARD
              && p.equals("err socket_sendto 22") && !t.equals(p)),
      new Departure("second close",
          "socket_close of a closed socket throws an Error in PHP; close() twice is harmless here, as "
              + "AutoCloseable asks (try-with-resources)",
          false, (op, t, p) -> op instanceof Op.Close && t.equals("ok")
              && p.equals("threw java.lang.IllegalStateException: socket_close(): Argument #1 ($socket) has already been closed")));
}
