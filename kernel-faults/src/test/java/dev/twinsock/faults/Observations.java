package dev.twinsock.faults;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What one run of a scenario observed, by name, on either side: the lines a kernel child
 * reported ({@code @obs name value}), or the facts a sim twin recorded under the same names. A
 * name may hold several values (one per retransmission). Times are milliseconds since the
 * scenario's start: real ones from the kernel, virtual ones from the sim.
 */
final class Observations {
  private final String side;
  private final Map<String, List<String>> facts = new LinkedHashMap<>();

  Observations(String side) {
    this.side = side;
  }

  static Observations parse(String side, List<String> lines) {
    Observations o = new Observations(side);
    for (String line : lines) {
      if (line.startsWith("@obs ")) {
        String[] parts = line.substring(5).split(" ", 2);
        o.fact(parts[0], parts.length > 1 ? parts[1] : "");
      }
    }
    return o;
  }

  Observations fact(String name, Object value) {
    facts.computeIfAbsent(name, k -> new ArrayList<>()).add(String.valueOf(value));
    return this;
  }

  /** Nanoseconds as the milliseconds the facts hold. */
  Observations factNanos(String name, long nanos) {
    return fact(name, nanos / 1e6);
  }

  boolean has(String name) {
    return facts.containsKey(name);
  }

  String text(String name) {
    List<String> values = facts.get(name);
    if (values == null) {
      throw new AssertionError(side + " observed no " + name + "; it observed " + this);
    }
    return values.get(values.size() - 1);
  }

  double number(String name) {
    return Double.parseDouble(text(name));
  }

  int integer(String name) {
    return (int) Math.round(number(name));
  }

  /** Every value of a repeated fact, in order; empty if none. */
  List<Double> numbers(String name) {
    return facts.getOrDefault(name, List.of()).stream().map(Double::parseDouble).collect(Collectors.toList());
  }

  String side() {
    return side;
  }

  @Override
  public String toString() {
    return side + " " + facts;
  }
}
