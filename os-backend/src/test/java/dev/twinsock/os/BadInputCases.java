package dev.twinsock.os;

import static dev.twinsock.SocketConstants.*;

import dev.twinsock.AddrInfo;
import dev.twinsock.ControlMessage;
import dev.twinsock.GroupRequest;
import dev.twinsock.Linger;
import dev.twinsock.Message;
import dev.twinsock.SockAddr;
import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import dev.twinsock.Sockets;
import dev.twinsock.Timeval;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The differential bad-input battery's calls: every {@link Socket} method with bad arguments on
 * every kind of socket (fresh, listening, connected, closed; TCP, UDP, AF_UNIX, IPv4 and IPv6),
 * and every {@link Sockets} method with bad arguments. Each case runs on a fresh process of one
 * backend and ends in an {@linkplain #outcome outcome class}, which must be the same on both.
 * Every socket is non-blocking, so a call that would wait says EAGAIN instead; the runner still
 * guards each call against a hang.
 */
final class BadInputCases {
  private BadInputCases() {}

  /** A call of the battery on a fresh process. */
  interface Call {
    Object run(Fixture fixture) throws Exception;
  }

  /** What a case works on: the process under test and a directory for AF_UNIX paths. */
  static final class Fixture {
    final Sockets sockets;
    final String directory;
    private final int index;
    private int paths;

    /** {@code index} is the case's: its paths are its own, whichever backend and run made them. */
    Fixture(Sockets sockets, String directory, int index) {
      this.sockets = sockets;
      this.directory = directory;
      this.index = index;
    }

    String path(String name) {
      return directory + "/" + index + "-" + (paths++) + name;
    }

    Socket make(Kind kind) {
      Socket s;
      switch (kind) {
        case TCP4: s = sockets.create(AF_INET, SOCK_STREAM, SOL_TCP); break;
        case TCP6: s = sockets.create(AF_INET6, SOCK_STREAM, SOL_TCP); break;
        case UDP4: s = sockets.create(AF_INET, SOCK_DGRAM, SOL_UDP); break;
        case UDP6: s = sockets.create(AF_INET6, SOCK_DGRAM, SOL_UDP); break;
        case UNIX_STREAM: s = sockets.create(AF_UNIX, SOCK_STREAM, 0); break;
        case UNIX_DGRAM: s = sockets.create(AF_UNIX, SOCK_DGRAM, 0); break;
        case UNIX_SEQPACKET: s = sockets.create(AF_UNIX, SOCK_SEQPACKET, 0); break;
        case LISTENER:
          s = sockets.create(AF_INET, SOCK_STREAM, SOL_TCP);
          s.bind("127.0.0.1", 0);
          s.listen(4);
          break;
        case CONNECTED: {
          Socket listener = make(Kind.LISTENER);
          s = sockets.create(AF_INET, SOCK_STREAM, SOL_TCP);
          s.connect("127.0.0.1", listener.getsockname().port());
          listener.accept();
          break;
        }
        case UNIX_PAIR: s = sockets.createPair(AF_UNIX, SOCK_STREAM, 0)[0]; break;
        case CLOSED_TCP: s = make(Kind.TCP4); s.close(); return s;
        case CLOSED_UDP: s = make(Kind.UDP4); s.close(); return s;
        case CLOSED_UNIX: s = make(Kind.UNIX_STREAM); s.close(); return s;
        default: throw new IllegalStateException(kind.toString());
      }
      s.setNonblock();
      return s;
    }
  }

  /** The kinds of socket every socket call is tried on. */
  enum Kind {
    TCP4, TCP6, UDP4, UDP6, UNIX_STREAM(true), UNIX_DGRAM(true), UNIX_SEQPACKET(true), LISTENER, CONNECTED,
    UNIX_PAIR(true), CLOSED_TCP, CLOSED_UDP, CLOSED_UNIX(true);

    final boolean unix;

    Kind() {
      this(false);
    }

    Kind(boolean unix) {
      this.unix = unix;
    }
  }

  /** A call on one socket. */
  interface SocketCall {
    Object run(Socket socket, Fixture fixture) throws Exception;
  }

  /**
   * The outcome class of a call: {@code returned} (with the value, for the cases whose value is
   * the point: their names start with {@code value}), {@code SocketError <errno>}, or the simple
   * name of the exception.
   */
  static String outcome(String name, Object value, Throwable thrown) {
    if (thrown == null) {
      return name.contains(" value ") ? "returned " + render(value) : "returned";
    }
    if (thrown instanceof SocketError) {
      return "SocketError " + ((SocketError) thrown).code();
    }
    return thrown.getClass().getSimpleName();
  }

  private static String render(Object value) {
    return value instanceof byte[] ? Arrays.toString((byte[]) value) : String.valueOf(value);
  }

  private static final byte[] DATA = {'h', 'e', 'l', 'l', 'o'};

  /** Every case, by name, in a fixed order. */
  static Map<String, Call> cases() {
    Map<String, Call> cases = new LinkedHashMap<>();
    Map<String, SocketCall> socketCalls = socketCalls();
    for (Kind kind : Kind.values()) {
      socketCalls.forEach((name, call) -> {
        // an IP address string on an AF_UNIX socket is a path relative to the working directory
        if (kind.unix && name.contains(" '")) {
          return;
        }
        cases.put(kind + " " + name, f -> call.run(f.make(kind), f));
      });
    }
    processCalls(cases);
    return cases;
  }

  private static Map<String, SocketCall> socketCalls() {
    Map<String, SocketCall> c = new LinkedHashMap<>();
    c.put("accept", (s, f) -> s.accept());
    // ---- bind
    // no address off the host: whether it routes depends on the machine
    String[] addresses = {"", " ", " 127.0.0.1", "127.0.0.1 ", "::ffff:127.0.0.1", "::1", "::1%lo", "::1%1",
        "fe80::1%nosuch", "999.1.1.1", "not-an-address", "0.0.0.0", "::", "127.1", "1.2.3.4.5",
        "[::1]", "::1:", "0x7f.1"};
    for (String a : addresses) {
      c.put("bind '" + a + "'", (s, f) -> {
        s.bind(a, 0);
        return null;
      });
      c.put("connect '" + a + "'", (s, f) -> {
        s.connect(a, 9);
        return null;
      });
      c.put("sendto '" + a + "'", (s, f) -> s.sendto(DATA, 5, 0, a, 9));
    }
    int[] ports = {-1, 65536, Integer.MIN_VALUE, Integer.MAX_VALUE};
    for (int p : ports) {
      c.put("bind port " + p, (s, f) -> {
        s.bind("127.0.0.1", p);
        return null;
      });
      c.put("connect port " + p, (s, f) -> {
        s.connect("127.0.0.1", p);
        return null;
      });
      c.put("sendto port " + p, (s, f) -> s.sendto(DATA, 5, 0, "127.0.0.1", p));
    }
    c.put("bind '10.255.255.1' (not on the host)", (s, f) -> {
      s.bind("10.255.255.1", 0);
      return null;
    });
    c.put("bind path", (s, f) -> {
      s.bind(f.path("b"));
      return null;
    });
    c.put("bind empty path", (s, f) -> {
      s.bind("");
      return null;
    });
    c.put("bind path under a missing directory", (s, f) -> {
      s.bind(f.directory + "/missing/x");
      return null;
    });
    c.put("bind path of 108 bytes", (s, f) -> {
      s.bind("/" + "x".repeat(107));
      return null;
    });
    c.put("bind abstract", (s, f) -> {
      s.bind("\0twinsock-battery-" + f.path(""));
      return null;
    });
    c.put("connect missing path", (s, f) -> {
      s.connect(f.path("missing"));
      return null;
    });
    c.put("connect empty path", (s, f) -> {
      s.connect("");
      return null;
    });
    c.put("connect path of 108 bytes", (s, f) -> {
      s.connect("/" + "x".repeat(107));
      return null;
    });
    c.put("sendto missing path", (s, f) -> s.sendto(DATA, 5, 0, f.path("missing")));
    c.put("sendto empty path", (s, f) -> s.sendto(DATA, 5, 0, ""));
    // ---- listen
    for (int b : new int[] {-1, 0, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
      c.put("listen " + b, (s, f) -> {
        s.listen(b);
        return null;
      });
    }
    // ---- read, write, recv, send
    c.put("read 0", (s, f) -> s.read(0));
    c.put("read -1", (s, f) -> s.read(-1));
    c.put("read mode 99", (s, f) -> s.read(10, 99));
    c.put("read normal", (s, f) -> s.read(10, PHP_NORMAL_READ));
    c.put("read 10", (s, f) -> s.read(10));
    c.put("write empty", (s, f) -> s.write(new byte[0]));
    c.put("write length -1", (s, f) -> s.write(DATA, -1));
    c.put("write length 0", (s, f) -> s.write(DATA, 0));
    c.put("write length past the data", (s, f) -> s.write(DATA, 100));
    int[] flags = {-1, MSG_OOB, MSG_ERRQUEUE, MSG_PEEK | MSG_TRUNC, 0x40000000, Integer.MIN_VALUE};
    c.put("recv length -1", (s, f) -> s.recv(-1, 0));
    c.put("recv length 0", (s, f) -> s.recv(0, 0));
    c.put("send length -1", (s, f) -> s.send(DATA, -1, 0));
    c.put("send length past the data", (s, f) -> s.send(DATA, 100, 0));
    c.put("recvfrom length -1", (s, f) -> s.recvfrom(-1, 0));
    c.put("recvmsg buffer -1", (s, f) -> s.recvmsg(-1, 0, 0));
    c.put("recvmsg control -1", (s, f) -> s.recvmsg(10, -1, 0));
    c.put("recvmsg buffer 0", (s, f) -> s.recvmsg(0, 0, 0));
    for (int fl : flags) {
      c.put("recv flags " + fl, (s, f) -> s.recv(10, fl));
      c.put("send flags " + fl, (s, f) -> s.send(DATA, 5, fl));
      c.put("recvfrom flags " + fl, (s, f) -> s.recvfrom(10, fl));
      c.put("sendto flags " + fl, (s, f) -> s.sendto(DATA, 5, fl, "127.0.0.1", 9));
      c.put("recvmsg flags " + fl, (s, f) -> s.recvmsg(10, 64, fl));
      c.put("sendmsg flags " + fl, (s, f) -> s.sendmsg(Message.of(DATA), fl));
    }
    c.put("sendto length -1", (s, f) -> s.sendto(DATA, -1, 0, "127.0.0.1", 9));
    // ---- sendmsg
    c.put("sendmsg name port -1", (s, f) -> s.sendmsg(new Message(new SockAddr("127.0.0.1", -1), List.of(DATA), null, 0), 0));
    c.put("sendmsg name port 70000", (s, f) -> s.sendmsg(new Message(new SockAddr("127.0.0.1", 70000), List.of(DATA), null, 0), 0));
    c.put("sendmsg name ''", (s, f) -> s.sendmsg(new Message(new SockAddr("", 9), List.of(DATA), null, 0), 0));
    c.put("sendmsg name '999.1.1.1'", (s, f) -> s.sendmsg(new Message(new SockAddr("999.1.1.1", 9), List.of(DATA), null, 0), 0));
    c.put("sendmsg no data", (s, f) -> s.sendmsg(new Message(null, null, null, 0), 0));
    c.put("sendmsg unknown control level", (s, f) -> s.sendmsg(control(new ControlMessage(9999, 1, new byte[4])), 0));
    c.put("sendmsg SCM_RIGHTS of a string", (s, f) -> s.sendmsg(control(new ControlMessage(SOL_SOCKET, SCM_RIGHTS, "x")), 0));
    c.put("sendmsg SCM_RIGHTS of no sockets", (s, f) -> s.sendmsg(control(new ControlMessage(SOL_SOCKET, SCM_RIGHTS, List.of())), 0));
    c.put("sendmsg SCM_RIGHTS of a closed socket", (s, f) -> {
      Socket closed = f.make(Kind.CLOSED_UNIX);
      return s.sendmsg(control(new ControlMessage(SOL_SOCKET, SCM_RIGHTS, List.of(closed))), 0);
    });
    c.put("sendmsg SCM_RIGHTS of integers", (s, f) -> s.sendmsg(control(new ControlMessage(SOL_SOCKET, SCM_RIGHTS, List.of(1))), 0));
    c.put("sendmsg SCM_CREDENTIALS of a string", (s, f) -> s.sendmsg(control(new ControlMessage(SOL_SOCKET, SCM_CREDENTIALS, "x")), 0));
    c.put("sendmsg IPV6_PKTINFO of a string", (s, f) -> s.sendmsg(control(new ControlMessage(IPPROTO_IPV6, IPV6_PKTINFO, "x")), 0));
    // ---- options
    int[][] gets = {{SOL_SOCKET, -1}, {SOL_SOCKET, 9999}, {-1, 1}, {12345, 1}, {IPPROTO_TCP, 9999}, {IPPROTO_IP, 9999},
        {IPPROTO_IPV6, IPV6_V6ONLY}, {IPPROTO_IPV6, 9999}, {SOL_SOCKET, SO_PEERCRED}, {IPPROTO_TCP, TCP_NODELAY},
        {SOL_SOCKET, SO_ERROR}, {SOL_SOCKET, SO_TYPE}, {SOL_SOCKET, SO_ACCEPTCONN}, {SOL_SOCKET, SO_PASSCRED},
        {IPPROTO_UDP, 1}, {SOL_SOCKET, SO_LINGER}};
    for (int[] g : gets) {
      c.put("getOption " + g[0] + "/" + g[1], (s, f) -> s.getOption(g[0], g[1]));
    }
    Object[][] values = {
        {SOL_SOCKET, SO_RCVBUF, -1}, {SOL_SOCKET, SO_RCVBUF, Integer.MIN_VALUE}, {SOL_SOCKET, SO_RCVBUF, 0},
        {SOL_SOCKET, SO_RCVBUF, Integer.MAX_VALUE}, {SOL_SOCKET, SO_SNDBUF, -1}, {SOL_SOCKET, SO_SNDBUF, 1},
        {SOL_SOCKET, SO_LINGER, new Linger(1, -1)}, {SOL_SOCKET, SO_LINGER, new Linger(-1, 5)},
        {SOL_SOCKET, SO_LINGER, new Linger(1, Integer.MAX_VALUE)}, {SOL_SOCKET, SO_LINGER, new Linger(0, -7)},
        {SOL_SOCKET, SO_LINGER, new Linger(1, Integer.MIN_VALUE)},
        {SOL_SOCKET, SO_RCVTIMEO, new Timeval(Long.MAX_VALUE, 0)}, {SOL_SOCKET, SO_RCVTIMEO, new Timeval(0, 1)},
        {SOL_SOCKET, SO_RCVTIMEO, new Timeval(0, 999)}, {SOL_SOCKET, SO_RCVTIMEO, new Timeval(-1, 0)},
        {SOL_SOCKET, SO_RCVTIMEO, new Timeval(Long.MAX_VALUE / 1000, 0)}, {SOL_SOCKET, SO_SNDTIMEO, new Timeval(1, 1)},
        {SOL_SOCKET, SO_SNDTIMEO, new Timeval(Integer.MAX_VALUE, 999_999)},
        {SOL_SOCKET, SO_RCVLOWAT, -1}, {SOL_SOCKET, SO_RCVLOWAT, 0}, {SOL_SOCKET, SO_RCVLOWAT, Integer.MAX_VALUE},
        {SOL_SOCKET, SO_PRIORITY, -1}, {SOL_SOCKET, SO_PRIORITY, 7}, {SOL_SOCKET, SO_KEEPALIVE, 5},
        {SOL_SOCKET, SO_REUSEADDR, -1}, {IPPROTO_TCP, TCP_NODELAY, 7}, {IPPROTO_IP, IP_TTL, 0},
        {IPPROTO_IP, IP_TTL, 256}, {IPPROTO_IP, IP_TTL, -1}, {IPPROTO_IPV6, IPV6_V6ONLY, 2},
    };
    for (Object[] v : values) {
      int level = (Integer) v[0];
      int option = (Integer) v[1];
      c.put("setOption value " + level + "/" + option + " " + v[2], (s, f) -> {
        s.setOption(level, option, v[2]);
        return s.getOption(level, option);
      });
    }
    Object[][] wrong = {
        {SOL_SOCKET, SO_RCVBUF, "x"}, {SOL_SOCKET, SO_RCVBUF, null}, {SOL_SOCKET, SO_RCVBUF, 1L},
        {SOL_SOCKET, SO_RCVBUF, true}, {SOL_SOCKET, SO_RCVBUF, 1.5}, {SOL_SOCKET, SO_LINGER, 1},
        {SOL_SOCKET, SO_LINGER, null}, {SOL_SOCKET, SO_RCVTIMEO, 1}, {SOL_SOCKET, SO_RCVTIMEO, new Timeval(0, -1)},
        {SOL_SOCKET, SO_RCVTIMEO, new Timeval(0, 1_000_000)}, {SOL_SOCKET, SO_RCVTIMEO, null},
        {SOL_SOCKET, SO_BINDTODEVICE, "nosuch0"}, {SOL_SOCKET, SO_BINDTODEVICE, 5}, {SOL_SOCKET, SO_BINDTODEVICE, ""},
        {IPPROTO_TCP, TCP_CONGESTION, "nosuch"}, {IPPROTO_TCP, TCP_CONGESTION, 5}, {12345, 1, 1}, {-1, 1, 1},
        {SOL_SOCKET, 9999, 1}, {SOL_SOCKET, -1, 1}, {IPPROTO_TCP, 9999, 1}, {IPPROTO_IP, 9999, 1},
        {IPPROTO_IP, MCAST_JOIN_GROUP, "x"},
        {IPPROTO_IP, MCAST_JOIN_GROUP, new GroupRequest("127.0.0.1", "lo")},
        {IPPROTO_IP, MCAST_JOIN_GROUP, new GroupRequest("224.0.0.1", "nosuch0")},
        {IPPROTO_IP, IP_MULTICAST_IF, "nosuch0"}, {IPPROTO_IPV6, IPV6_V6ONLY, "x"}, {SOL_SOCKET, SO_TYPE, 1},
        {SOL_SOCKET, SO_ERROR, 1}, {SOL_SOCKET, SO_PEERCRED, 1},
    };
    for (Object[] v : wrong) {
      int level = (Integer) v[0];
      int option = (Integer) v[1];
      c.put("setOption " + level + "/" + option + " " + v[2], (s, f) -> {
        s.setOption(level, option, v[2]);
        return null;
      });
    }
    // ---- the rest of the socket
    c.put("getpeername", (s, f) -> s.getpeername());
    c.put("getsockname", (s, f) -> s.getsockname());
    for (int how : new int[] {-1, 3, SHUT_RD, SHUT_WR, SHUT_RDWR, Integer.MAX_VALUE}) {
      c.put("shutdown " + how, (s, f) -> {
        s.shutdown(how);
        return null;
      });
    }
    c.put("setBlock", (s, f) -> {
      s.setBlock();
      return null;
    });
    c.put("setNonblock", (s, f) -> {
      s.setNonblock();
      return null;
    });
    c.put("exportStream", (s, f) -> s.exportStream());
    c.put("close twice", (s, f) -> {
      s.close();
      s.close();
      return null;
    });
    c.put("lastError", (s, f) -> s.lastError());
    c.put("clearError", (s, f) -> {
      s.clearError();
      return s.lastError();
    });
    c.put("getopt value of SO_TYPE", (s, f) -> s.getopt(SOL_SOCKET, SO_TYPE));
    c.put("setopt of an unknown option", (s, f) -> {
      s.setopt(SOL_SOCKET, 9999, 1);
      return null;
    });
    return c;
  }

  private static Message control(ControlMessage message) {
    return new Message(null, List.of(DATA), List.of(message), 0);
  }

  private static void processCalls(Map<String, Call> c) {
    int[][] creates = {{-1, SOCK_STREAM, 0}, {12345, SOCK_STREAM, 0}, {AF_INET, -1, 0}, {AF_INET, 99, 0},
        {AF_INET, SOCK_STREAM, 999}, {AF_INET, SOCK_STREAM, -1}, {AF_INET, SOCK_DGRAM, IPPROTO_TCP},
        {AF_INET, SOCK_STREAM, IPPROTO_UDP}, {AF_UNIX, SOCK_STREAM, 1}, {AF_UNIX, SOCK_SEQPACKET, 0},
        {AF_INET, SOCK_SEQPACKET, 0}, {AF_INET6, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0},
        {AF_INET, SOCK_STREAM | 0x100000, 0}, {AF_UNIX, SOCK_DGRAM, IPPROTO_UDP}};
    for (int[] a : creates) {
      c.put("create " + a[0] + "/" + a[1] + "/" + a[2], f -> f.sockets.create(a[0], a[1], a[2]));
      c.put("createPair " + a[0] + "/" + a[1] + "/" + a[2], f -> f.sockets.createPair(a[0], a[1], a[2]));
    }
    for (int port : new int[] {-1, 65536, Integer.MIN_VALUE}) {
      c.put("createListen " + port, f -> f.sockets.createListen(port));
    }
    for (int backlog : new int[] {-1, 0, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
      c.put("createListen backlog " + backlog, f -> f.sockets.createListen(0, backlog));
    }
    String[] hosts = {"", " ", " 127.0.0.1", "127.0.0.1 ", "::1%lo", "::1%1", "fe80::1%nosuch", "fe80::1%lo",
        "fe80::1%1", "fe80::1%", "fe80::1%99999999999", "ff02::1%lo", "999.1.1.1",
        "::ffff:127.0.0.1", "127.1", "0x7f.0.0.1", "1.2.3.4.5", "[::1]", "::1:"};
    for (String h : hosts) {
      c.put("addrinfoLookup '" + h + "'", f -> f.sockets.addrinfoLookup(h));
    }
    String[] services = {"-1", "65536", "99999", "nosuchservice", "", " 80", "0x50", "+80", "\t80", "-80", "80 ",
        "4294967295", "4294967376", "99999999999999999999999", " +80", "- 80", "2147483648"};
    for (String service : services) {
      c.put("addrinfoLookup service '" + service + "'", f -> f.sockets.addrinfoLookup("127.0.0.1", service));
    }
    Object[][] hints = {{"ai_flags", -1}, {"ai_flags", AI_NUMERICHOST | 0x10000}, {"ai_family", 12345},
        {"ai_family", AF_UNIX}, {"ai_socktype", 99}, {"ai_socktype", -1}, {"ai_protocol", 999},
        {"ai_protocol", -1}, {"ai_bogus", 1}, {"ai_family", AF_INET6}};
    for (Object[] h : hints) {
      c.put("addrinfoLookup hint " + h[0] + "=" + h[1], f -> {
        Map<String, Integer> map = new HashMap<>();
        map.put((String) h[0], (Integer) h[1]);
        return f.sockets.addrinfoLookup("127.0.0.1", null, map);
      });
    }
    AddrInfo[] infos = {
        new AddrInfo(0, 12345, SOCK_STREAM, 0, null, new SockAddr("127.0.0.1", 0)),
        new AddrInfo(0, AF_INET, 99, 0, null, new SockAddr("127.0.0.1", 0)),
        new AddrInfo(0, AF_INET, SOCK_STREAM, 999, null, new SockAddr("127.0.0.1", 0)),
        new AddrInfo(0, AF_INET, SOCK_STREAM, 0, null, null),
        new AddrInfo(0, AF_INET, SOCK_STREAM, 0, null, new SockAddr("127.0.0.1", -1)),
        new AddrInfo(0, AF_INET, SOCK_STREAM, 0, null, new SockAddr("::1", 0)),
        new AddrInfo(0, AF_INET6, SOCK_STREAM, 0, null, new SockAddr("127.0.0.1", 0)),
        new AddrInfo(0, AF_UNIX, SOCK_STREAM, 0, null, new SockAddr("/nonexistent/x", 0)),
        new AddrInfo(0, AF_INET, SOCK_DGRAM, 0, null, new SockAddr("999.1.1.1", 0)),
    };
    for (int i = 0; i < infos.length; i++) {
      AddrInfo info = infos[i];
      c.put("addrinfoBind " + info, f -> f.sockets.addrinfoBind(info));
      c.put("addrinfoConnect " + info, f -> f.sockets.addrinfoConnect(info));
      c.put("addrinfoExplain " + info, f -> f.sockets.addrinfoExplain(info));
    }
    c.put("select nothing", f -> f.sockets.select(new ArrayList<>(), null, null, 0L, 0));
    c.put("select seconds -1", f -> f.sockets.select(list(f.make(Kind.UDP4)), null, null, -1L, 0));
    c.put("select microseconds -1", f -> f.sockets.select(list(f.make(Kind.UDP4)), null, null, 0L, -1));
    c.put("select a closed socket", f -> f.sockets.select(list(f.make(Kind.CLOSED_UDP)), null, null, 0L, 0));
    c.put("select a socket twice", f -> f.sockets.select(list(f.make(Kind.UDP4), f.make(Kind.UDP4)), null, null, 0L, 0));
    c.put("select value a listener", f -> {
      Socket l = f.make(Kind.LISTENER);
      return f.sockets.select(list(l), list(l), list(l), 0L, 0);
    });
    c.put("select value a fresh tcp socket", f -> {
      Socket t = f.make(Kind.TCP4);
      return f.sockets.select(list(t), list(t), list(t), 0L, 0);
    });
    c.put("select null microseconds carry", f -> f.sockets.select(list(f.make(Kind.UDP4)), null, null, 0L, Integer.MAX_VALUE / 1000));
    for (int[] a : new int[][] {{-1, -1, 0}, {SOL_SOCKET, SCM_RIGHTS, -1}, {SOL_SOCKET, SCM_RIGHTS, Integer.MAX_VALUE},
        {999, 999, 1}, {SOL_SOCKET, SCM_CREDENTIALS, 5}, {IPPROTO_IPV6, IPV6_PKTINFO, 0}}) {
      c.put("cmsgSpace value " + a[0] + "/" + a[1] + "/" + a[2], f -> f.sockets.cmsgSpace(a[0], a[1], a[2]));
    }
    c.put("importStream null", f -> f.sockets.importStream(null));
    c.put("importStream of a closed socket", f -> {
      Socket s = f.make(Kind.CONNECTED);
      dev.twinsock.SocketStream stream = s.exportStream();
      s.close();
      return f.sockets.importStream(stream);
    });
    for (int errno : new int[] {-1, 0, 134, 99999, Integer.MIN_VALUE, -10001, -2}) {
      c.put("strerror value " + errno, f -> f.sockets.strerror(errno));
    }
    c.put("wsaprotocolInfoExport", f -> f.sockets.wsaprotocolInfoExport(f.make(Kind.TCP4), 1));
    c.put("wsaprotocolInfoImport", f -> f.sockets.wsaprotocolInfoImport("x"));
    c.put("wsaprotocolInfoRelease", f -> f.sockets.wsaprotocolInfoRelease("x"));
    c.put("clearError value", f -> {
      f.sockets.clearError();
      return f.sockets.lastError();
    });
    c.put("close twice", f -> {
      f.make(Kind.TCP4);
      f.sockets.close();
      f.sockets.close();
      return null;
    });
    c.put("lastError value after a failure", f -> {
      try {
        f.sockets.create(AF_INET, 99, 0);
      } catch (SocketError expected) {
        // the point is what the process remembers
      }
      return f.sockets.lastError();
    });
  }

  private static List<Socket> list(Socket... sockets) {
    return new ArrayList<>(List.of(sockets));
  }
}
