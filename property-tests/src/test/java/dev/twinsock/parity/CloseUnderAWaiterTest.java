package dev.twinsock.parity;

import static dev.twinsock.SocketConstants.AF_INET;
import static dev.twinsock.SocketConstants.MSG_WAITALL;
import static dev.twinsock.SocketConstants.SOCK_STREAM;
import static dev.twinsock.SocketConstants.SOL_SOCKET;
import static dev.twinsock.SocketConstants.SO_RCVTIMEO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A close from another task while a call waits on the same socket, as the generator makes it
 * ({@link ProgramArbitraries#closedUnderAWaiter}): on the kernel and on the sim the call ends
 * with EBADF (9), the close succeeds, and a call on the socket afterwards throws
 * IllegalStateException.
 */
class CloseUnderAWaiterTest {
  static List<Op> waiters() {
    return List.of(new Op.Recv(2, 100, 0), new Op.Recv(2, 100, MSG_WAITALL), new Op.Read(2, 100, null),
        new Op.Recvfrom(2, 100, 0), new Op.Recvmsg(2, 100, 64, 0),
        new Op.Select(List.of(2), List.of(), List.of(2), 0, (int) ProgramArbitraries.CLOSE_WAIT.usec()),
        new Op.Accept(0));
  }

  @ParameterizedTest
  @MethodSource("waiters")
  void theWaitingCallEndsWithEbadfOnBothBackends(Op waiter) {
    int w = waiter instanceof Op.Accept ? 0 : 2;
    List<Op> ops = new ArrayList<>(List.of(
        new Op.CreateListen(0, null),
        new Op.Create(AF_INET, SOCK_STREAM, 0),
        new Op.Connect(1, new Endpoint(Host.LOOPBACK, 0, PortSpec.of(0))),
        new Op.Accept(0),
        new Op.SetOption(w, SOL_SOCKET, SO_RCVTIMEO, ProgramArbitraries.CLOSE_WAIT, false),
        new Op.Meanwhile(waiter, new Op.Close(w)),
        new Op.Recv(w, 10, 0)));
    Program program = new Program(ops);

    Comparison c = new Interpreter(false).compare(program, OsTarget::new, SimTarget::new);

    assertTrue(c.agrees(), c::report);
    List<Outcome> os = new Interpreter(false).runAlone(program, OsTarget::new);
    String meanwhile = os.get(5).text();
    assertTrue(meanwhile.startsWith("meanwhile waits: err ") && meanwhile.endsWith(" 9 || ok"), meanwhile);
    assertTrue(os.get(6).text().startsWith("threw java.lang.IllegalStateException"), os.get(6).text());
    assertEquals(os.size(), ops.size());
  }
}
