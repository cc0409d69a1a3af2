package dev.twinsock.faults;

import dev.twinsock.SockAddr;
import dev.twinsock.Socket;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * The kernel's {@code struct tcp_info} of one connection, read with getsockopt(TCP_INFO) on the
 * descriptor behind an os-backend socket. The os backend's {@code getOption} passes every
 * unknown option as an int, so it returns only the structure's first four bytes (state,
 * congestion state, retransmits, probes); this reads the whole of it. The descriptor is found as
 * the kernel knows it: the connection's inode in /proc/net/tcp, then the entry of /proc/self/fd
 * that links to that socket.
 */
final class TcpInfo {
  /** getsockopt(2) only; the os backend keeps its own binding package-private. */
  public interface Calls {
    int getsockopt(int fd, int level, int name, Pointer value, Pointer length);
  }

  private static final Calls LIB = LibraryLoader.create(Calls.class).load("c");
  private static final Runtime RUNTIME = Runtime.getRuntime(LIB);
  private static final int IPPROTO_TCP = 6;
  private static final int TCP_INFO = 11;
  private static final int SIZE = 104;
  static final int TCP_CLOSE = 7;

  /** tcpi_state. */
  final int state;
  /** tcpi_retransmits: timeouts in a row for the oldest unacknowledged segment (icsk_retransmits). */
  final int retransmits;
  /** tcpi_probes: keepalive or zero-window probes sent and not answered (icsk_probes_out). */
  final int probes;
  /** tcpi_backoff: how many times the RTO has been doubled. */
  final int backoff;
  /** tcpi_rto, in microseconds. */
  final long rtoMicros;
  /** tcpi_total_retrans: every segment retransmitted over the connection's life, tail loss probes too. */
  final long totalRetrans;
  /** tcpi_last_data_sent: milliseconds since new data was last sent (jiffies: 4 ms steps at HZ=250). */
  final long lastDataSentMs;
  /** tcpi_last_data_recv and tcpi_last_ack_recv: milliseconds since data, and since an ACK, last arrived. */
  final long lastDataRecvMs;
  final long lastAckRecvMs;

  private TcpInfo(Pointer raw) {
    state = raw.getByte(0) & 0xff;
    retransmits = raw.getByte(2) & 0xff;
    probes = raw.getByte(3) & 0xff;
    backoff = raw.getByte(4) & 0xff;
    rtoMicros = raw.getInt(8) & 0xffffffffL;
    totalRetrans = raw.getInt(100) & 0xffffffffL;
    lastDataSentMs = raw.getInt(44) & 0xffffffffL;
    lastDataRecvMs = raw.getInt(52) & 0xffffffffL;
    lastAckRecvMs = raw.getInt(56) & 0xffffffffL;
  }

  /** A reader of one connection's tcp_info. */
  static final class Reader {
    private final int fd;
    private final Pointer value = Memory.allocateDirect(RUNTIME, SIZE, true);
    private final Pointer length = Memory.allocateDirect(RUNTIME, 4, true);

    private Reader(int fd) {
      this.fd = fd;
    }

    /** The connection's tcp_info now, or null once the descriptor no longer answers. */
    TcpInfo read() {
      length.putInt(0, SIZE);
      if (LIB.getsockopt(fd, IPPROTO_TCP, TCP_INFO, value, length) != 0) {
        return null;
      }
      return new TcpInfo(value);
    }
  }

  /**
   * The reader for a socket of this process connected, or connecting, to {@code peerPort} (a
   * connect in progress has no peer name to ask for).
   */
  static Reader of(Socket socket, int peerPort) {
    SockAddr local = socket.getsockname();
    String inode = inodeOf(local.port(), peerPort);
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      for (Path fd : fds) {
        try {
          if (Files.readSymbolicLink(fd).toString().equals("socket:[" + inode + "]")) {
            return new Reader(Integer.parseInt(fd.getFileName().toString()));
          }
        } catch (IOException gone) {
          // a descriptor closed while the directory was read
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc/self/fd: " + e, e);
    }
    throw new IllegalStateException("no descriptor of this process is the socket " + local + " > port " + peerPort);
  }

  private static String inodeOf(int localPort, int peerPort) {
    String local = String.format(":%04X", localPort);
    String remote = String.format(":%04X", peerPort);
    try {
      for (String line : Files.readAllLines(Path.of("/proc/net/tcp"))) {
        String[] f = line.trim().split("\\s+");
        if (f.length > 9 && f[1].endsWith(local) && f[2].endsWith(remote)) {
          return f[9];
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/net/tcp: " + e, e);
    }
    throw new IllegalStateException("no connection from port " + localPort + " to " + peerPort + " in /proc/net/tcp");
  }
}
