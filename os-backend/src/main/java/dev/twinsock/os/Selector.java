package dev.twinsock.os;

import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jnr.ffi.Pointer;

/**
 * socket_select over poll(2). Linux's select marks a descriptor readable on POLLIN, POLLHUP or
 * POLLERR, writable on POLLOUT or POLLERR and exceptional on POLLPRI; this does the same, so the
 * answers are the kernel's. Each socket's wake-up eventfd is polled too, so closing a socket
 * ends the select with EBADF.
 */
final class Selector {
  private Selector() {}

  private static final int READ = 1;
  private static final int WRITE = 2;
  private static final int EXCEPT = 4;

  private static final int READ_READY = Native.POLLIN | Native.POLLRDNORM | Native.POLLRDBAND | Native.POLLHUP | Native.POLLERR;
  private static final int WRITE_READY = Native.POLLOUT | Native.POLLWRNORM | Native.POLLWRBAND | Native.POLLERR;
  private static final int EXCEPT_READY = Native.POLLPRI;

  static int select(OsSockets owner, List<Socket> read, List<Socket> write, List<Socket> except, long[] timeout) {
    String fn = "socket_select";
    Map<OsSocket, Integer> sets = new LinkedHashMap<>();
    collect(sets, read, READ);
    collect(sets, write, WRITE);
    collect(sets, except, EXCEPT);
    List<OsSocket> sockets = new ArrayList<>(sets.keySet());
    int n = sockets.size();
    int[] fds = new int[n];
    int entered = 0;
    try {
      for (; entered < n; entered++) {
        fds[entered] = sockets.get(entered).acquire();
        if (fds[entered] < 0) {
          break;
        }
      }
      if (entered < n) {
        throw fail(owner, fn, Native.EBADF);
      }
      Pointer pollfds = NativeScratch.get().pollfds(2 * n);
      // Beyond a century a timeout is as good as none, and the nanosecond arithmetic stays in range.
      long deadline = timeout == null || timeout[0] > 100L * 365 * 86_400
          ? Poller.FOREVER
          : System.nanoTime() + timeout[0] * 1_000_000_000L + timeout[1] * 1_000L;
      int[] ready = new int[n];
      // Entries whose descriptor reported only a condition select ignores (POLLHUP on an
      // except-only entry): poll always reports it, so poll skips them from then on instead of
      // spinning. Such a condition is final, so nothing select would report can follow on them.
      boolean[] silenced = new boolean[n];
      while (true) {
        for (int i = 0; i < n; i++) {
          int want = sets.get(sockets.get(i));
          short events = 0;
          if ((want & READ) != 0) {
            events |= Native.POLLIN | Native.POLLRDNORM | Native.POLLRDBAND;
          }
          if ((want & WRITE) != 0) {
            events |= Native.POLLOUT | Native.POLLWRNORM | Native.POLLWRBAND;
          }
          if ((want & EXCEPT) != 0) {
            events |= Native.POLLPRI;
          }
          pollfds.putInt(8L * i, silenced[i] ? -1 : fds[i]);
          pollfds.putShort(8L * i + 4, events);
          pollfds.putShort(8L * i + 6, (short) 0);
          pollfds.putInt(8L * (n + i), sockets.get(i).wakeFd());
          pollfds.putShort(8L * (n + i) + 4, Native.POLLIN);
          pollfds.putShort(8L * (n + i) + 6, (short) 0);
        }
        int millis = Poller.millisUntil(deadline);
        if (millis == Poller.TIMED_OUT_NOW) {
          millis = 0;
        }
        int rc = Native.LIB.poll(pollfds, 2L * n, millis);
        if (rc < 0) {
          int errno = Native.errno();
          if (errno == Native.EINTR) {
            continue;
          }
          throw fail(owner, fn, errno);
        }
        int count = 0;
        for (int i = 0; i < n; i++) {
          if (pollfds.getShort(8L * (n + i) + 6) != 0) {
            throw fail(owner, fn, Native.EBADF);
          }
          int revents = pollfds.getShort(8L * i + 6) & 0xffff;
          int want = sets.get(sockets.get(i));
          int r = 0;
          if ((want & READ) != 0 && (revents & READ_READY) != 0) {
            r |= READ;
            count++;
          }
          if ((want & WRITE) != 0 && (revents & WRITE_READY) != 0) {
            r |= WRITE;
            count++;
          }
          if ((want & EXCEPT) != 0 && (revents & EXCEPT_READY) != 0) {
            r |= EXCEPT;
            count++;
          }
          ready[i] = r;
          if (r == 0 && revents != 0) {
            silenced[i] = true;
          }
        }
        boolean expired = millis == 0 || (deadline != Poller.FOREVER && System.nanoTime() - deadline >= 0);
        if (count > 0 || expired) {
          Map<OsSocket, Integer> readiness = new LinkedHashMap<>();
          for (int i = 0; i < n; i++) {
            readiness.put(sockets.get(i), ready[i]);
          }
          prune(read, readiness, READ);
          prune(write, readiness, WRITE);
          prune(except, readiness, EXCEPT);
          return count;
        }
        // poll woke for a condition select ignores: wait on, without those entries.
      }
    } finally {
      for (int i = 0; i < entered; i++) {
        sockets.get(i).release();
      }
    }
  }

  private static SocketError fail(OsSockets owner, String fn, int errno) {
    owner.recordError(errno);
    return new SocketError(fn, errno);
  }

  private static void collect(Map<OsSocket, Integer> sets, List<Socket> list, int set) {
    if (list == null) {
      return;
    }
    for (Socket s : list) {
      sets.merge((OsSocket) s, set, (a, b) -> a | b);
    }
  }

  /**
   * The seed's element checks, before anything else: each element a socket (of this backend), none
   * already closed. A socket closed while the select waits ends it with EBADF instead.
   */
  static void checkElements(List<Socket> read, List<Socket> write, List<Socket> except) {
    checkElements(read, 1, "read");
    checkElements(write, 2, "write");
    checkElements(except, 3, "except");
  }

  private static void checkElements(List<Socket> list, int position, String name) {
    if (list == null) {
      return;
    }
    String argument = "socket_select(): Argument #" + position + " ($" + name + ")";
    for (Socket s : list) {
      if (!(s instanceof OsSocket)) {
        throw new IllegalArgumentException(argument + " must only have elements of type Socket, "
            + (s == null ? "null" : s.getClass().getSimpleName()) + " given");
      }
      if (((OsSocket) s).isClosed()) {
        throw new IllegalArgumentException(argument + " contains a closed socket");
      }
    }
  }

  /** Keeps only the ready sockets in the list, as the seed rewrites its arrays. */
  private static void prune(List<Socket> list, Map<OsSocket, Integer> readiness, int set) {
    if (list == null) {
      return;
    }
    boolean any = false;
    for (Socket s : list) {
      if ((readiness.get((OsSocket) s) & set) == 0) {
        any = true;
        break;
      }
    }
    if (any) {
      list.removeIf(s -> (readiness.get((OsSocket) s) & set) == 0);
    }
  }
}
