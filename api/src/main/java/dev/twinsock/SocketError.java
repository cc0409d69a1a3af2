package dev.twinsock;

import java.util.Map;

/**
 * A socket call that failed the way the seed fails: the call returned FALSE and set an errno.
 *
 * <p>{@link #code()} is the Linux errno (a {@code SOCKET_E*} value), or for {@code addrinfoLookup}
 * the negative glibc {@code EAI_*} code. The message is the seed's warning, for example {@code
 * socket_bind(): Unable to bind address [98]: Address already in use}. Errors that are part of
 * normal non-blocking flow (EAGAIN, EINPROGRESS, EALREADY) carry no stack trace, so they stay cheap.
 *
 * <p>Every error accepts suppressed exceptions, as an ordinary exception does: a test framework
 * adds what it knows about the failure (twinsock's JUnit extension adds the seed and the replay
 * line) that way. Allowing it costs nothing at construction; only the stack trace is expensive.
 */
public final class SocketError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  // The seed's wording for each function's failure warning (PHP_SOCKET_ERROR's "msg").
  private static final Map<String, String> ACTION = Map.ofEntries(
      Map.entry("socket_create", "Unable to create socket"),
      Map.entry("socket_create_listen", "unable to create listening socket"),
      Map.entry("socket_create_pair", "Unable to create socket pair"),
      Map.entry("socket_accept", "unable to accept incoming connection"),
      Map.entry("socket_bind", "Unable to bind address"),
      Map.entry("socket_connect", "unable to connect"),
      Map.entry("socket_listen", "unable to listen on socket"),
      Map.entry("socket_read", "unable to read from socket"),
      Map.entry("socket_write", "unable to write to socket"),
      Map.entry("socket_recv", "Unable to read from socket"),
      Map.entry("socket_send", "Unable to write to socket"),
      Map.entry("socket_recvfrom", "Unable to recvfrom"),
      Map.entry("socket_sendto", "Unable to write to socket"),
      Map.entry("socket_recvmsg", "Error in recvmsg"),
      Map.entry("socket_sendmsg", "Error in sendmsg"),
      Map.entry("socket_getsockname", "unable to retrieve socket name"),
      Map.entry("socket_getpeername", "unable to retrieve peer name"),
      Map.entry("socket_get_option", "Unable to retrieve socket option"),
      Map.entry("socket_set_option", "Unable to set socket option"),
      Map.entry("socket_set_block", "unable to set blocking mode"),
      Map.entry("socket_set_nonblock", "unable to set nonblocking mode"),
      Map.entry("socket_shutdown", "Unable to shutdown socket"),
      Map.entry("socket_select", "Unable to select"),
      Map.entry("socket_addrinfo_lookup", "Host lookup failed"),
      Map.entry("socket_addrinfo_bind", "Unable to bind address"),
      Map.entry("socket_addrinfo_connect", "Unable to connect address"),
      Map.entry("socket_export_stream", "Failed to create stream"),
      Map.entry("socket_import_stream", "Unable to import stream"),
      Map.entry("socket_close", "Unable to close socket"),
      Map.entry("socket_wsaprotocol_info_export", "Unable to export WSA protocol info"),
      Map.entry("socket_wsaprotocol_info_import", "Unable to import WSA protocol info"),
      Map.entry("socket_wsaprotocol_info_release", "Unable to release WSA protocol info"));

  private final int code;
  private final String function;

  /**
   * An error of {@code function} (the seed's name, e.g. {@code "socket_bind"}) with errno {@code
   * code}; the message is built from the seed's wording and glibc's text.
   */
  public SocketError(String function, int code) {
    this(function, code, null);
  }

  /**
   * An error of {@code function} with errno {@code code} whose message ends with a hint that the
   * errno alone does not give, in parentheses, e.g. which directory of a simulated host is
   * missing. A null {@code detail} adds nothing.
   */
  public SocketError(String function, int code, String detail) {
    this(function, ACTION.getOrDefault(function, "Socket call failed"), code, detail);
  }

  /**
   * An error of {@code function} whose warning the seed words differently from the function's
   * usual one, e.g. {@code socket_create_listen}'s {@code "unable to bind to given address"}.
   */
  public SocketError(String function, String action, int code) {
    this(function, action, code, null);
  }

  private SocketError(String function, String action, int code, String detail) {
    super(function + "(): " + action + " [" + code + "]: " + reasonOf(code) + (detail == null ? "" : " (" + detail + ")"),
        null, true, !isFlowControl(code));
    this.code = code;
    this.function = function;
  }

  /** The Linux errno, or the negative {@code EAI_*} code of a failed lookup. */
  public int code() {
    return code;
  }

  /** The seed's name of the function that failed, e.g. {@code "socket_connect"}. */
  public String function() {
    return function;
  }

  /**
   * The text of the code: glibc's {@code gai_strerror} for a getaddrinfo code, the resolver's text
   * below -10000, {@code strerror} otherwise.
   */
  public String reason() {
    return reasonOf(code);
  }

  // getaddrinfo codes are small negatives; the seed's resolver codes lie below -10000.
  private static String reasonOf(int code) {
    if (code < 0 && code > -10000) {
      return Errno.gaiText(code);
    }
    return Errno.socketText(code);
  }

  private static boolean isFlowControl(int code) {
    return code == SocketConstants.SOCKET_EAGAIN
        || code == SocketConstants.SOCKET_EINPROGRESS
        || code == SocketConstants.SOCKET_EALREADY;
  }
}
