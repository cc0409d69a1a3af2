package dev.twinsock.junit5;

import dev.twinsock.Sockets;
import dev.twinsock.sim.SimHost;
import dev.twinsock.sim.SimNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link TwinTest} body needs so that one body serves both backends: the addresses differ
 * (a simulated host's address against 127.0.0.1), and so do the directories an AF_UNIX path may
 * live in.
 *
 * <table>
 *   <caption>The two environments</caption>
 *   <tr><th></th><th>{@code [sim]}</th><th>{@code [os]}</th></tr>
 *   <tr><td>{@link #address()}</td><td>{@code 10.0.0.1}, host {@code host}</td><td>{@code 127.0.0.1}</td></tr>
 *   <tr><td>{@link #peer()}</td><td>a second host {@code peer} on the same network</td><td>a second {@code OsSockets}</td></tr>
 *   <tr><td>{@link #peerAddress()}</td><td>{@code 10.0.0.2}</td><td>{@code 127.0.0.1}</td></tr>
 *   <tr><td>{@link #unixDirectory()}</td><td>{@code /tmp/twinsock}, made on the simulated host</td><td>a new temporary directory, deleted after the test</td></tr>
 *   <tr><td>{@link #network()}</td><td>the test's seeded network</td><td>empty</td></tr>
 * </table>
 *
 * <p>The peer is another machine on the sim and the same kernel on the os backend: a test that
 * passes on both talks to it over IP, not AF_UNIX (the sim's peer does not see the host's paths).
 */
public final class TwinEnvironment {
  static final String SIM_UNIX_DIRECTORY = "/tmp/twinsock";

  private final String backend;
  private final Sockets sockets;
  private final String address;
  private final String peerAddress;
  private final SimNetwork network;
  private Sockets peer;
  private String unixDirectory;
  /** The real directory made for the os run, deleted on close. */
  private Path madeDirectory;
  /** The OsSockets this environment opened, to check and close. */
  private final List<Sockets> opened = new ArrayList<>();

  private TwinEnvironment(String backend, Sockets sockets, String address, Sockets peer, String peerAddress,
      SimNetwork network) {
    this.backend = backend;
    this.sockets = sockets;
    this.address = address;
    this.peer = peer;
    this.peerAddress = peerAddress;
    this.network = network;
  }

  /** The {@code [sim]} environment: hosts {@code host} (10.0.0.1) and {@code peer} (10.0.0.2) on {@code network}. */
  static TwinEnvironment simulated(SimNetwork network) {
    SimHost host = network.addHost("host", "10.0.0.1");
    SimHost peer = network.addHost("peer", "10.0.0.2");
    return new TwinEnvironment(TwinInvocation.SIM, host, "10.0.0.1", peer, "10.0.0.2", network);
  }

  /** The {@code [os]} environment: the real kernel on loopback. */
  static TwinEnvironment real() {
    Sockets os = OsBackend.open();
    TwinEnvironment environment = new TwinEnvironment(TwinInvocation.OS, os, "127.0.0.1", null, "127.0.0.1", null);
    environment.opened.add(os);
    return environment;
  }

  /** {@code "sim"} or {@code "os"}, as the invocation's display name says. */
  public String backend() {
    return backend;
  }

  /** The {@link Sockets} the test method is handed: the simulated host {@code host}, or an {@code OsSockets}. */
  public Sockets sockets() {
    return sockets;
  }

  /** The address of {@link #sockets()} to bind and to connect to: {@code 10.0.0.1} or {@code 127.0.0.1}. */
  public String address() {
    return address;
  }

  /**
   * A second {@link Sockets}, for the other end of a conversation: the host {@code peer} on the
   * test's network, or a second {@code OsSockets} (its own sockets, the same loopback).
   */
  public synchronized Sockets peer() {
    if (peer == null) {
      peer = OsBackend.open();
      opened.add(peer);
    }
    return peer;
  }

  /** The address of {@link #peer()}: {@code 10.0.0.2}, or {@code 127.0.0.1}. */
  public String peerAddress() {
    return peerAddress;
  }

  /**
   * A directory that exists for {@link #sockets()}, for AF_UNIX paths: on the sim {@code
   * /tmp/twinsock} on the simulated host (the real filesystem is not touched), on the os backend a
   * new temporary directory, deleted with what is in it after the test. Short enough for any
   * socket name that fits sun_path's 108 bytes with room to spare.
   */
  public synchronized String unixDirectory() {
    if (unixDirectory == null) {
      if (network != null) {
        ((SimHost) sockets).createDirectories(SIM_UNIX_DIRECTORY);
        unixDirectory = SIM_UNIX_DIRECTORY;
      } else {
        try {
          madeDirectory = Files.createTempDirectory("twinsock-");
        } catch (IOException e) {
          throw new UncheckedIOException("no temporary directory for AF_UNIX paths", e);
        }
        unixDirectory = madeDirectory.toString();
      }
    }
    return unixDirectory;
  }

  /** {@code name} in {@link #unixDirectory()}: a path to bind an AF_UNIX socket to. */
  public String unixPath(String name) {
    return unixDirectory() + "/" + name;
  }

  /** The test's seeded network on the sim, to add links, faults and tasks; empty on the os backend. */
  public Optional<SimNetwork> network() {
    return Optional.ofNullable(network);
  }

  @Override
  public String toString() {
    return "TwinEnvironment[" + backend + ", address " + address + ", peer " + peerAddress + "]";
  }

  /** Fails if a socket of the os run is still open; the sim's are checked with its network. */
  synchronized void checkNoOpenSockets() {
    for (Sockets os : opened) {
      OsBackend.checkNoOpenSockets(os);
    }
  }

  /** Closes what the os run opened and deletes its directory; the sim's network is closed by its run. */
  synchronized void close() {
    try {
      for (Sockets os : opened) {
        os.close();
      }
    } finally {
      if (madeDirectory != null) {
        deleteTree(madeDirectory);
      }
    }
  }

  private static void deleteTree(Path root) {
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path directory, IOException failure) throws IOException {
          if (failure != null) {
            throw failure;
          }
          Files.delete(directory);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + root, e);
    }
  }
}
