package dev.twinsock.parity;

import java.util.List;

/**
 * The result of running one program on two backends in lockstep: the steps run, up to and
 * including the first on which they disagree. {@link #report()} is what a failing property
 * prints: the table of outcomes and the program as a Java regression test.
 */
record Comparison(Program program, String referenceName, String candidateName, List<Step> steps) {
  Comparison {
    steps = List.copyOf(steps);
  }

  boolean agrees() {
    return steps.stream().allMatch(Step::agrees);
  }

  /** The first step on which the backends disagree, or null. */
  Step divergence() {
    return steps.stream().filter(s -> !s.agrees()).findFirst().orElse(null);
  }

  String report() {
    StringBuilder b = new StringBuilder();
    Step d = divergence();
    if (d != null) {
      b.append(referenceName).append(" and ").append(candidateName).append(" diverge at step ").append(d.index())
          .append(": ").append(d.op()).append("\n  ").append(referenceName).append(": ").append(d.reference())
          .append("\n  ").append(candidateName).append(": ").append(d.candidate()).append("\n\n");
    }
    b.append("steps:\n");
    for (Step s : steps) {
      b.append(String.format("  %2d %-60s %s: %s%s%n", s.index(), s.op(), referenceName, s.reference(),
          s.agrees() ? "" : "   <> " + candidateName + ": " + s.candidate()));
    }
    b.append("\nas a regression test:\n").append(new JavaRenderer().render(this));
    return b.toString();
  }
}
