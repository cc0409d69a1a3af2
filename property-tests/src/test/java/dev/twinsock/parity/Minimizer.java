package dev.twinsock.parity;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Cuts a diverging program down to the ops its divergence needs: drops everything after the
 * diverging step, then tries to remove each remaining op, last to first, and keeps every removal
 * after which the program still diverges the same way (the same kind of op, with the same two
 * outcomes). Ops are built to stay valid when others go, so this is plain deletion; jqwik's own
 * shrinking then works on what is left and on the values inside the ops.
 */
final class Minimizer {
  private final Function<Program, Comparison> run;

  /** {@code run} compares one program on the two backends, as the property does. */
  Minimizer(Function<Program, Comparison> run) {
    this.run = run;
  }

  Comparison minimize(Comparison failing) {
    Step target = failing.divergence();
    if (target == null) {
      return failing;
    }
    List<Op> ops = new ArrayList<>(failing.program().ops().subList(0, target.index() + 1));
    Comparison best = run.apply(new Program(ops));
    if (!sameDivergence(best, target)) {
      return failing;
    }
    for (int i = ops.size() - 2; i >= 0; i--) {
      List<Op> fewer = new ArrayList<>(ops);
      fewer.remove(i);
      Comparison c = run.apply(new Program(fewer));
      if (sameDivergence(c, target)) {
        ops = fewer;
        best = c;
      }
    }
    return best;
  }

  private static boolean sameDivergence(Comparison c, Step target) {
    Step d = c.divergence();
    return d != null
        && d.index() == c.program().ops().size() - 1
        && d.op().getClass() == target.op().getClass()
        && d.reference().equals(target.reference())
        && d.candidate().equals(target.candidate());
  }
}
