package dev.twinsock.parity;

import java.util.List;

/** A generated socket program: the steps, in order. */
record Program(List<Op> ops) {
  Program {
    ops = List.copyOf(ops);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("Program[" + ops.size() + " ops]");
    for (int i = 0; i < ops.size(); i++) {
      b.append("\n  ").append(i).append(": ").append(ops.get(i));
    }
    return b.toString();
  }
}
