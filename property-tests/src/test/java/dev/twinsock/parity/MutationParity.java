package dev.twinsock.parity;

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
 * prefix on which the unmutated sim agrees with the kernel (see {@link AgreeingPrefixes}). Not
 * part of the normal build: its name matches none of surefire's includes, and it needs the
 * baseline the profile records first.
 */
class MutationParity {
  private static Map<String, Integer> prefixes;

  @BeforeContainer
  static void readTheBaseline() {
    prefixes = AgreeingPrefixes.read();
  }

  @Property(seed = AgreeingPrefixes.SEED, shrinking = ShrinkingMode.OFF, afterFailure = AfterFailureMode.RANDOM_SEED)
  void simAgreesWithOsWhereTheUnmutatedSimDoes(@ForAll("programs") Program program) {
    Integer agreeing = prefixes.get(AgreeingPrefixes.key(program));
    if (agreeing == null) {
      throw new AssertionError("a program the baseline " + AgreeingPrefixes.file()
          + " does not hold: the recorder and this property must draw the same programs\n" + program);
    }
    Comparison c = SimParityProperties.compare(AgreeingPrefixes.prefix(program, agreeing));
    if (!c.agrees()) {
      throw new AssertionError(c.report());
    }
  }

  @Provide
  Arbitrary<Program> programs() {
    return ProgramArbitraries.programs(true);
  }
}
