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

  private static final String RANGE = "must be between 0 and 65535";

  static final List<Departure> TABLE = List.of(
      new Departure("port out of range",
          "PHP 8.2 casts a port to 16 bits (70000 is 4464, -1 is 65535) where twinsock, as PHP 8.5, throws an "
              + "IllegalArgumentException: the call then does something in PHP and nothing here",
          true, (op, t, p) -> t.startsWith("iae ") && t.contains(RANGE) && !p.startsWith("iae ")),
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
      new Departure("second close",
          "socket_close of a closed socket throws an Error in PHP; close() twice is harmless here, as "
              + "AutoCloseable asks (try-with-resources)",
          false, (op, t, p) -> op instanceof Op.Close && t.equals("ok")
              && p.equals("threw java.lang.IllegalStateException: socket_close(): Argument #1 ($socket) has already been closed")));
}
