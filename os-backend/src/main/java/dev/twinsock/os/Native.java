package dev.twinsock.os;

import jnr.ffi.LibraryLoader;
import jnr.ffi.LibraryOption;
import jnr.ffi.Runtime;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;

/**
 * The loaded native libraries: jnr-posix for the process calls it has (ids) and {@link
 * LibSocket} for the socket calls and fcntl. Loaded once per JVM.
 */
final class Native {
  private Native() {}

  /**
   * The native POSIX. {@code getNativePOSIX} fails loudly if libc cannot be loaded, where {@code
   * getPOSIX} would silently fall back to a pure-Java emulation that has no sockets.
   */
  static final POSIX POSIX = POSIXFactory.getNativePOSIX();

  static final LibSocket.Calls LIB = LibraryLoader.create(LibSocket.Calls.class)
      .option(LibraryOption.SaveError, Boolean.TRUE)
      .load("c");

  static final Runtime RUNTIME = Runtime.getRuntime(LIB);

  /** The errno the calling thread's last {@link #LIB} call left. */
  static int errno() {
    return RUNTIME.getLastError();
  }

  // Linux x86-64 values the socket calls need beyond SocketConstants.
  static final int EINTR = 4;
  static final int EAGAIN = 11;
  static final int EBADF = 9;
  static final int EALREADY = 114;
  static final int EINPROGRESS = 115;
  static final int O_NONBLOCK = 04000;
  static final int F_GETFL = 3;
  static final int F_DUPFD_CLOEXEC = 1030;
  static final int F_SETFL = 4;
  static final long SIOCATMARK = 0x8905;
  static final int EFD_CLOEXEC = 02000000;
  static final int EFD_NONBLOCK = 04000;
  static final short POLLIN = 0x001;
  static final short POLLPRI = 0x002;
  static final short POLLOUT = 0x004;
  static final short POLLERR = 0x008;
  static final short POLLHUP = 0x010;
  static final short POLLNVAL = 0x020;
  static final short POLLRDNORM = 0x040;
  static final short POLLRDBAND = 0x080;
  static final short POLLWRNORM = 0x100;
  static final short POLLWRBAND = 0x200;
  static final short POLLRDHUP = 0x2000;
}
