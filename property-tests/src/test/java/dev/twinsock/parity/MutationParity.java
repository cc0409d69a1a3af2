package dev.twinsock.parity;

import java.util.List;
import java.util.Map;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * {@link SimParityProperties#simAgreesWithOs} as the killing test of a mutation run (pitest,
 * through the pom's mutation profile): the same programs and comparison, each program cut to the
 * prefix on which the unmutated sim agrees with the kernel, and compared with the kernel's
 * outcomes recorded for it (see {@link AgreeingPrefixes}). Not
 * part of the normal build: its name matches none of surefire's includes, and it needs the
 * baseline the profile records first.
 */
class MutationParity {
  private static Map<String, AgreeingPrefixes.Baseline> prefixes;

  @BeforeContainer
  static void readTheBaseline() {
    prefixes = AgreeingPrefixes.read();
  }

  @Property(seed = AgreeingPrefixes.SEED, shrinking = ShrinkingMode.OFF, afterFailure = AfterFailureMode.RANDOM_SEED)
  void simAgreesWithOsWhereTheUnmutatedSimDoes(@ForAll("programs") Program program) {
    AgreeingPrefixes.Baseline baseline = prefixes.get(AgreeingPrefixes.key(program));
    if (baseline == null) {
      throw new AssertionError("a program the baseline " + AgreeingPrefixes.file()
          + " does not hold: the recorder and this property must draw the same programs\n" + program);
    }
    Program prefix = AgreeingPrefixes.prefix(program, baseline.agreeing());
    List<Outcome> sim = SimParityProperties.runOnSim(prefix);
    if (!AgreeingPrefixes.digest(sim).equals(baseline.kernelDigest())) {
      throw new AssertionError("the sim's outcomes differ from the kernel's recorded ones:\n" + prefix + "\n" + sim);
    }
  }

  @Provide
  Arbitrary<Program> programs() {
    return ProgramArbitraries.programs(true);
  }
}
