package dev.twinsock.junit5;

import dev.twinsock.sim.SimNetwork;

/**
 * The network of one test, with what a failure report needs: its seed and whether the test runs
 * more than once (then its trace files carry the seed in their names).
 */
final class SimRun implements AutoCloseable {
  final SimNetwork network;
  final boolean repeated;
  private boolean closed;

  SimRun(SimNetwork network, boolean repeated) {
    this.network = network;
    this.repeated = repeated;
  }

  long seed() {
    return network.seed();
  }

  /** Ends the network's tasks; a second call does nothing. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      network.close();
    }
  }
}
