package dev.twinsock.benchmarks;

import static dev.twinsock.SocketConstants.AF_INET;
import static dev.twinsock.SocketConstants.SOCK_STREAM;
import static dev.twinsock.SocketConstants.SOL_TCP;

import dev.twinsock.Socket;
import dev.twinsock.Sockets;

/**
 * Hosts that run bodies concurrently, the same way on either twinsock backend: on the sim each
 * host is a simulated host and each body a task; on the os backend every host is the one real
 * kernel (reached at 127.0.0.1) and each body a platform thread. A benchmark written against it
 * runs unchanged on both, so their numbers compare the backends and nothing else.
 */
interface Testbed extends AutoCloseable {

  /** The socket API of host {@code index}. */
  Sockets host(int index);

  /** The numeric address peers use to reach host {@code index}. */
  String address(int index);

  /** Starts {@code body} on host {@code index} when {@link #runAll()} runs. */
  void spawn(int index, String name, Runnable body);

  /** Runs every spawned body to its end; rethrows the first failure. */
  void runAll();

  @Override
  void close();

  /** A TCP listener on host {@code index}, on a port the kernel picks. */
  default Socket listen(int index, int backlog) {
    Socket listener = host(index).create(AF_INET, SOCK_STREAM, SOL_TCP);
    listener.bind(address(index), 0);
    listener.listen(backlog);
    return listener;
  }

  /** A TCP connection from host {@code from} to {@code listener} on host {@code to}. */
  default Socket connect(int from, int to, Socket listener) {
    Socket client = host(from).create(AF_INET, SOCK_STREAM, SOL_TCP);
    client.connect(address(to), listener.getsockname().port());
    return client;
  }

  /** A testbed of {@code hosts} hosts on the named backend ({@code sim} or {@code os}). */
  static Testbed of(String backend, int hosts) {
    switch (backend) {
      case "sim":
        return new SimTestbed(hosts, SimTestbed.defaults());
      case "os":
        return new OsTestbed();
      default:
        throw new IllegalArgumentException("not a twinsock backend: " + backend);
    }
  }
}
