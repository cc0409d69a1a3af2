package dev.twinsock.parity;

import dev.twinsock.GroupRequest;
import dev.twinsock.Linger;
import dev.twinsock.Timeval;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prints a compared run as a JUnit test class a developer can paste and run: every step of the
 * reference backend's run, call for call, including the harness's own calls (each new socket put
 * in non-blocking mode, the port of a socket read before it closes), with the outcome each
 * backend gave as a comment. Steps the reference skipped are comments. A failing step is wrapped
 * in {@code expectError}/{@code expectIllegalArgument} with the reference's errno, so that the
 * test fails on a backend that diverges there.
 */
final class JavaRenderer {
  private HandleModel model = new HandleModel();
  private int sockets;
  private int addrinfos;
  private int streams;
  private int results;

  String render(Comparison c) {
    model = new HandleModel();
    results = 0;
    Step divergence = c.divergence();
    StringBuilder b = new StringBuilder();
    b.append("import static dev.twinsock.SocketConstants.*;\n")
        .append("import static org.junit.jupiter.api.Assertions.*;\n\n")
        .append("import dev.twinsock.*;\n")
        .append("import dev.twinsock.os.OsSockets;\n")
        .append("import java.nio.file.Files;\n")
        .append("import java.nio.file.Path;\n")
        .append("import java.util.*;\n")
        .append("import org.junit.jupiter.api.Test;\n\n")
        .append("/** Found by the parity properties")
        .append(divergence == null ? "" : ": " + c.referenceName() + " and " + c.candidateName()
            + " diverge at step " + divergence.index())
        .append(". */\n")
        .append("class ParityRegressionTest {\n")
        .append("  @Test\n")
        .append("  void ").append(divergence == null ? "program" : "divergenceAtStep" + divergence.index())
        .append("() throws Exception {\n")
        .append("    String tmp = Files.createTempDirectory(Path.of(\"/tmp\"), \"tw\").toString();\n")
        .append("    String tag = \"tw\" + ProcessHandle.current().pid();\n")
        .append("    // for the sim: SimNetwork.builder().seed(" + SimTarget.SEED + ") configured as SimTarget does from\n")
        .append("    // this machine, .build().addHost(\"h\", \"10.0.0.1\").createDirectories(tmp)\n")
        .append("    try (Sockets sockets = new OsSockets()) {\n");
    for (Step s : c.steps()) {
      String comment = "// " + s.index() + ": " + c.referenceName() + ": " + oneLine(s.reference().text())
          + (s.agrees() ? "" : "   <> " + c.candidateName() + ": " + oneLine(s.candidate().text()));
      b.append("      ").append(comment).append('\n');
      for (String line : lines(s.op(), s.reference())) {
        b.append("      ").append(line).append('\n');
      }
    }
    b.append("    }\n  }\n").append(HELPERS).append("}\n");
    return b.toString();
  }

  private static String oneLine(String s) {
    return s.replace("\n", " ").replace("\r", " ");
  }

  /** The Java statements of one step, given what it did on the reference backend. */
  List<String> lines(Op op, Outcome outcome) {
    sockets = model.sockets();
    addrinfos = model.addrinfos();
    streams = model.streams();
    List<String> out = linesBefore(op, outcome);
    model.after(op, outcome);
    return out;
  }

  private List<String> linesBefore(Op op, Outcome outcome) {
    List<String> out = new ArrayList<>();
    if (outcome.skipped()) {
      out.add("// skipped by the harness: " + outcome.text().substring(5));
      return out;
    }
    if (op instanceof Op.Settle) {
      out.add("settle(sockets);");
      return out;
    }
    if (op instanceof Op.Meanwhile m) {
      Outcome waiter = outcome.parts().get(0);
      Outcome actor = outcome.parts().get(1);
      if (outcome.waitedForActor()) {
        out.add("// meanwhile: the sim runs this first call as a task while the second waits; on the kernel,");
        out.add("// whose loopback wakes the waiter from within the sending call, one after the other is the same");
        out.addAll(linesBefore(m.actor(), actor));
        out.addAll(linesBefore(m.waiter(), waiter));
        out.add("sockets.clearError(); // which of the two set the last error last is not the program's");
      } else {
        out.addAll(linesBefore(m.waiter(), waiter));
        out.addAll(linesBefore(m.actor(), actor));
      }
      return out;
    }
    String call = call(op);
    if (outcome.waited()) {
      // the harness made this call in blocking mode: the program set a short timeout for it
      String socket = name(Run.handleOf(op));
      out.add(socket + ".setBlock();");
      out.addAll(outcomeLines(op, outcome, call));
      out.add(socket + ".setNonblock();");
      return out;
    }
    out.addAll(outcomeLines(op, outcome, call));
    return out;
  }

  private List<String> outcomeLines(Op op, Outcome outcome, String call) {
    List<String> out = new ArrayList<>();
    if (outcome.text().startsWith("err ")) {
      String[] parts = outcome.text().split(" ");
      out.add("expectError(" + parts[2] + ", () -> " + call + ");");
      if (op instanceof Op.Connect c && parts[2].equals("115")) {
        out.add("settle(sockets, " + name(c.h()) + "); // the harness lets a handshake finish at once");
      }
    } else if (outcome.text().startsWith("iae ")) {
      out.add("expectIllegalArgument(() -> " + call + ");");
    } else if (outcome.text().startsWith("threw ")) {
      out.add("expectAnyException(() -> " + call + ");");
    } else {
      out.addAll(success(op, outcome, call));
    }
    return out;
  }

  private List<String> success(Op op, Outcome outcome, String call) {
    List<String> out = new ArrayList<>();
    if (outcome.newAddrinfos() > 0 || op instanceof Op.AddrinfoLookup) {
      String list = "found" + results++;
      out.add("List<AddrInfo> " + list + " = " + call + ";");
      for (int i = 0; i < outcome.newAddrinfos(); i++) {
        out.add("AddrInfo ai" + addrinfos++ + " = " + list + ".get(" + i + ");");
      }
    } else if (outcome.newStreams() > 0) {
      out.add("SocketStream stream" + streams++ + " = " + call + ";");
    } else if (op instanceof Op.CreatePair) {
      String pair = "pair" + results++;
      out.add("Socket[] " + pair + " = " + call + ";");
      for (int i = 0; i < 2; i++) {
        out.add("Socket s" + sockets + " = " + pair + "[" + i + "];");
        out.add("s" + sockets++ + ".setNonblock();");
      }
    } else if (op instanceof Op.Recvmsg) {
      String msg = "msg" + results++;
      out.add("Message " + msg + " = " + call + ";");
      for (int i = 0; i < outcome.newSockets(); i++) {
        out.add("Socket s" + sockets + " = rights(" + msg + ").get(" + i + ");");
        out.add("s" + sockets++ + ".setNonblock();");
      }
    } else if (outcome.newSockets() == 1) {
      out.add("Socket s" + sockets + " = " + call + ";");
      out.add("s" + sockets++ + ".setNonblock();");
    } else if (op instanceof Op.SetBlock b) {
      out.add(call + ";");
      out.add(name(b.h()) + ".setNonblock(); // the harness drives every socket non-blocking");
    } else {
      out.add(call + ";");
    }
    return out;
  }

  /** The call of an op as a Java expression. */
  String call(Op op) {
    if (op instanceof Op.Create c) {
      return "sockets.create(" + domain(c.domain()) + ", " + type(c.type()) + ", " + c.protocol() + ")";
    }
    if (op instanceof Op.CreatePair c) {
      return "sockets.createPair(" + domain(c.domain()) + ", " + type(c.type()) + ", " + c.protocol() + ")";
    }
    if (op instanceof Op.CreateListen c) {
      return "sockets.createListen(" + c.port() + (c.backlog() == null ? "" : ", " + c.backlog()) + ")";
    }
    if (op instanceof Op.Bind o) {
      return name(o.h()) + ".bind(" + address(o.h(), o.at()) + withPort(o.at()) + ")";
    }
    if (op instanceof Op.Listen o) {
      return name(o.h()) + ".listen(" + (o.backlog() == null ? "" : o.backlog()) + ")";
    }
    if (op instanceof Op.Connect o) {
      return name(o.h()) + ".connect(" + address(o.h(), o.to()) + withPort(o.to()) + ")";
    }
    if (op instanceof Op.Accept o) {
      return name(o.h()) + ".accept()";
    }
    if (op instanceof Op.Read o) {
      return name(o.h()) + ".read(" + o.length() + (o.mode() == null ? "" : ", " + o.mode()) + ")";
    }
    if (op instanceof Op.Write o) {
      return name(o.h()) + ".write(" + o.data() + (o.length() == null ? "" : ", " + o.length()) + ")";
    }
    if (op instanceof Op.Recv o) {
      return name(o.h()) + ".recv(" + o.length() + ", " + o.flags() + ")";
    }
    if (op instanceof Op.Send o) {
      return name(o.h()) + ".send(" + o.data() + ", " + o.length() + ", " + o.flags() + ")";
    }
    if (op instanceof Op.Recvfrom o) {
      return name(o.h()) + ".recvfrom(" + o.length() + ", " + o.flags() + ")";
    }
    if (op instanceof Op.Sendto o) {
      return name(o.h()) + ".sendto(" + o.data() + ", " + o.length() + ", " + o.flags() + ", "
          + address(o.h(), o.to()) + withPort(o.to()) + ")";
    }
    if (op instanceof Op.Recvmsg o) {
      return name(o.h()) + ".recvmsg(" + o.bufferSize() + ", " + o.controlLength() + ", " + o.flags() + ")";
    }
    if (op instanceof Op.Sendmsg o) {
      return sendmsg(o);
    }
    if (op instanceof Op.Select o) {
      return "sockets.select(" + list(o.read()) + ", " + list(o.write()) + ", " + list(o.except()) + ", "
          + o.seconds() + "L, " + o.microseconds() + ")";
    }
    if (op instanceof Op.GetOption o) {
      return name(o.h()) + (o.alias() ? ".getopt(" : ".getOption(") + o.level() + ", " + o.option() + ")";
    }
    if (op instanceof Op.SetOption o) {
      return name(o.h()) + (o.alias() ? ".setopt(" : ".setOption(") + o.level() + ", " + o.option() + ", "
          + value(o.value()) + ")";
    }
    if (op instanceof Op.Getsockname o) {
      return name(o.h()) + ".getsockname()";
    }
    if (op instanceof Op.Getpeername o) {
      return name(o.h()) + ".getpeername()";
    }
    if (op instanceof Op.Shutdown o) {
      return name(o.h()) + ".shutdown(" + (o.how() == null ? "" : o.how()) + ")";
    }
    if (op instanceof Op.Close o) {
      return name(o.h()) + ".close()";
    }
    if (op instanceof Op.SetBlock o) {
      return name(o.h()) + ".setBlock()";
    }
    if (op instanceof Op.SetNonblock o) {
      return name(o.h()) + ".setNonblock()";
    }
    if (op instanceof Op.AddrinfoLookup o) {
      return lookup(o);
    }
    if (op instanceof Op.AddrinfoBind o) {
      return "sockets.addrinfoBind(ai" + o.ai() % addrinfos + ")";
    }
    if (op instanceof Op.AddrinfoConnect o) {
      return "sockets.addrinfoConnect(ai" + o.ai() % addrinfos + ")";
    }
    if (op instanceof Op.AddrinfoExplain o) {
      return "sockets.addrinfoExplain(ai" + o.ai() % addrinfos + ")";
    }
    if (op instanceof Op.ExportStream o) {
      return name(o.h()) + ".exportStream()";
    }
    if (op instanceof Op.ImportStream o) {
      return "sockets.importStream(stream" + Math.floorMod(o.stream(), streams) + ")";
    }
    if (op instanceof Op.StreamRead o) {
      return "stream" + Math.floorMod(o.stream(), streams) + ".input().read(new byte[" + o.length() + "])";
    }
    if (op instanceof Op.StreamWrite o) {
      return "stream" + Math.floorMod(o.stream(), streams) + ".output().write(" + o.data() + ")";
    }
    if (op instanceof Op.LastError) {
      return "sockets.lastError()";
    }
    if (op instanceof Op.ClearError) {
      return "sockets.clearError()";
    }
    if (op instanceof Op.SocketLastError o) {
      return name(o.h()) + ".lastError()";
    }
    if (op instanceof Op.SocketClearError o) {
      return name(o.h()) + ".clearError()";
    }
    if (op instanceof Op.Strerror o) {
      return "sockets.strerror(" + o.errno() + ")";
    }
    if (op instanceof Op.CmsgSpace o) {
      return "sockets.cmsgSpace(" + o.level() + ", " + o.type() + ", " + o.n() + ")";
    }
    if (op instanceof Op.WsaExport o) {
      return "sockets.wsaprotocolInfoExport(" + name(o.h()) + ", " + o.targetPid() + ")";
    }
    if (op instanceof Op.WsaImport o) {
      return "sockets.wsaprotocolInfoImport(" + quote(o.id()) + ")";
    }
    if (op instanceof Op.WsaRelease o) {
      return "sockets.wsaprotocolInfoRelease(" + quote(o.id()) + ")";
    }
    throw new IllegalStateException("the renderer does not know " + op);
  }

  private String sendmsg(Op.Sendmsg o) {
    List<String> iov = new ArrayList<>();
    for (Payload p : o.iov()) {
      iov.add(p.toString());
    }
    String name = o.name() == null ? "null"
        : "new SockAddr(" + address(o.h(), o.name()) + ", " + (o.name().port().kind() == PortSpec.Kind.NONE ? "0"
            : port(o.name().port())) + ")";
    String control = o.rights() == null ? "List.of()"
        : "List.of(new ControlMessage(SOL_SOCKET, SCM_RIGHTS, " + existing(o.rights(), "List.of()") + "))";
    return name(o.h()) + ".sendmsg(new Message(" + name + ", List.of(" + String.join(", ", iov) + "), " + control
        + ", 0), " + o.flags() + ")";
  }

  private String lookup(Op.AddrinfoLookup o) {
    String service = o.serviceOfSocket() != null
        ? "String.valueOf(" + portOf(o.serviceOfSocket()) + ")"
        : o.service() == null ? "null" : quote(o.service());
    StringBuilder call = new StringBuilder("sockets.addrinfoLookup(").append(quote(o.host()));
    if (o.hints() != null) {
      List<String> entries = new ArrayList<>();
      new TreeMap<>(o.hints()).forEach((k, v) -> entries.add(quote(k) + ", " + v));
      call.append(", ").append(service).append(", Map.of(").append(String.join(", ", entries)).append(')');
    } else if (o.serviceOfSocket() != null || o.service() != null) {
      call.append(", ").append(service);
    }
    return call.append(')').toString();
  }

  /** The sockets of the handles that exist, as the interpreter picks them; null when none. */
  private String list(List<Integer> handles) {
    return existing(handles, "null").startsWith("List.of(")
        ? "new ArrayList<>(" + existing(handles, "null") + ")"
        : "null";
  }

  private String existing(List<Integer> handles, String none) {
    List<String> names = new ArrayList<>();
    for (int h : handles) {
      if (model.resolve(h) >= 0) {
        names.add(name(h));
      }
    }
    return names.isEmpty() ? none : "List.of(" + String.join(", ", names) + ")";
  }

  /** The address as the interpreter picks it for the socket of handle {@code h}. */
  private String address(int h, Endpoint e) {
    return e.host().java(model.family(model.resolve(h)), e.slot());
  }

  private String withPort(Endpoint e) {
    return e.port().kind() == PortSpec.Kind.NONE ? "" : ", " + port(e.port());
  }

  private String port(PortSpec p) {
    switch (p.kind()) {
      case OF_SOCKET: return portOf(p.socket());
      case NEGATIVE: return "-1";
      case TOO_LARGE: return "65536";
      default: return "0";
    }
  }

  /** The port of a handle's socket as the interpreter takes it: none (0) once closed. */
  private String portOf(int h) {
    int index = model.resolve(h);
    return index < 0 || model.closed(index) ? "0" : "port(s" + index + ")";
  }

  /** The variable of a socket handle: the same socket the interpreter picks. */
  private String name(int h) {
    return "s" + model.resolve(h);
  }

  private static String domain(int domain) {
    switch (domain) {
      case 1: return "AF_UNIX";
      case 2: return "AF_INET";
      case 10: return "AF_INET6";
      default: return String.valueOf(domain);
    }
  }

  private static String type(int type) {
    String flags = ((type & 2048) != 0 ? " | SOCK_NONBLOCK" : "") + ((type & 524288) != 0 ? " | SOCK_CLOEXEC" : "");
    switch (type & ~(2048 | 524288)) {
      case 1: return "SOCK_STREAM" + flags;
      case 2: return "SOCK_DGRAM" + flags;
      case 3: return "SOCK_RAW" + flags;
      case 5: return "SOCK_SEQPACKET" + flags;
      default: return String.valueOf(type);
    }
  }

  static String value(Object v) {
    if (v instanceof Linger l) {
      return "new Linger(" + l.onoff() + ", " + l.linger() + ")";
    }
    if (v instanceof GroupRequest g) {
      return "new GroupRequest(" + orNull(g.group()) + ", " + orNull(g.iface()) + ", " + orNull(g.source()) + ")";
    }
    if (v instanceof Timeval t) {
      return "new Timeval(" + t.sec() + "L, " + t.usec() + "L)";
    }
    if (v instanceof String s) {
      return quote(s);
    }
    return String.valueOf(v);
  }

  private static String orNull(String s) {
    return s == null ? "null" : quote(s);
  }

  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '"': b.append("\\\""); break;
        case '\\': b.append("\\\\"); break;
        case '\n': b.append("\\n"); break;
        case '\0': b.append("\\0"); break;
        default: b.append(ch);
      }
    }
    return b.append('"').toString();
  }

  private static final String HELPERS = String.join("\n",
      "",
      "  /** The socket's local port, 0 if it cannot say. */",
      "  private static int port(Socket s) {",
      "    try {",
      "      return s.getsockname().port();",
      "    } catch (RuntimeException e) {",
      "      return 0;",
      "    }",
      "  }",
      "",
      "  /** a..z repeated, with a newline at newlineAt if it lies inside. */",
      "  private static byte[] bytes(int size, int newlineAt) {",
      "    byte[] b = new byte[size];",
      "    for (int i = 0; i < size; i++) {",
      "      b[i] = (byte) ('a' + i % 26);",
      "    }",
      "    if (newlineAt >= 0 && newlineAt < size) {",
      "      b[newlineAt] = '\\n';",
      "    }",
      "    return b;",
      "  }",
      "",
      "  private static void expectError(int errno, Runnable call) {",
      "    assertEquals(errno, assertThrows(SocketError.class, call::run).code());",
      "  }",
      "",
      "  private static void expectIllegalArgument(Runnable call) {",
      "    assertThrows(IllegalArgumentException.class, call::run);",
      "  }",
      "",
      "  private static void expectAnyException(org.junit.jupiter.api.function.Executable call) {",
      "    assertThrows(Exception.class, call);",
      "  }",
      "",
      "  /** The sockets a message passed as SCM_RIGHTS, in order. */",
      "  private static List<Socket> rights(Message m) {",
      "    List<Socket> out = new ArrayList<>();",
      "    for (ControlMessage c : m.control()) {",
      "      if (c.level() == SOL_SOCKET && c.type() == SCM_RIGHTS) {",
      "        for (Object o : (List<?>) c.data()) {",
      "          out.add((Socket) o);",
      "        }",
      "      }",
      "    }",
      "    return out;",
      "  }",
      "",
      "  /** Waits, up to half a second each, for connects in progress to finish (and on the sim, for its work). */",
      "  private static void settle(Sockets sockets, Socket... connecting) {",
      "    List<Socket> waiting = new ArrayList<>(List.of(connecting));",
      "    for (int round = 0; round < connecting.length && !waiting.isEmpty(); round++) {",
      "      List<Socket> write = new ArrayList<>(waiting);",
      "      try {",
      "        if (sockets.select(null, write, null, 0L, " + Target.SETTLE_BOUND_MICROS + ") == 0) {",
      "          return;",
      "        }",
      "      } catch (RuntimeException e) {",
      "        return;",
      "      }",
      "      waiting.removeAll(write);",
      "    }",
      "  }",
      "");

}
