package dev.twinsock.parity;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs a {@link Program} on two {@link Target}s in lockstep, one step on each before the next,
 * and stops at the first step whose normalised outcomes differ.
 *
 * <p>With {@code settleEveryStep}, a settle follows every step on both sides, for a backend
 * that delivers loopback traffic a little later than the kernel does; the program's own {@link
 * Op.Settle} steps are honoured either way.
 */
final class Interpreter {
  private final boolean settleEveryStep;

  Interpreter(boolean settleEveryStep) {
    this.settleEveryStep = settleEveryStep;
  }

  Comparison compare(Program program, Supplier<Target> reference, Supplier<Target> candidate) {
    List<Step> steps = new ArrayList<>();
    try (Run ref = new Run(reference.get()); Run cand = new Run(candidate.get())) {
      for (int i = 0; i < program.ops().size(); i++) {
        Op op = program.ops().get(i);
        Outcome a = ref.step(op);
        Outcome b = cand.step(op);
        Step step = new Step(i, op, a, b);
        steps.add(step);
        if (!step.agrees()) {
          break;
        }
        if (settleEveryStep) {
          ref.settle();
          cand.settle();
        }
      }
      return new Comparison(program, ref.target().name(), cand.target().name(), steps);
    }
  }

  /**
   * Runs a program on one target alone, with the same settles as {@link #compare}, and returns
   * each step's outcome: what a backend does with a program does not depend on the other backend
   * running beside it.
   */
  List<Outcome> runAlone(Program program, Supplier<Target> target) {
    List<Outcome> outcomes = new ArrayList<>();
    try (Run run = new Run(target.get())) {
      for (Op op : program.ops()) {
        outcomes.add(run.step(op));
        if (settleEveryStep) {
          run.settle();
        }
      }
    }
    return outcomes;
  }
}
