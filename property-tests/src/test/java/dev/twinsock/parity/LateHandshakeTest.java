package dev.twinsock.parity;

import static dev.twinsock.SocketConstants.AF_INET;
import static dev.twinsock.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A handshake that a kernel timer finishes reaches its listener before the harness's next step
 * (see Run's awaitLateHandshakes): a listener with a backlog of 0 holds one connection, so the
 * second client's SYN is dropped; an accept makes room, the client's SYN retransmission a second
 * later completes its handshake, which a select waits for; the accept after it must find the
 * connection on the kernel as on the sim. Before the harness waited for the listener, the kernel
 * side answered EAGAIN now and then, when the accept ran before softirq had queued the child.
 */
class LateHandshakeTest {
  private static final Endpoint LISTENER = new Endpoint(Host.LOOPBACK, 0, PortSpec.of(-1));
  private static final int NEWEST = HandleModel.NEWEST;

  private static final Program PROGRAM = new Program(List.of(
      new Op.CreateListen(0, 0),
      new Op.Create(AF_INET, SOCK_STREAM, 0),
      new Op.SetNonblock(NEWEST),
      new Op.Connect(NEWEST, LISTENER),
      new Op.Create(AF_INET, SOCK_STREAM, 0),
      new Op.SetNonblock(NEWEST),
      new Op.Connect(NEWEST, LISTENER),
      new Op.Accept(-1),
      new Op.Select(List.of(), List.of(NEWEST - 1), List.of(), 1, 500_000),
      new Op.Accept(-1)));

  @Test
  void theKernelTargetFindsTheConnectionThatASynRetransmissionCompleted() {
    List<Outcome> os = new Interpreter(false).runAlone(PROGRAM, OsTarget::new);

    // the shape of the race: the second connect was still in progress after its settle, and
    // only the select saw it complete
    assertTrue(os.get(6).text().contains("115"), os::toString);
    assertEquals("ok socket s3", os.get(7).text(), os::toString);
    assertTrue(os.get(8).text().startsWith("ok 1 "), os::toString);
    assertEquals("ok socket s4", os.get(9).text(), os::toString);
  }

  @Test
  void theSimAgreesStepByStep() {
    Comparison c = new Interpreter(false).compare(PROGRAM, OsTarget::new, SimTarget::new);
    assertTrue(c.agrees(), c::report);
  }
}
