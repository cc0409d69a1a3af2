package dev.twinsock;

import java.util.List;
import java.util.Map;

/**
 * The seed's socket functions that take no socket, and the factory of {@link Socket}s: one per
 * process. The os backend is the real kernel; in the sim, each simulated host is one.
 *
 * <p>A {@code null} host for {@link #addrinfoLookup}, a null {@link AddrInfo}, a null hint value or a
 * null element of a {@link #select} list throws {@link IllegalArgumentException} naming the
 * argument, in PHP 8's TypeError wording, on every backend; so does a host or service with a NUL
 * byte. A null service, null hints and a null select list are none.
 *
 * <p>{@link #lastError()} is the process-wide last error: every failing call sets it, as the seed's
 * {@code socket_last_error()} without argument. {@link #close()} closes every socket it created.
 */
public interface Sockets extends AutoCloseable {
  Socket create(int domain, int type, int protocol);

  /** A TCP listener on 0.0.0.0:{@code port} with a backlog of 128. */
  default Socket createListen(int port) {
    return createListen(port, 128);
  }

  Socket createListen(int port, int backlog);

  /** Two connected sockets; AF_UNIX only on Linux. */
  Socket[] createPair(int domain, int type, int protocol);

  default List<AddrInfo> addrinfoLookup(String host) {
    return addrinfoLookup(host, null, Map.of());
  }

  default List<AddrInfo> addrinfoLookup(String host, String service) {
    return addrinfoLookup(host, service, Map.of());
  }

  /** getaddrinfo; hints keys are {@code ai_flags}, {@code ai_socktype}, {@code ai_protocol}, {@code ai_family}. */
  List<AddrInfo> addrinfoLookup(String host, String service, Map<String, Integer> hints);

  /** A socket of the address's family and type, bound to it. */
  Socket addrinfoBind(AddrInfo address);

  /** A socket of the address's family and type, connected to it. */
  Socket addrinfoConnect(AddrInfo address);

  /** The seed's array describing an {@link AddrInfo}. */
  Map<String, Object> addrinfoExplain(AddrInfo address);

  /**
   * Waits until a socket is ready. A null list is empty; a null {@code seconds} waits forever;
   * microseconds of a million or more carry into seconds. The lists are pruned to the ready
   * sockets. Returns how many sockets are ready.
   */
  int select(List<Socket> read, List<Socket> write, List<Socket> except, Long seconds, int microseconds);

  /** A {@link Socket} over a stream made by {@link Socket#exportStream()}. */
  Socket importStream(SocketStream stream);

  /** The buffer size {@code recvmsg} needs for {@code n} control messages of this level and type. */
  int cmsgSpace(int level, int type, int n);

  /** Windows-only in the seed: always fails with EOPNOTSUPP. */
  String wsaprotocolInfoExport(Socket socket, int targetPid);

  /** Windows-only in the seed: always fails with EOPNOTSUPP. */
  Socket wsaprotocolInfoImport(String infoId);

  /** Windows-only in the seed: always fails with EOPNOTSUPP. */
  boolean wsaprotocolInfoRelease(String infoId);

  /** The last errno of any call of this process, 0 if none. */
  int lastError();

  void clearError();

  /** The seed's text for an error code: glibc's strerror, or the resolver's text below -10000. */
  default String strerror(int errno) {
    return Errno.socketText(errno);
  }

  /** Closes every socket this process created. */
  @Override
  void close();
}
