package dev.twinsock.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The generators reach the whole language and respect the program length. */
class ProgramArbitrariesTest {
  private final List<Program> programs =
      ProgramArbitraries.programs().sampleStream().limit(2000).collect(Collectors.toList());

  @Test
  void programsHaveOneToFortyOps() {
    for (Program p : programs) {
      assertTrue(p.ops().size() >= 1 && p.ops().size() <= ProgramArbitraries.MAX_OPS, p::toString);
    }
  }

  @Test
  void everyOpOfTheLanguageIsGenerated() {
    Set<Class<?>> missing = new HashSet<>(Arrays.asList(Op.class.getPermittedSubclasses()));
    programs.forEach(p -> p.ops().forEach(op -> missing.remove(op.getClass())));
    assertEquals(Set.of(), missing);
  }

  @Test
  void someProgramsCloseASocketWhileACallWaitsOnIt() {
    Set<Class<?>> waiters = new HashSet<>();
    for (Program p : programs) {
      for (Op op : p.ops()) {
        if (op instanceof Op.Meanwhile m && m.actor() instanceof Op.Close c
            && (m.waiter() instanceof Op.Select s ? s.read().contains(c.h()) : Run.handleOf(m.waiter()) == c.h())) {
          waiters.add(m.waiter().getClass());
        }
      }
    }
    assertEquals(Set.of(Op.Recv.class, Op.Read.class, Op.Recvfrom.class, Op.Recvmsg.class, Op.Select.class,
        Op.Accept.class), waiters);
  }

  @Test
  void noLookupCanReachTheNetwork() {
    for (Program p : programs) {
      for (Op op : p.ops()) {
        if (op instanceof Op.AddrinfoLookup l && !l.host().equals("localhost")
            && !l.host().matches("[0-9.:a-f]+") || op instanceof Op.AddrinfoLookup m && m.host().startsWith("256")) {
          Op.AddrinfoLookup lookup = (Op.AddrinfoLookup) op;
          assertTrue(lookup.hints() != null
              && (lookup.hints().getOrDefault("ai_flags", 0) & dev.twinsock.SocketConstants.AI_NUMERICHOST) != 0,
              lookup::toString);
        }
      }
    }
  }
}
