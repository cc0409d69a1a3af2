package dev.twinsock.parity;

import static dev.twinsock.SocketConstants.AF_INET;
import static dev.twinsock.SocketConstants.AF_UNIX;
import static dev.twinsock.SocketConstants.AI_NUMERICSERV;
import static dev.twinsock.SocketConstants.SOCKET_ECONNREFUSED;
import static dev.twinsock.SocketConstants.SOCKET_EINVAL;
import static dev.twinsock.SocketConstants.SOCK_DGRAM;
import static dev.twinsock.SocketConstants.SOCK_STREAM;
import static dev.twinsock.SocketConstants.SOL_SOCKET;
import static dev.twinsock.SocketConstants.SO_PEERCRED;
import static dev.twinsock.SocketConstants.SO_RCVTIMEO;

import dev.twinsock.AddrInfo;
import dev.twinsock.Credentials;
import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import dev.twinsock.Timeval;
import dev.twinsock.os.OsSockets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the kernel side's answers depend on beyond the kernel itself, read once from this machine
 * so that the sim can be configured to match: the default TCP congestion control and the socket
 * buffer caps (sysctls), what {@code localhost} resolves to (/etc/hosts), this process's
 * credentials, and where kernel builds differ, how this one answers (whether a TCP socket keeps
 * the role it first took). The sim's own defaults are stock Linux values, the same on
 * every machine.
 */
record Machine(String congestionControl, int rmemMax, int wmemMax, List<String> localhost, Credentials credentials,
    boolean fixedTcpRoles, int timerHz, int tcpReceiveBufferMax) {
  private static Machine current;

  static synchronized Machine current() {
    if (current == null) {
      current = read();
    }
    return current;
  }

  private static Machine read() {
    try (OsSockets os = new OsSockets()) {
      List<String> localhost = new ArrayList<>();
      for (AddrInfo ai : os.addrinfoLookup("localhost", null,
          Map.of("ai_flags", AI_NUMERICSERV, "ai_socktype", SOCK_STREAM))) {
        if (!localhost.contains(ai.addr().address())) {
          localhost.add(ai.addr().address());
        }
      }
      Socket[] pair = os.createPair(AF_UNIX, SOCK_STREAM, 0);
      Credentials peer = (Credentials) pair[0].getOption(SOL_SOCKET, SO_PEERCRED);
      return new Machine(sysctl("net/ipv4/tcp_congestion_control", "cubic"),
          Integer.parseInt(sysctl("net/core/rmem_max", "212992")), Integer.parseInt(sysctl("net/core/wmem_max", "212992")),
          List.copyOf(localhost),
          new Credentials((int) ProcessHandle.current().pid(), peer.uid(), peer.gid()),
          fixedTcpRoles(os), timerHz(os),
          Integer.parseInt(sysctl("net/ipv4/tcp_rmem", "4096 131072 6291456").split("\\s+")[2]));
    }
  }

  /** This kernel's timer tick (CONFIG_HZ): a 1 µs receive timeout reads back as one tick. */
  static int timerHz(OsSockets os) {
    try (Socket socket = os.create(AF_INET, SOCK_DGRAM, 0)) {
      socket.setOption(SOL_SOCKET, SO_RCVTIMEO, new Timeval(0, 1));
      Timeval tick = (Timeval) socket.getOption(SOL_SOCKET, SO_RCVTIMEO);
      return (int) (1_000_000 / (tick.sec() * 1_000_000 + tick.usec()));
    }
  }

  /**
   * Whether this kernel keeps a TCP socket in the role it first took: asked as whether a socket
   * may listen after its connect was refused (a blocking connect to port 0 of loopback, which
   * nobody can listen on, is refused at once).
   */
  static boolean fixedTcpRoles(OsSockets os) {
    try (Socket socket = os.create(AF_INET, SOCK_STREAM, 0)) {
      try {
        socket.connect("127.0.0.1", 0);
        throw new IllegalStateException("a connect to port 0 of loopback was not refused");
      } catch (SocketError refused) {
        if (refused.code() != SOCKET_ECONNREFUSED) {
          throw refused;
        }
      }
      try {
        socket.listen();
        return false;
      } catch (SocketError e) {
        if (e.code() != SOCKET_EINVAL) {
          throw e;
        }
        return true;
      }
    }
  }

  /** A sysctl's value, or Linux's built-in default where there is no such file. */
  private static String sysctl(String name, String linuxDefault) {
    // read as a stream: /proc files report a size that Files.readString may trust
    try (java.io.InputStream in = Files.newInputStream(Path.of("/proc/sys/" + name))) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      return linuxDefault;
    }
  }
}
