package dev.twinsock.os;

import jnr.ffi.Pointer;

/**
 * Waits with poll(2) for sockets to become ready, always together with each socket's wake-up
 * eventfd so that closing a socket ends every wait on it (see {@link Descriptor}).
 */
final class Poller {
  private Poller() {}

  /** The wait ended because a socket was closed. */
  static final int CLOSED = -1;

  /** The wait ended because the deadline passed. */
  static final int TIMED_OUT = 0;

  /** No deadline. */
  static final long FOREVER = Long.MAX_VALUE;

  /** The deadline {@code nanos} from now, or {@link #FOREVER} when {@code nanos} is 0 (the kernel's "no timeout"). */
  static long deadlineAfter(long nanos) {
    if (nanos <= 0) {
      return FOREVER;
    }
    long deadline = System.nanoTime() + nanos;
    return deadline == FOREVER ? FOREVER - 1 : deadline;
  }

  /**
   * Waits until {@code fd} reports one of {@code events} (or an error or hang-up). Returns the
   * revents, {@link #TIMED_OUT} or {@link #CLOSED}; a failing poll returns {@code -errno - 1}.
   */
  static int await(int fd, int wakeFd, short events, long deadline) {
    Pointer fds = NativeScratch.get().pollfds(2);
    while (true) {
      fds.putInt(0, fd);
      fds.putShort(4, events);
      fds.putShort(6, (short) 0);
      fds.putInt(8, wakeFd);
      fds.putShort(12, Native.POLLIN);
      fds.putShort(14, (short) 0);
      int timeout = millisUntil(deadline);
      if (timeout == TIMED_OUT_NOW) {
        return TIMED_OUT;
      }
      int n = Native.LIB.poll(fds, 2, timeout);
      if (n < 0) {
        int errno = Native.errno();
        if (errno == Native.EINTR) {
          continue;
        }
        return -errno - 1;
      }
      if (fds.getShort(14) != 0) {
        return CLOSED;
      }
      int revents = fds.getShort(6) & 0xffff;
      if (revents != 0) {
        return revents;
      }
      if (deadline != FOREVER && System.nanoTime() - deadline >= 0) {
        return TIMED_OUT;
      }
    }
  }

  /** Whether {@code fd}'s receiving side is shut down (POLLRDHUP), asked without waiting. */
  static boolean receiveShutDown(int fd) {
    Pointer fds = NativeScratch.get().pollfds(1);
    fds.putInt(0, fd);
    fds.putShort(4, Native.POLLRDHUP);
    fds.putShort(6, (short) 0);
    return Native.LIB.poll(fds, 1, 0) == 1 && (fds.getShort(6) & Native.POLLRDHUP) != 0;
  }

  /** Whether a socket error is pending (poll's POLLERR), without taking it as SO_ERROR or a call would. */
  static boolean errorPending(int fd) {
    Pointer fds = NativeScratch.get().pollfds(1);
    fds.putInt(0, fd);
    fds.putShort(4, (short) 0);
    fds.putShort(6, (short) 0);
    return Native.LIB.poll(fds, 1, 0) == 1 && (fds.getShort(6) & Native.POLLERR) != 0;
  }

  /**
   * Whether the next byte to read is TCP's urgent byte (SIOCATMARK): a receive that has copied
   * something stops there, so the kernel's blocking MSG_WAITALL returns what it has, where a further
   * call would skip the byte and end its urgency.
   */
  static boolean atUrgentMark(int fd) {
    Pointer answer = NativeScratch.get().option;
    answer.putInt(0, 0);
    return Native.LIB.ioctl(fd, Native.SIOCATMARK, answer) == 0 && answer.getInt(0) != 0;
  }

  /** {@link #millisUntil} of a deadline already passed. */
  static final int TIMED_OUT_NOW = Integer.MIN_VALUE;

  /**
   * The poll(2) timeout for a deadline, rounded up so a wait never ends early: -1 for {@link
   * #FOREVER}, {@link #TIMED_OUT_NOW} if passed. Long waits are cut into slices of a day; the
   * caller loops.
   */
  static int millisUntil(long deadline) {
    if (deadline == FOREVER) {
      return -1;
    }
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      return TIMED_OUT_NOW;
    }
    long millis = (left + 999_999) / 1_000_000;
    return (int) Math.min(millis, 86_400_000L);
  }
}
