package dev.twinsock.sim;

/**
 * A simulated program that the {@code twinsock} command runs once per seed: {@code twinsock
 * sweep} calls {@link #run} on a fresh {@link SimNetwork} for every seed of a range, and {@code
 * twinsock replay} calls it again for the one seed that failed. A run passes when {@code run}
 * returns and fails when it throws; the network is seeded (and, with {@code --swarm}, given a
 * {@link FaultPlan#swarm(long)}) before {@code run} sees it, and closed after.
 *
 * <pre>{@code
 * public final class EchoScenario implements Scenario {
 *   public void run(SimNetwork net) {
 *     SimHost server = net.addHost("server", "10.0.0.1");
 *     SimHost client = net.addHost("client", "10.0.0.2");
 *     ...
 *     net.run();
 *   }
 * }
 * }</pre>
 *
 * <p>An implementation needs a public no-argument constructor; the command makes one instance per
 * run, so runs on different threads share nothing through it.
 */
@FunctionalInterface
public interface Scenario {
  /** Builds hosts and tasks on {@code net}, runs it and checks the outcome, throwing on failure. */
  void run(SimNetwork net) throws Exception;
}
