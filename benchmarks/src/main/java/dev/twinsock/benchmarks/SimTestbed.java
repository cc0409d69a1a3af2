package dev.twinsock.benchmarks;

import dev.twinsock.Sockets;
import dev.twinsock.sim.SimHost;
import dev.twinsock.sim.SimNetwork;
import java.util.ArrayList;
import java.util.List;

/** A {@link Testbed} of simulated hosts {@code h0, h1, ...} at 10.x.y.z on one {@link SimNetwork}. */
final class SimTestbed implements Testbed {
  private final SimNetwork network;
  private final List<SimHost> hosts = new ArrayList<>();

  SimTestbed(int hosts, SimNetwork.Builder builder) {
    this.network = builder.build();
    for (int i = 0; i < hosts; i++) {
      this.hosts.add(network.addHost("h" + i, address(i)));
    }
  }

  /** The network settings every benchmark uses unless it says otherwise: the sim's own defaults. */
  static SimNetwork.Builder defaults() {
    return SimNetwork.builder().seed(1);
  }

  SimNetwork network() {
    return network;
  }

  SimHost simHost(int index) {
    return hosts.get(index);
  }

  @Override
  public Sockets host(int index) {
    return hosts.get(index);
  }

  @Override
  public String address(int index) {
    // 10.0.0.1, 10.0.0.2, ... skipping .0 and .255 of every /24
    return "10." + (index / 62_500) + "." + (index / 250 % 250) + "." + (index % 250 + 1);
  }

  @Override
  public void spawn(int index, String name, Runnable body) {
    network.spawn(hosts.get(index), name, body);
  }

  @Override
  public void runAll() {
    network.run();
  }

  @Override
  public void close() {
    network.close();
  }
}
