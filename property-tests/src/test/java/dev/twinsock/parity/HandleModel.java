package dev.twinsock.parity;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a run knows about its handles, kept from the ops and their outcomes alone, so that the
 * {@link Run} that executes a program and the {@link JavaRenderer} that prints it pick the very
 * same socket for every handle.
 *
 * <p>A handle {@code h >= 0} is socket {@code h mod count}, in order of creation. A negative
 * handle {@code -k-1} is the k-th most recently listening open socket (mod their count), or, if
 * none listens, socket {@code k mod count}: it lets a generated program aim accepts and connects
 * at listeners often enough to get past the handshake. {@link #NEWEST} is the socket made last,
 * {@code NEWEST - k} the k-th before it.
 */
final class HandleModel {
  private final List<Integer> families = new ArrayList<>();
  private final Set<Integer> closed = new HashSet<>();
  private final List<Integer> listening = new ArrayList<>();
  private int addrinfos;
  private int streams;

  int sockets() {
    return families.size();
  }

  int addrinfos() {
    return addrinfos;
  }

  int streams() {
    return streams;
  }

  /** The family the socket was made with, or -1 if unknown. */
  int family(int index) {
    return families.get(index);
  }

  boolean closed(int index) {
    return closed.contains(index);
  }

  /** Whether the socket listens: its last listen succeeded and it was not shut down or closed since. */
  boolean listening(int index) {
    return listening.contains(index);
  }

  /** The handle of the socket made last, whatever made it; {@code NEWEST - k}, the one k before it. */
  static final int NEWEST = -100;

  /** The socket a handle picks, or -1 if there is no socket yet. */
  int resolve(int h) {
    int count = families.size();
    if (count == 0) {
      return -1;
    }
    if (h >= 0) {
      return h % count;
    }
    if (h <= NEWEST) {
      return Math.floorMod(count - 1 - (NEWEST - h), count);
    }
    int k = -h - 1;
    return listening.isEmpty() ? k % count : listening.get(listening.size() - 1 - k % listening.size());
  }

  /** Records what a step did; call after each step with the handles as they were before it. */
  void after(Op op, Outcome outcome) {
    if (outcome.skipped()) {
      return;
    }
    if (op instanceof Op.Meanwhile m) {
      // both calls pick their sockets before either ran; the actor makes no socket
      after(m.actor(), outcome.parts().get(1));
      after(m.waiter(), outcome.parts().get(0));
      return;
    }
    boolean ok = outcome.text().startsWith("ok");
    if (op instanceof Op.Listen l && ok) {
      markListening(resolve(l.h()));
    } else if (op instanceof Op.Shutdown d && ok) {
      // shutdown(SHUT_RD or SHUT_RDWR) closes a listener; SHUT_WR leaves it, but no matter here
      listening.remove(Integer.valueOf(resolve(d.h())));
    } else if (op instanceof Op.Close c) {
      int i = resolve(c.h());
      closed.add(i);
      listening.remove(Integer.valueOf(i));
    }
    int first = families.size();
    families.addAll(outcome.newSocketFamilies());
    if (op instanceof Op.CreateListen && ok) {
      markListening(first);
    }
    addrinfos += outcome.newAddrinfos();
    streams += outcome.newStreams();
  }

  private void markListening(int index) {
    listening.remove(Integer.valueOf(index));
    listening.add(index);
  }
}
