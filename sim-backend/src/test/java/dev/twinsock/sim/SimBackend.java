package dev.twinsock.sim;

import dev.twinsock.Sockets;
import dev.twinsock.conformance.Backend;
import java.util.Map;

/**
 * The sim under the shared conformance suite: every test gets a fresh network with one host,
 * whose loopback the test uses. Deviations listed here are documented in docs/semantics.md.
 */
public final class SimBackend implements Backend {
  /** Tests the sim does not run yet, with the reason; each is a row of docs/semantics.md. */
  private static final Map<String, String> DEVIATIONS = Map.of();

  /** The temporary directory of the suite's AF_UNIX paths, made on each fresh host. */
  private static final String DIRECTORY = "/tmp/twinsock-sim";

  private SimNetwork network;
  private int paths;

  @Override
  public String name() {
    return "sim";
  }

  @Override
  public Sockets open() {
    network = SimNetwork.builder().seed(1).build();
    return network.addHost("conformance", "10.0.0.1", "fd00::1").createDirectories(DIRECTORY);
  }

  @Override
  public String unixPath(String name) {
    return DIRECTORY + "/" + (paths++) + "-" + name;
  }

  @Override
  public boolean privileged() {
    return "root".equals(System.getProperty("user.name"));
  }

  @Override
  public String deviation(String test) {
    return DEVIATIONS.get(test);
  }

  @Override
  public void close() {
    if (network != null) {
      network.close();
    }
  }
}
