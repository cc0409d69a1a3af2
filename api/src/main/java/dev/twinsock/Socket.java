package dev.twinsock;

/**
 * One socket, with the seed's per-socket functions as methods: {@code socket_bind($s, ...)} is
 * {@code s.bind(...)}.
 *
 * <p>A call that fails throws {@link SocketError} and records the errno as this socket's last
 * error and as its {@link Sockets}' last error. An argument the seed rejects before any system
 * call throws {@link IllegalArgumentException}.
 *
 * <p>Every call made on a socket after its {@link #close()}, {@link #lastError()} included, throws
 * {@link IllegalStateException} with the seed's message, e.g. {@code socket_write(): Argument #1
 * ($socket) has already been closed}, before any other check, and records no last error: a
 * use after close is a bug in the program, which a handler of {@link SocketError}s must not
 * swallow. A call that is already running when another thread closes the socket ends with
 * {@link SocketError} EBADF, as the kernel ends it.
 *
 * <p>A {@code null} where the seed takes a string, an array or an object ({@code bind(null, 0)},
 * {@code write(null)}, {@code sendmsg(null, 0)}, a {@link Message} with a null element) throws
 * {@link IllegalArgumentException} naming the argument in PHP 8's TypeError wording, e.g. {@code
 * socket_bind(): Argument #2 ($address) must be of type string, null given}; an address with an
 * embedded NUL byte (other than an abstract AF_UNIX name's) throws it with PHP 8's ValueError
 * wording, {@code ... must not contain any null bytes}. Every backend answers the same; none of this
 * records a last error. The exceptions: {@link #setOption}'s value follows its option's rules, and
 * a {@link GroupRequest}'s null interface means "any".
 */
public interface Socket extends AutoCloseable {
  /** Accepts a connection from the listen queue; blocks unless the socket is non-blocking. */
  Socket accept();

  /** Binds to an address (a numeric or named host, or an AF_UNIX path) with port 0. */
  default void bind(String address) {
    bind(address, 0);
  }

  void bind(String address, int port);

  /** Connects to an AF_UNIX path; an AF_INET/AF_INET6 socket needs a port. */
  void connect(String address);

  void connect(String address, int port);

  /** Listens with a backlog of 0, the seed's default. */
  default void listen() {
    listen(0);
  }

  void listen(int backlog);

  /** Reads up to {@code length} bytes ({@code PHP_BINARY_READ}); an empty array means EOF. */
  default byte[] read(int length) {
    return read(length, SocketConstants.PHP_BINARY_READ);
  }

  /**
   * Reads up to {@code length} bytes. {@code PHP_NORMAL_READ} stops after the first {@code \n} or
   * {@code \r}. An empty array means EOF.
   */
  byte[] read(int length, int mode);

  /** Writes all of {@code data} that the socket takes; returns the count written. */
  default int write(byte[] data) {
    // a null data reaches the backend, which rejects it with the seed's TypeError wording
    return write(data, data == null ? 0 : data.length);
  }

  /** Writes at most {@code length} bytes of {@code data}; returns the count written. */
  int write(byte[] data, int length);

  /**
   * Receives up to {@code length} bytes; an empty array means EOF (or a zero-length datagram). A
   * length below 1, for which the seed returns false before any system call, throws {@link
   * IllegalArgumentException} and receives nothing.
   */
  byte[] recv(int length, int flags);

  /** Sends the first {@code length} bytes of {@code data}; returns the count sent. */
  int send(byte[] data, int length, int flags);

  /**
   * Receives one datagram (or stream bytes) and the address it came from. A length below 1 throws
   * {@link IllegalArgumentException}, as {@link #recv} does, and leaves the datagram queued.
   */
  Datagram recvfrom(int length, int flags);

  /** Sends to an AF_UNIX path. */
  int sendto(byte[] data, int length, int flags, String address);

  int sendto(byte[] data, int length, int flags, String address, int port);

  /**
   * Receives a message with room for {@code controlLength} bytes of ancillary data, at least 1 (the
   * seed refuses 0). Descriptors passed with SCM_RIGHTS arrive as {@link Socket}s of this
   * process, where the seed gives PHP streams.
   */
  Message recvmsg(int bufferSize, int controlLength, int flags);

  int sendmsg(Message message, int flags);

  /**
   * An option's value: an {@code Integer}, or a {@link Linger}, {@link Timeval}, {@link Credentials}
   * or {@code String}, depending on the option.
   */
  Object getOption(int level, int option);

  /**
   * Sets an option: an {@code Integer}, {@link Linger}, {@link Timeval}, {@link GroupRequest} or
   * {@code String}. SO_LINGER and SO_RCVTIMEO/SO_SNDTIMEO also take the seed's array shape, a map
   * with the keys {@code l_onoff} and {@code l_linger}, or {@code sec} and {@code usec}; a missing
   * key is named, as the seed names it.
   */
  void setOption(int level, int option, Object value);

  /** The seed's alias of {@link #getOption}. */
  default Object getopt(int level, int option) {
    return getOption(level, option);
  }

  /** The seed's alias of {@link #setOption}. */
  default void setopt(int level, int option, Object value) {
    setOption(level, option, value);
  }

  SockAddr getpeername();

  SockAddr getsockname();

  void setBlock();

  void setNonblock();

  /** Shuts down both directions. */
  default void shutdown() {
    shutdown(SocketConstants.SHUT_RDWR);
  }

  void shutdown(int how);

  /** A stream view of this socket; see {@link SocketStream}. */
  SocketStream exportStream();

  /** This socket's last errno, 0 if none. */
  int lastError();

  void clearError();

  /**
   * Closes the socket; later calls throw {@link IllegalStateException}. Closing twice is harmless
   * (where the seed throws), as {@link AutoCloseable} asks of a try-with-resources.
   */
  @Override
  void close();
}
