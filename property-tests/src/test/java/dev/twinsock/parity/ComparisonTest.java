package dev.twinsock.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Socket;
import dev.twinsock.Sockets;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The comparison can fail: differing outcomes are a divergence, reported with both sides. */
class ComparisonTest {
  private static final Program PROGRAM = new Program(List.of(new Op.Strerror(104), new Op.Strerror(11)));

  @Test
  void differingOutcomesDiverge() {
    Step same = new Step(0, new Op.LastError(), Outcome.ok("0"), Outcome.ok("0"));
    Step different = new Step(1, new Op.Strerror(11), Outcome.ok("\"Resource temporarily unavailable\""),
        Outcome.ok("\"Try again\""));
    Comparison c = new Comparison(PROGRAM, "os", "sim", List.of(same, different));

    assertTrue(same.agrees());
    assertFalse(different.agrees());
    assertFalse(c.agrees());
    assertEquals(different, c.divergence());
    assertTrue(c.report().contains("os and sim diverge at step 1"), c.report());
    assertTrue(c.report().contains("sim: ok \"Try again\""), c.report());
  }

  @Test
  void errnoAndNewHandlesCountInTheComparison() {
    assertFalse(Outcome.of("err socket_bind 98").agreesWith(Outcome.of("err socket_bind 22")));
    assertFalse(Outcome.sockets("socket s0", List.of(2)).agreesWith(Outcome.sockets("socket s0", List.of(10))));
    assertTrue(Outcome.skip("no socket").agreesWith(Outcome.skip("no socket")));
  }

  @Test
  void theInterpreterCatchesABackendThatAnswersDifferently() {
    Comparison c = new Interpreter(false).compare(PROGRAM, OsTarget::new, () -> new LyingTarget(new OsTarget()));

    assertFalse(c.agrees());
    assertEquals(1, c.divergence().index());
    assertEquals("ok \"Connection reset by peer\"", c.steps().get(0).candidate().text());
  }

  @Test
  void theInterpreterFindsNoDifferenceBetweenTwoKernels() {
    Comparison c = new Interpreter(false).compare(PROGRAM, OsTarget::new, OsTarget::new);

    assertTrue(c.agrees());
    assertNull(c.divergence());
    assertEquals(2, c.steps().size());
  }

  /** The kernel, except that strerror(11) has the text of another libc. */
  private static final class LyingTarget extends Target {
    private final Target real;
    private final Sockets lying;

    LyingTarget(Target real) {
      super("liar");
      this.real = real;
      this.lying = (Sockets) Proxy.newProxyInstance(Sockets.class.getClassLoader(), new Class<?>[] {Sockets.class},
          (proxy, method, args) -> {
            if (method.getName().equals("strerror") && Integer.valueOf(11).equals(args[0])) {
              return "Try again";
            }
            try {
              return method.invoke(real.sockets(), args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
    }

    @Override
    Sockets sockets() {
      return lying;
    }

    @Override
    List<Outcome> closeMeanwhile(Supplier<Outcome> waiter, Socket closing, Supplier<Outcome> closer) {
      return real.closeMeanwhile(waiter, closing, closer);
    }

    @Override
    public void close() {
      try {
        real.close();
      } finally {
        super.close();
      }
    }
  }
}
