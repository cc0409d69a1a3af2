package dev.twinsock.sim;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * One host's bound ports of one protocol, with Linux's bind-conflict rules and its ephemeral
 * range 32768–60999. Bindings of a port are kept in bind order; nothing iterates a hash order.
 *
 * <p>A busy server port holds a binding for every accepted connection, so a port's bindings are a
 * linked set (adding and removing one costs the same at 10 or 10,000), and the bindings that have
 * listened are indexed apart, so finding the listener for a SYN does not walk the connections.
 */
final class PortTable {
  static final int EPHEMERAL_LOW = 32768;
  static final int EPHEMERAL_HIGH = 60999;

  /** One port's bindings in bind order, and those of them whose socket has listened. */
  private static final class Port {
    final LinkedHashSet<Binding> bindings = new LinkedHashSet<>();
    final LinkedHashSet<Binding> listened = new LinkedHashSet<>();
  }

  private final boolean tcp;
  // looked up by key only, never iterated
  private final Map<Integer, Port> byPort = new HashMap<>();
  /** Numbers bindings in the order they joined, to break ties as a walk in bind order would. */
  private long joined;

  PortTable(boolean tcp) {
    this.tcp = tcp;
  }

  /** The port's bindings in bind order (a live view: do not change the table while walking it). */
  Collection<Binding> at(int port) {
    Port entry = byPort.get(port);
    return entry == null ? List.of() : entry.bindings;
  }

  boolean inUse(int port) {
    return byPort.containsKey(port);
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
    Port entry = byPort.computeIfAbsent(binding.port, p -> new Port());
    if (entry.bindings.add(binding)) {
      binding.joined = joined++;
    }
  }

  /** The binding's socket now listens: {@link #listener} considers it from now on. */
  void listening(Binding binding) {
    Port entry = byPort.get(binding.port);
    if (entry != null && entry.bindings.contains(binding)) {
      entry.listened.add(binding);
    }
  }

  void remove(Binding binding) {
    Port entry = byPort.get(binding.port);
    if (entry != null && entry.bindings.remove(binding)) {
      entry.listened.remove(binding);
      if (entry.bindings.isEmpty()) {
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

  /**
   * The listening binding on {@code port} that a SYN to {@code destination} (wire form) reaches,
   * or null: the most specific, and of equally specific ones the first bound.
   */
  Binding listener(IpAddress destination, int port) {
    Port entry = byPort.get(port);
    if (entry == null) {
      return null;
    }
    Binding best = null;
    // a binding that listened once may have stopped; asking its socket keeps the index simple
    for (Binding binding : entry.listened) {
      if (!binding.covers(destination) || !binding.owner.isListening()) {
        continue;
      }
      if (best == null || binding.specificity() > best.specificity()
          || binding.specificity() == best.specificity() && binding.joined < best.joined) {
        best = binding;
      }
    }
    return best;
  }
}
