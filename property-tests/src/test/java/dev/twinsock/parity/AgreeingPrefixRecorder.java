package dev.twinsock.parity;

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
 * agree again when run on its own: the kernel's answers would then depend on more than the
 * program, and a mutant could be "killed" by chance.
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
    Comparison again = SimParityProperties.compare(AgreeingPrefixes.prefix(program, agreeing));
    if (!again.agrees()) {
      throw new AssertionError("the agreeing prefix diverges when run again:\n" + again.report());
    }
    AgreeingPrefixes.append(program, agreeing);
  }

  @Provide
  Arbitrary<Program> programs() {
    return ProgramArbitraries.programs(true);
  }
}
