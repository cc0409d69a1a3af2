package dev.twinsock.parity;

import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Records the baseline of a mutation run (see {@link AgreeingPrefixes}) on the unmutated sim.
 * Run only by the pom's mutation profile, before pitest. It fails if a recorded prefix does not
 * agree again when run on its own, or if the sim run alone does not repeat it: the answers would
 * then depend on more than the program, and a mutant could be "killed" by chance.
 */
class AgreeingPrefixRecorder {
  @BeforeContainer
  static void startAFreshFile() {
    AgreeingPrefixes.reset();
  }

  @Property(seed = AgreeingPrefixes.SEED, shrinking = ShrinkingMode.OFF, afterFailure = AfterFailureMode.RANDOM_SEED)
  void recordTheAgreeingPrefix(@ForAll("programs") Program program) {
    Step divergence = SimParityProperties.compare(program).divergence();
    int agreeing = divergence == null ? program.ops().size() : divergence.index();
    Program prefix = AgreeingPrefixes.prefix(program, agreeing);
    Comparison again = SimParityProperties.compare(prefix);
    if (!again.agrees()) {
      throw new AssertionError("the agreeing prefix diverges when run again:\n" + again.report());
    }
    List<Outcome> kernel = again.steps().stream().map(Step::reference).collect(Collectors.toList());
    List<Outcome> simAlone = SimParityProperties.runOnSim(prefix);
    if (!simAlone.equals(kernel)) {
      throw new AssertionError("the sim, run alone, does not repeat what it did beside the kernel:\n" + prefix
          + "\nkernel:    " + kernel + "\nsim alone: " + simAlone);
    }
    AgreeingPrefixes.append(program, agreeing, AgreeingPrefixes.digest(kernel));
  }

  @Provide
  Arbitrary<Program> programs() {
    return ProgramArbitraries.programs(true);
  }
}
