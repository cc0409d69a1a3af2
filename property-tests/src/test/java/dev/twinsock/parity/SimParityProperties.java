package dev.twinsock.parity;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The sim against the ground truth: each program runs on the kernel ({@link OsTarget}) and on a
 * simulated host ({@link SimTarget}) in lockstep, and every step must give the same normalised
 * outcome. A failure prints the first diverging step and the program as a regression test.
 *
 * <p>The number of programs is jqwik's default tries: 1,000 in CI
 * (src/test/resources/junit-platform.properties), 100,000 with {@code -Pparity-long}.
 */
class SimParityProperties {
  /**
   * Settle after every step, on both sides. The kernel delivers loopback traffic within the
   * sending call; the sim schedules it as an event at the same virtual time, which runs only when
   * its clock runs (a blocking call, a select with a timeout, runFor). Without this switch nearly
   * every program stops at its first non-blocking receive after a send; with it, the comparison
   * gets to everything else. Recorded in /work/notes/parity-divergences.md; set to false once the
   * sim delivers loopback traffic before a non-blocking call returns.
   */
  static final boolean SETTLE_EVERY_STEP = true;

  @Property
  void simAgreesWithOs(@ForAll("programs") Program program) {
    Comparison c = compare(program);
    if (!c.agrees()) {
      throw new AssertionError(new Minimizer(SimParityProperties::compare).minimize(c).report());
    }
  }

  static Comparison compare(Program program) {
    return new Interpreter(SETTLE_EVERY_STEP).compare(program, OsTarget::new, SimTarget::new);
  }

  @Provide
  Arbitrary<Program> programs() {
    return ProgramArbitraries.programs(true);
  }
}
