package dev.twinsock.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One host's bound ports of one protocol, with Linux's bind-conflict rules and its ephemeral
 * range 32768–60999. Bindings of a port are kept in bind order; nothing iterates a hash order.
 */
final class PortTable {
  static final int EPHEMERAL_LOW = 32768;
  static final int EPHEMERAL_HIGH = 60999;

  private final boolean tcp;
  private final Map<Integer, List<Binding>> byPort = new HashMap<>();

  PortTable(boolean tcp) {
    this.tcp = tcp;
  }

  List<Binding> at(int port) {
    List<Binding> list = byPort.get(port);
    return list == null ? List.of() : list;
  }

  boolean inUse(int port) {
    List<Binding> list = byPort.get(port);
    return list != null && !list.isEmpty();
  }

  /** Whether {@code candidate} may join the port's bindings. */
  boolean conflicts(Binding candidate) {
    KernelSocket self = candidate.owner;
    for (Binding other : at(candidate.port)) {
      if (other.owner == self || !other.overlaps(candidate)) {
        continue;
      }
      KernelSocket them = other.owner;
      if (self.reusePort && them.reusePort) {
        continue;
      }
      if (self.reuseAddr && them.reuseAddr && (!tcp || !them.isListening())) {
        continue;
      }
      return true;
    }
    return false;
  }

  void add(Binding binding) {
    byPort.computeIfAbsent(binding.port, p -> new ArrayList<>()).add(binding);
  }

  void remove(Binding binding) {
    List<Binding> list = byPort.get(binding.port);
    if (list != null) {
      list.remove(binding);
      if (list.isEmpty()) {
        byPort.remove(binding.port);
      }
    }
  }

  /** A free ephemeral port, searched from a random start, or -1 if the range is exhausted. */
  int ephemeral(SeededRandom random) {
    int range = EPHEMERAL_HIGH - EPHEMERAL_LOW + 1;
    int start = (int) random.nextLong(range);
    for (int i = 0; i < range; i++) {
      int port = EPHEMERAL_LOW + (start + i) % range;
      if (!inUse(port)) {
        return port;
      }
    }
    return -1;
  }

  /** The best binding covering {@code destination} on {@code port} that accepts it, or null. */
  Binding lookup(IpAddress destination, int port, java.util.function.Predicate<KernelSocket> accepts) {
    Binding best = null;
    for (Binding binding : at(port)) {
      if (binding.covers(destination) && accepts.test(binding.owner)
          && (best == null || binding.specificity() > best.specificity())) {
        best = binding;
      }
    }
    return best;
  }
}
