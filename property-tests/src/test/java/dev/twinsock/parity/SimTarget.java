package dev.twinsock.parity;

import dev.twinsock.Socket;
import dev.twinsock.Sockets;
import dev.twinsock.sim.SimHost;
import dev.twinsock.sim.SimNetwork;
import java.util.List;
import java.util.function.Supplier;

/**
 * One simulated host, {@code h} at 10.0.0.1, alone on a fresh {@link SimNetwork}: the program
 * talks to itself over the host's loopback, as it does on the kernel. Privileged when the JVM
 * runs as root, so that both backends grant the same; configured as this {@link Machine} is
 * (congestion control, localhost, credentials, fixed TCP roles), where the sim's defaults are stock Linux.
 */
final class SimTarget extends Target {
  /** The seed of every sim run: programs use loopback only, where the sim draws nothing. */
  static final long SEED = 42;

  private final SimNetwork network;
  private final SimHost host;

  SimTarget() {
    super("sim");
    Machine machine = Machine.current();
    network = SimNetwork.builder().seed(SEED).privileged(runsAsRoot())
        .congestionControl(machine.congestionControl())
        .bufferLimits(machine.rmemMax(), machine.wmemMax())
        .localhost(machine.localhost())
        .credentials(machine.credentials().pid(), machine.credentials().uid(), machine.credentials().gid())
        .fixedTcpRoles(machine.fixedTcpRoles())
        .timerHz(machine.timerHz())
        .tcpReceiveBufferMax(machine.tcpReceiveBufferMax())
        .build();
    host = network.addHost("h", "10.0.0.1");
    // the run's directory exists on the kernel's filesystem; "a path under a missing directory"
    // (Host.NAMED) lies in a directory nobody makes, on either side
    host.createDirectories(tmpDir());
  }

  private static boolean runsAsRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  @Override
  Sockets sockets() {
    return host;
  }


  /**
   * Starts the actor as a task on the host, then makes the waiter's call, which parks on the
   * socket's wait queue; the task runs while it is parked, and the waiter goes on only when the
   * kernel wakes it or its timeout passes. Then runs the network until the task has ended.
   */
  @Override
  List<Outcome> meanwhile(Supplier<Outcome> waiter, Supplier<Outcome> actor) {
    Outcome[] acted = new Outcome[1];
    network.spawn(host, "actor", () -> acted[0] = actor.get());
    Outcome waited = waiter.get();
    network.run();
    return List.of(waited, acted[0]);
  }

  /** As {@link #meanwhile}: the closing task runs once the waiter has parked inside its call. */
  @Override
  List<Outcome> closeMeanwhile(Supplier<Outcome> waiter, Socket closing, Supplier<Outcome> closer) {
    return meanwhile(waiter, closer);
  }

  @Override
  public void close() {
    try {
      super.close();
    } finally {
      network.close();
    }
  }
}
