package dev.twinsock.sim;

import java.util.TreeMap;

/**
 * A host's AF_UNIX names. A filesystem path stays taken after its socket closes — the socket file
 * remains — until {@link SimHost#unlink} removes it; an abstract name (starting with NUL) is
 * freed by the close itself.
 */
final class UnixNamespace {
  /** Name to socket; a null socket is a socket file nobody has open. */
  private final TreeMap<String, UnixSocket> names = new TreeMap<>();
  private int nextAutobind = 0;

  static boolean isAbstract(String name) {
    return name.startsWith("\0");
  }

  boolean exists(String name) {
    return names.containsKey(name);
  }

  UnixSocket socketAt(String name) {
    return names.get(name);
  }

  void bind(String name, UnixSocket socket) {
    if (names.containsKey(name)) {
      throw new KernelError(dev.twinsock.SocketConstants.SOCKET_EADDRINUSE);
    }
    names.put(name, socket);
  }

  /** An unused abstract name of five hex digits, as Linux's autobind makes. */
  String autobindName() {
    while (true) {
      String name = String.format(java.util.Locale.ROOT, "\0%05x", nextAutobind++ & 0xfffff);
      if (!names.containsKey(name)) {
        return name;
      }
    }
  }

  void release(String name, UnixSocket socket) {
    if (names.get(name) != socket) {
      return;
    }
    if (isAbstract(name)) {
      names.remove(name);
    } else {
      names.put(name, null);
    }
  }

  boolean unlink(String name) {
    if (!names.containsKey(name)) {
      return false;
    }
    names.remove(name);
    return true;
  }
}
