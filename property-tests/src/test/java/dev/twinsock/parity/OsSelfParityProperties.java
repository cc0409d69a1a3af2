package dev.twinsock.parity;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The harness checked against itself: two independent {@link OsTarget}s run each program in
 * lockstep and must agree on every step. A failure here is never a backend bug to report; it
 * means the normaliser or the settle discipline lets the kernel's timing or a run's specifics
 * through, and the harness must be fixed before any sim comparison can be trusted.
 */
class OsSelfParityProperties {
  @Property(tries = 200, seed = SimParityProperties.SEED)
  void osAgreesWithItself(@ForAll("programs") Program program) {
    Comparison c = compare(program);
    if (!c.agrees()) {
      throw new AssertionError(new Minimizer(OsSelfParityProperties::compare).minimize(c).report());
    }
  }

  static Comparison compare(Program program) {
    return new Interpreter(false).compare(program, OsTarget::new, OsTarget::new);
  }

  @Provide
  Arbitrary<Program> programs() {
    return ProgramArbitraries.programs();
  }
}
