package dev.twinsock.parity;

import static dev.twinsock.SocketConstants.*;

import dev.twinsock.Linger;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints a program, as the kernel ran it, as a PHP script for php-cli's ext/sockets: the same
 * calls the {@link Run} made, the harness's own included (every new socket non-blocking, TCP
 * without Nagle, a port read from the socket that holds it, a connect in progress waited for in
 * select), each followed by one observation line {@code P<program> S<step> <observation>} that
 * {@link PhpObservation} reads back. Steps the kernel run skipped print nothing; the same
 * {@link HandleModel}, fed the kernel's outcomes, picks the socket of every handle, as the {@link
 * JavaRenderer} does.
 *
 * <p>Only the ops {@link #unrendered} accepts are rendered; a program for the oracle is filtered
 * to them first.
 */
final class PhpRenderer {
  /** The helpers every script starts with: the observation of a call, payloads, ports, names. */
  static final String PRELUDE = String.join("\n",
      "<?php",
      "error_reporting(E_ALL);",
      "$W = null;",
      "set_error_handler(function ($no, $str) { global $W; $W = $str; return true; });",
      "function hx($s) { return $s === null ? '' : bin2hex((string) $s); }",
      "function out($p, $i, $s) { echo \"P$p S$i $s\\n\"; }",
      // one call: its value shown by $show, false with the warning it printed and the process's code,
      // or the exception the seed threw before any system call (then null)
      "function obs($p, $i, $f, $show) {",
      "  global $W; $W = null;",
      "  try { $r = $f(); }",
      "  catch (ValueError | TypeError $e) { out($p, $i, 'iae ' . bin2hex($e->getMessage())); return null; }",
      "  catch (Error $e) { out($p, $i, 'error ' . bin2hex($e->getMessage())); return null; }",
      "  if ($r === false) { out($p, $i, 'false ' . socket_last_error() . ' ' . hx($W === null ? '' : $W)); return false; }",
      "  out($p, $i, 'ok ' . $show($r)); return $r;",
      "}",
      "function pl($n, $nl) { $b = str_repeat('abcdefghijklmnopqrstuvwxyz', intdiv($n, 26) + 1); $b = substr($b, 0, $n);",
      "  if ($nl >= 0 && $nl < $n) { $b[$nl] = \"\\n\"; } return $b; }",
      "function adopt($s, $tcp) { global $S; $S[] = $s; @socket_set_nonblock($s);",
      "  if ($tcp) { @socket_set_option($s, SOL_TCP, TCP_NODELAY, 1); } }",
      "function port_of($k) { global $S, $C; if (!isset($S[$k]) || isset($C[$k])) { return 0; }",
      "  $a = null; $port = 0; if (@socket_getsockname($S[$k], $a, $port) === false) { return 0; } return (int) $port; }",
      "function names($list) { global $S; $n = [];",
      "  foreach ($list ?? [] as $x) { $k = array_search($x, $S, true); $n[] = $k === false ? '?' : 's' . $k; }",
      "  return '[' . implode(', ', $n) . ']'; }",
      "function val($v) { if (is_int($v)) { return 'int ' . $v; } if (is_string($v)) { return 'str ' . bin2hex($v); }",
      "  if (is_array($v) && array_key_exists('l_onoff', $v)) { return 'linger ' . $v['l_onoff'] . ' ' . $v['l_linger']; }",
      "  if (is_array($v) && array_key_exists('sec', $v)) { return 'timeval ' . $v['sec'] . ' ' . $v['usec']; }",
      "  return 'other ' . bin2hex(json_encode($v)); }",
      "function settle($s) { $r = null; $w = [$s]; $e = null; @socket_select($r, $w, $e, 0, " + Target.SETTLE_BOUND_MICROS
          + "); }",
      "");

  private HandleModel model;
  private final List<int[]> kinds = new ArrayList<>();

  /**
   * Why an op is not rendered for the oracle, or null if it is. Each reason is a limit of this
   * renderer or a shape documented as different (see {@link PhpDepartures}), never a difference
   * found and hidden.
   */
  static String unrendered(Op op) {
    if (op instanceof Op.Read r && r.mode() != null && r.mode() == PHP_NORMAL_READ) {
      return "PHP_NORMAL_READ: the seed's loop spins on a non-blocking socket with no line (docs/semantics.md)";
    }
    if (op instanceof Op.Meanwhile) {
      return "two calls beside each other need threads, which php-cli has not";
    }
    if (op instanceof Op.Sendmsg || op instanceof Op.Recvmsg) {
      return "not rendered yet: the message arrays";
    }
    if (op instanceof Op.AddrinfoLookup || op instanceof Op.AddrinfoBind || op instanceof Op.AddrinfoConnect
        || op instanceof Op.AddrinfoExplain) {
      return "not rendered yet: AddressInfo objects";
    }
    if (op instanceof Op.ExportStream || op instanceof Op.ImportStream || op instanceof Op.StreamRead
        || op instanceof Op.StreamWrite) {
      return "not rendered yet: PHP streams";
    }
    if (op instanceof Op.WsaExport || op instanceof Op.WsaImport || op instanceof Op.WsaRelease) {
      return "Windows-only functions, absent from php on Linux";
    }
    if ((op instanceof Op.Recv r && (r.flags() & MSG_TRUNC) != 0)
        || (op instanceof Op.Recvfrom f && (f.flags() & MSG_TRUNC) != 0)) {
      return "MSG_TRUNC: the seed returns the datagram's length with a buffer of unknown bytes";
    }
    if (op instanceof Op.SetOption s && !(s.value() instanceof Integer || s.value() instanceof Linger
        || s.value() instanceof String)) {
      return "a timeout or group request: a set timeout lets the harness wait, which this renderer does not";
    }
    if (op instanceof Op.GetOption g && g.level() == SOL_SOCKET && g.option() == SO_PEERCRED) {
      return "SO_PEERCRED: Credentials here, the pid only in the seed (docs/semantics.md)";
    }
    if (op instanceof Op.GetOption g && ((g.level() == SOL_TCP && g.option() == TCP_CONGESTION)
        || (g.level() == SOL_SOCKET && g.option() == SO_BINDTODEVICE))) {
      return "a name option: a String here, an array or nothing in the seed (docs/semantics.md)";
    }
    return null;
  }

  /** One program as PHP: a block of its own, with its AF_UNIX directory and abstract tag. */
  String render(int number, Program program, List<Outcome> reference, String tmp, String tag) {
    model = new HandleModel();
    kinds.clear();
    StringBuilder b = new StringBuilder();
    b.append("// program ").append(number).append('\n');
    b.append("$S = []; $C = []; socket_clear_error();\n");
    b.append("$tmp = ").append(literal(tmp)).append("; $tag = ").append(literal(tag)).append(";\n");
    for (int i = 0; i < program.ops().size(); i++) {
      Op op = program.ops().get(i);
      Outcome outcome = reference.get(i);
      if (!outcome.skipped()) {
        b.append(step(number, i, op));
      }
      track(op, outcome);
      model.after(op, outcome);
    }
    b.append("foreach ($S as $k => $s) { if (!isset($C[$k])) { @socket_close($s); } }\n");
    return b.toString();
  }

  /**
   * The outcome text of each step of a rendered program as PHP observed it ({@code lines}, by
   * step), walked as {@link #render} walks it; null for a step the kernel run skipped, {@code
   * "missing"} for one PHP printed nothing for.
   */
  List<String> observed(Program program, List<Outcome> reference, java.util.Map<Integer, String> lines,
      Normalizer normalizer) {
    model = new HandleModel();
    kinds.clear();
    List<String> out = new ArrayList<>();
    for (int i = 0; i < program.ops().size(); i++) {
      Op op = program.ops().get(i);
      Outcome outcome = reference.get(i);
      if (outcome.skipped()) {
        out.add(null);
      } else {
        String line = lines.get(i);
        out.add(line == null ? "missing" : PhpObservation.outcome(op, line, normalizer, this, model));
      }
      track(op, outcome);
      model.after(op, outcome);
    }
    return out;
  }

  /** The family and type of each socket as the run knows them, for addresses and observations. */
  int[] kind(int index) {
    return index < kinds.size() ? kinds.get(index) : new int[] {-1, -1};
  }

  private void track(Op op, Outcome outcome) {
    if (!outcome.text().startsWith("ok")) {
      return;
    }
    if (op instanceof Op.Create c) {
      kinds.add(new int[] {c.domain(), baseType(c.domain(), c.type())});
    } else if (op instanceof Op.CreatePair c) {
      int[] k = {c.domain(), baseType(c.domain(), c.type())};
      kinds.add(k);
      kinds.add(k);
    } else if (op instanceof Op.CreateListen) {
      kinds.add(new int[] {AF_INET, SOCK_STREAM});
    } else if (op instanceof Op.Accept a) {
      kinds.add(kind(model.resolve(a.h())));
    }
  }

  private static int baseType(int domain, int type) {
    int base = type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
    return domain == AF_UNIX && base == SOCK_RAW ? SOCK_DGRAM : base;
  }

  private static String literal(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\' || c == '$') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        b.append(String.format("\\x%02x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  private String sock(int h) {
    return "$S[" + model.resolve(h) + "]";
  }

  private String call(int p, int i, String expression, String show) {
    return "$r = obs(" + p + ", " + i + ", function () use (&$buf, &$name, &$port) { global $S, $tmp, $tag; return " + expression
        + "; }, function ($r) use (&$buf, &$name, &$port) { return " + show + "; });\n";
  }

  private String step(int p, int i, Op op) {
    String pre = "$buf = null; $name = null; $port = null;\n";
    if (op instanceof Op.Create c) {
      boolean tcp = (c.domain() == AF_INET || c.domain() == AF_INET6) && baseType(c.domain(), c.type()) == SOCK_STREAM;
      return pre + call(p, i, "socket_create(" + c.domain() + ", " + c.type() + ", " + c.protocol() + ")", "'new'")
          + "if ($r instanceof Socket) { adopt($r, " + tcp + "); }\n";
    }
    if (op instanceof Op.CreatePair c) {
      return pre + "$pair = null;\n"
          + "$r = obs(" + p + ", " + i + ", function () use (&$pair) { return socket_create_pair(" + c.domain() + ", "
          + c.type() + ", " + c.protocol() + ", $pair); }, function ($r) { return 'new'; });\n"
          + "if ($r === true) { adopt($pair[0], false); adopt($pair[1], false); }\n";
    }
    if (op instanceof Op.CreateListen c) {
      String args = c.port() + (c.backlog() == null ? "" : ", " + c.backlog());
      return pre + call(p, i, "socket_create_listen(" + args + ")", "'new'") + "if ($r instanceof Socket) { adopt($r, true); }\n";
    }
    if (op instanceof Op.Settle) {
      return "out(" + p + ", " + i + ", 'ok settled');\n";
    }
    if (op instanceof Op.Select s) {
      return pre + "$rd = " + list(s.read()) + "; $wr = " + list(s.write()) + "; $ex = " + list(s.except()) + ";\n"
          + "$r = obs(" + p + ", " + i + ", function () use (&$rd, &$wr, &$ex) { return socket_select($rd, $wr, $ex, "
          + s.seconds() + ", " + s.microseconds() + "); }, function ($r) use (&$rd, &$wr, &$ex) { return $r . ' r' . "
          + "names($rd) . ' w' . names($wr) . ' e' . names($ex); });\n";
    }
    if (op instanceof Op.LastError) {
      return call(p, i, "socket_last_error()", "$r");
    }
    if (op instanceof Op.ClearError) {
      return call(p, i, "socket_clear_error()", "''");
    }
    if (op instanceof Op.Strerror s) {
      return call(p, i, "socket_strerror(" + s.errno() + ")", "hx($r)");
    }
    if (op instanceof Op.CmsgSpace c) {
      return call(p, i, "socket_cmsg_space(" + c.level() + ", " + c.type() + ", " + c.n() + ")",
          "$r === null ? 'null' : $r");
    }
    int index = model.resolve(Run.handleOf(op));
    String s = "$S[" + index + "]";
    int family = kind(index)[0];
    if (op instanceof Op.Bind o) {
      return pre + call(p, i, "socket_bind(" + s + ", " + address(o.at(), family) + port(o.at()) + ")", "''");
    }
    if (op instanceof Op.Listen o) {
      return pre + call(p, i, "socket_listen(" + s + (o.backlog() == null ? "" : ", " + o.backlog()) + ")", "''");
    }
    if (op instanceof Op.Connect o) {
      return pre + call(p, i, "socket_connect(" + s + ", " + address(o.to(), family) + port(o.to()) + ")", "''")
          + "if ($r === false && $W === null && socket_last_error() == " + SOCKET_EINPROGRESS + ") { settle(" + s
          + "); }\n";
    }
    if (op instanceof Op.Accept) {
      int[] k = kind(index);
      boolean tcp = (k[0] == AF_INET || k[0] == AF_INET6) && k[1] == SOCK_STREAM;
      return pre + call(p, i, "socket_accept(" + s + ")", "'new'") + "if ($r instanceof Socket) { adopt($r, " + tcp + "); }\n";
    }
    if (op instanceof Op.Read o) {
      return pre + call(p, i, "socket_read(" + s + ", " + o.length() + (o.mode() == null ? "" : ", " + o.mode()) + ")",
          "hx($r)");
    }
    if (op instanceof Op.Write o) {
      return pre + call(p, i, "socket_write(" + s + ", " + payload(o.data()) + (o.length() == null ? "" : ", " + o.length())
          + ")", "$r");
    }
    if (op instanceof Op.Recv o) {
      return pre + call(p, i, "socket_recv(" + s + ", $buf, " + o.length() + ", " + o.flags() + ")", "hx($buf)");
    }
    if (op instanceof Op.Send o) {
      return pre + call(p, i, "socket_send(" + s + ", " + payload(o.data()) + ", " + o.length() + ", " + o.flags() + ")",
          "$r");
    }
    if (op instanceof Op.Recvfrom o) {
      return pre + call(p, i, "socket_recvfrom(" + s + ", $buf, " + o.length() + ", " + o.flags() + ", $name, $port)",
          "hx($buf) . ' ' . hx($name) . ' ' . (int) $port");
    }
    if (op instanceof Op.Sendto o) {
      return pre + call(p, i, "socket_sendto(" + s + ", " + payload(o.data()) + ", " + o.length() + ", " + o.flags() + ", "
          + address(o.to(), family) + port(o.to()) + ")", "$r");
    }
    if (op instanceof Op.GetOption o) {
      return pre + call(p, i, (o.alias() ? "socket_getopt(" : "socket_get_option(") + s + ", " + o.level() + ", "
          + o.option() + ")", "val($r)");
    }
    if (op instanceof Op.SetOption o) {
      return pre + call(p, i, (o.alias() ? "socket_setopt(" : "socket_set_option(") + s + ", " + o.level() + ", "
          + o.option() + ", " + value(o.value()) + ")", "''");
    }
    if (op instanceof Op.Getsockname) {
      return pre + call(p, i, "socket_getsockname(" + s + ", $name, $port)", "hx($name) . ' ' . (int) $port");
    }
    if (op instanceof Op.Getpeername) {
      return pre + call(p, i, "socket_getpeername(" + s + ", $name, $port)", "hx($name) . ' ' . (int) $port");
    }
    if (op instanceof Op.Shutdown o) {
      return pre + call(p, i, "socket_shutdown(" + s + (o.how() == null ? "" : ", " + o.how()) + ")", "''");
    }
    if (op instanceof Op.Close) {
      return pre + call(p, i, "socket_close(" + s + ")", "''") + "$C[" + index + "] = true;\n";
    }
    if (op instanceof Op.SetBlock) {
      return pre + call(p, i, "socket_set_block(" + s + ")", "''") + "if ($r === true) { @socket_set_nonblock(" + s
          + "); }\n";
    }
    if (op instanceof Op.SetNonblock) {
      return pre + call(p, i, "socket_set_nonblock(" + s + ")", "''");
    }
    if (op instanceof Op.SocketLastError) {
      return pre + call(p, i, "socket_last_error(" + s + ")", "$r");
    }
    if (op instanceof Op.SocketClearError) {
      return pre + call(p, i, "socket_clear_error(" + s + ")", "''");
    }
    throw new IllegalArgumentException("not rendered as PHP: " + op);
  }

  private String list(List<Integer> handles) {
    List<String> items = new ArrayList<>();
    for (int h : handles) {
      int index = model.resolve(h);
      if (index >= 0) {
        items.add("$S[" + index + "]");
      }
    }
    return items.isEmpty() ? "null" : "[" + String.join(", ", items) + "]";
  }

  private static String payload(Payload data) {
    return "pl(" + data.size() + ", " + data.newlineAt() + ")";
  }

  private static String value(Object v) {
    if (v instanceof Linger l) {
      return "['l_onoff' => " + l.onoff() + ", 'l_linger' => " + l.linger() + "]";
    }
    if (v instanceof String s) {
      return literal(s);
    }
    return String.valueOf(v);
  }

  /** The address of an endpoint for a socket of {@code family}, as a PHP expression (as {@link Host#address}). */
  private static String address(Endpoint e, int family) {
    if (family == AF_UNIX) {
      switch (e.host()) {
        case WILDCARD: return "\"\\0\" . $tag . \"-s" + e.slot() + "\"";
        case NAMED: return "$tmp . \"/none/s" + e.slot() + "\"";
        case ALTERNATE: return "$tmp . \"/\" . str_repeat(\"x\", 110)";
        default: return "$tmp . \"/s" + e.slot() + "\"";
      }
    }
    String a = e.host().address(family, e.slot(), "", "");
    return a == null ? "null" : literal(a);
  }

  /** The port argument, with its comma, or nothing for the overload without one (as Run#port). */
  private String port(Endpoint e) {
    PortSpec p = e.port();
    switch (p.kind()) {
      case NONE: return "";
      case ZERO: return ", 0";
      case NEGATIVE: return ", -1";
      case TOO_LARGE: return ", 65536";
      default: {
        int index = model.resolve(p.socket());
        return index < 0 ? ", 0" : ", port_of(" + index + ")";
      }
    }
  }
}
