package dev.twinsock.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The minimiser keeps exactly the ops a divergence needs. */
class MinimizerTest {
  /** A comparison that diverges at the first Close after a CreateListen, as a fake backend might. */
  private static Comparison fake(Program p) {
    List<Step> steps = new java.util.ArrayList<>();
    boolean listening = false;
    for (int i = 0; i < p.ops().size(); i++) {
      Op op = p.ops().get(i);
      listening |= op instanceof Op.CreateListen;
      boolean diverges = listening && op instanceof Op.Close;
      steps.add(new Step(i, op, Outcome.ok(), diverges ? Outcome.of("err socket_close 9") : Outcome.ok()));
      if (diverges) {
        break;
      }
    }
    return new Comparison(p, "a", "b", steps);
  }

  @Test
  void keepsOnlyTheOpsTheDivergenceNeeds() {
    Program p = new Program(List.of(new Op.LastError(), new Op.CreateListen(0, 1), new Op.Strerror(1),
        new Op.ClearError(), new Op.Close(0), new Op.Settle(), new Op.Close(1)));
    Comparison minimal = new Minimizer(MinimizerTest::fake).minimize(fake(p));

    assertEquals(List.of(new Op.CreateListen(0, 1), new Op.Close(0)), minimal.program().ops());
    assertEquals(1, minimal.divergence().index());
  }

  @Test
  void leavesAnAgreeingComparisonAlone() {
    Program p = new Program(List.of(new Op.LastError()));
    Comparison c = fake(p);
    assertTrue(c.agrees());
    assertEquals(c, new Minimizer(MinimizerTest::fake).minimize(c));
  }
}
