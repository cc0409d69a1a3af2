package dev.twinsock.sim;

import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A host's AF_UNIX names. A filesystem path stays taken after its socket closes — the socket file
 * remains — until {@link SimHost#unlink} removes it; an abstract name (starting with NUL) is
 * freed by the close itself.
 *
 * <p>Paths live in a file namespace of directories: a socket file can be made only in a
 * directory that exists (else ENOENT, as bind(2) says). A host starts with the directories where
 * a stock Linux system keeps sockets ({@link #STOCK_DIRECTORIES}); {@link
 * SimHost#createDirectories} makes more. A relative path is taken from the process's working
 * directory, {@code /}.
 */
final class UnixNamespace {
  static final List<String> STOCK_DIRECTORIES =
      List.of("/", "/dev", "/dev/shm", "/run", "/tmp", "/var", "/var/run", "/var/tmp");

  /** Path to socket; a null socket is a socket file nobody has open. */
  private final TreeMap<String, UnixSocket> names = new TreeMap<>();
  /** Abstract names, by {@link #abstractKey}. */
  private final TreeMap<String, UnixSocket> abstractNames = new TreeMap<>();
  private final TreeSet<String> directories = new TreeSet<>(STOCK_DIRECTORIES);
  private int nextAutobind = 0;

  /** Makes a directory and its missing parents, as mkdir -p. */
  void createDirectories(String path) {
    String dir = absolute(path);
    while (dir.length() > 1 && dir.endsWith("/")) {
      dir = dir.substring(0, dir.length() - 1);
    }
    while (directories.add(dir)) {
      dir = parentOf(dir);
    }
  }

  /**
   * Checks that a socket file could be made at {@code path} (not an abstract name): its
   * directory exists (else ENOENT) and nothing has the name (else EADDRINUSE). Linux makes the
   * file before it looks at the socket, so these come before bind's EINVAL.
   */
  void checkCreatable(String path) {
    if (!directories.contains(parentOf(absolute(path)))) {
      throw missingDirectory(path);
    }
    if (names.containsKey(path)) {
      throw new KernelError(dev.twinsock.SocketConstants.SOCKET_EADDRINUSE);
    }
  }

  /**
   * ENOENT for a path whose directory the host lacks, saying which: the real directory a test made
   * with {@code Files.createTempDirectory} is not the simulated host's.
   */
  KernelError missingDirectory(String path) {
    String directory = parentOf(absolute(path));
    if (directories.contains(directory)) {
      return new KernelError(dev.twinsock.SocketConstants.SOCKET_ENOENT);
    }
    return new KernelError(dev.twinsock.SocketConstants.SOCKET_ENOENT, "the simulated host has no directory "
        + directory + ": make it with SimHost.createDirectories(\"" + directory + "\")");
  }

  private static String absolute(String path) {
    return path.startsWith("/") ? path : "/" + path;
  }

  private static String parentOf(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }

  static boolean isAbstract(String name) {
    return name.startsWith("\0");
  }

  /**
   * Linux hashes an abstract name with the socket type: a stream socket does not find (and may
   * bind again) an abstract name a datagram socket holds. A path is one inode for every type.
   */
  private static String abstractKey(String name, int type) {
    return type + ":" + name;
  }

  boolean exists(String name, int type) {
    return isAbstract(name) ? abstractNames.containsKey(abstractKey(name, type)) : names.containsKey(name);
  }

  UnixSocket socketAt(String name, int type) {
    return isAbstract(name) ? abstractNames.get(abstractKey(name, type)) : names.get(name);
  }

  void bind(String name, UnixSocket socket) {
    if (exists(name, socket.type)) {
      throw new KernelError(dev.twinsock.SocketConstants.SOCKET_EADDRINUSE);
    }
    if (isAbstract(name)) {
      abstractNames.put(abstractKey(name, socket.type), socket);
    } else {
      names.put(name, socket);
    }
  }

  /** An unused abstract name of five hex digits, as Linux's autobind makes. */
  String autobindName(int type) {
    while (true) {
      String name = String.format(java.util.Locale.ROOT, "\0%05x", nextAutobind++ & 0xfffff);
      if (!exists(name, type)) {
        return name;
      }
    }
  }

  void release(String name, UnixSocket socket) {
    if (socketAt(name, socket.type) != socket) {
      return;
    }
    if (isAbstract(name)) {
      abstractNames.remove(abstractKey(name, socket.type));
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
