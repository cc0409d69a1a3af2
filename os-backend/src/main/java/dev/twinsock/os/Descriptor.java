package dev.twinsock.os;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * The lifetime of one kernel socket descriptor, and the reason a closed socket can never touch a
 * descriptor number the kernel has since handed to someone else.
 *
 * <p>Why not just close(2): on Linux, closing a descriptor does not wake a thread blocked in
 * accept(2) or recv(2) on it, and once closed the number can be reused at once, so a thread still
 * about to use it would act on a stranger's socket. So the kernel descriptor is always
 * O_NONBLOCK, every blocking call of the seed is emulated by polling the descriptor together with
 * a per-socket wake-up eventfd (see {@link Poller}), and every call runs between {@link #enter()}
 * and {@link #leave()}. {@link #close()} marks the descriptor closed (no new call may enter),
 * signals the eventfd (every waiting poll returns), waits for the calls in flight to leave, and
 * only then releases the numbers. Shutdown-then-close was the alternative; it does not wake a
 * blocked accept on Linux either and changes what the peer sees, so it is not used.
 */
final class Descriptor {
  private static final Pointer ONE = one();

  private final int fd;
  private final int wakeFd;
  private int inFlight;
  private boolean closed;
  /** The kernel numbers are closed: set once, after {@link #closed}. */
  private boolean released;

  private Descriptor(int fd, int wakeFd) {
    this.fd = fd;
    this.wakeFd = wakeFd;
  }

  /**
   * Wraps a kernel descriptor that is already O_NONBLOCK. Returns null and closes {@code fd} if no
   * wake-up eventfd can be made; {@link Native#errno()} then tells why.
   */
  static Descriptor of(int fd) {
    int wake = Native.LIB.eventfd(0, Native.EFD_CLOEXEC | Native.EFD_NONBLOCK);
    if (wake < 0) {
      int errno = Native.errno();
      Native.LIB.close(fd);
      Native.RUNTIME.setLastError(errno);
      return null;
    }
    return new Descriptor(fd, wake);
  }

  private static Pointer one() {
    Pointer p = Memory.allocateDirect(Native.RUNTIME, 8, true);
    p.putLong(0, 1L);
    return p;
  }

  /** The descriptor number for one call, or -1 if closed; a non-negative result must be paired with {@link #leave()}. */
  synchronized int enter() {
    if (closed) {
      return -1;
    }
    inFlight++;
    return fd;
  }

  synchronized void leave() {
    inFlight--;
    if (inFlight == 0 && closed) {
      notifyAll();
    }
  }

  /** The wake-up eventfd; readable once the descriptor is closing. Valid only between enter and leave. */
  int wakeFd() {
    return wakeFd;
  }

  /** How many calls are between enter and leave now; for tests that must know a call is blocked. */
  synchronized int callsInFlight() {
    return inFlight;
  }

  /** The kernel descriptor number, which is only meaningful while open; for tests of reuse. */
  int number() {
    return fd;
  }

  synchronized boolean isClosed() {
    return closed;
  }

  /**
   * Closes the descriptor once no call is in flight. Returns false if it was already closed, after
   * the other closer has released the numbers, so that every close returns with the socket really
   * closed. Must not be called by a thread that has entered.
   */
  boolean close() {
    boolean interrupted = false;
    synchronized (this) {
      if (closed) {
        while (!released) {
          try {
            wait();
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
        restoreInterrupt(interrupted);
        return false;
      }
      closed = true;
      Native.LIB.write(wakeFd, ONE, 8);
      while (inFlight > 0) {
        try {
          wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    Native.LIB.close(fd);
    Native.LIB.close(wakeFd);
    synchronized (this) {
      released = true;
      notifyAll();
    }
    restoreInterrupt(interrupted);
    return true;
  }

  private static void restoreInterrupt(boolean interrupted) {
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
