package dev.twinsock.parity;

import static dev.twinsock.SocketConstants.*;

import dev.twinsock.Linger;
import dev.twinsock.SockAddr;
import dev.twinsock.Timeval;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One observation line of a {@link PhpRenderer} script, read back as the {@link Outcome} text the
 * {@link Run} gives for the same step, through a {@link Normalizer} of the PHP run's own: so that
 * the two compare by equality, as two backends do.
 *
 * <p>PHP's shapes map to twinsock's thus: a false with a warning {@code fn(): ... [N]: ...} is
 * {@code err fn N}; a false without a warning is the same with the process's code when that is
 * one the seed sets silently (EAGAIN, EINPROGRESS, EALREADY), else {@code false <warning>}, a
 * shape twinsock has not (its departures are in {@link PhpDepartures}); a ValueError or
 * TypeError is {@code iae <message>}; an Error is the IllegalStateException twinsock throws.
 */
final class PhpObservation {
  private static final Pattern WARNING = Pattern.compile("^(socket_\\w+)\\(\\): .*\\[(-?\\d+)\\]: .*", Pattern.DOTALL);

  private PhpObservation() {}

  /** The outcome text of {@code observation} (the line after {@code P<n> S<i> }) for {@code op}. */
  static String outcome(Op op, String observation, Normalizer normalizer, PhpRenderer renderer, HandleModel model) {
    String[] f = observation.split(" ", -1);
    switch (f[0]) {
      case "iae":
        return "iae " + normalizer.text(text(f[1]));
      case "error":
        return "threw java.lang.IllegalStateException: " + normalizer.text(text(f[1]));
      case "false":
        return failure(op, Integer.parseInt(f[1]), text(f[2]), normalizer);
      case "ok":
        return success(op, f, normalizer, renderer, model);
      default:
        throw new IllegalArgumentException("not an observation: " + observation);
    }
  }

  private static String failure(Op op, int code, String warning, Normalizer normalizer) {
    Matcher m = WARNING.matcher(warning);
    if (m.matches()) {
      return "err " + m.group(1) + " " + m.group(2);
    }
    boolean refusedLength = op instanceof Op.Recv r && r.length() < 1 || op instanceof Op.Recvfrom f && f.length() < 1
        || op instanceof Op.Read d && d.length() < 1;
    boolean silent = code == SOCKET_EAGAIN || code == SOCKET_EINPROGRESS || code == SOCKET_EALREADY;
    if (warning.isEmpty() && silent && !refusedLength) {
      return "err " + function(op) + " " + code;
    }
    return "false " + normalizer.text(warning);
  }

  private static String success(Op op, String[] f, Normalizer normalizer, PhpRenderer renderer, HandleModel model) {
    if (op instanceof Op.Create || op instanceof Op.CreateListen || op instanceof Op.Accept) {
      return "ok socket s" + model.sockets();
    }
    if (op instanceof Op.CreatePair) {
      return "ok sockets s" + model.sockets() + " s" + (model.sockets() + 1);
    }
    if (op instanceof Op.Settle || op instanceof Op.Bind || op instanceof Op.Listen || op instanceof Op.Connect
        || op instanceof Op.SetOption || op instanceof Op.Shutdown || op instanceof Op.Close || op instanceof Op.SetBlock
        || op instanceof Op.SetNonblock || op instanceof Op.ClearError || op instanceof Op.SocketClearError) {
      return "ok";
    }
    if (op instanceof Op.Select) {
      return "ok " + String.join(" ", java.util.Arrays.copyOfRange(f, 1, f.length));
    }
    if (op instanceof Op.LastError || op instanceof Op.SocketLastError || op instanceof Op.Write
        || op instanceof Op.Send || op instanceof Op.Sendto || op instanceof Op.CmsgSpace) {
      return "ok " + f[1];
    }
    if (op instanceof Op.Strerror) {
      return "ok " + normalizer.value(text(f[1]));
    }
    if (op instanceof Op.Read || op instanceof Op.Recv) {
      return "ok " + normalizer.bytes(bytes(f[1]));
    }
    int type = renderer.kind(model.resolve(Run.handleOf(op)))[1];
    if (op instanceof Op.Recvfrom) {
      return "ok " + normalizer.bytes(bytes(f[1])) + " from "
          + normalizer.address(new SockAddr(text(f[2]), Integer.parseInt(f[3])), type);
    }
    if (op instanceof Op.Getsockname || op instanceof Op.Getpeername) {
      return "ok " + normalizer.address(new SockAddr(text(f[1]), Integer.parseInt(f[2])), type);
    }
    if (op instanceof Op.GetOption) {
      switch (f[1]) {
        case "int": return "ok " + Integer.parseInt(f[2]);
        case "str": return "ok " + normalizer.value(text(f[2]));
        case "linger": return "ok " + normalizer.value(new Linger(Integer.parseInt(f[2]), Integer.parseInt(f[3])));
        case "timeval": return "ok " + normalizer.value(new Timeval(Long.parseLong(f[2]), Long.parseLong(f[3])));
        default: return "ok php " + text(f[2]);
      }
    }
    throw new IllegalArgumentException("no observation for " + op);
  }

  /** The seed's name of the function an op calls. */
  static String function(Op op) {
    if (op instanceof Op.Create) return "socket_create";
    if (op instanceof Op.CreatePair) return "socket_create_pair";
    if (op instanceof Op.CreateListen) return "socket_create_listen";
    if (op instanceof Op.Bind) return "socket_bind";
    if (op instanceof Op.Listen) return "socket_listen";
    if (op instanceof Op.Connect) return "socket_connect";
    if (op instanceof Op.Accept) return "socket_accept";
    if (op instanceof Op.Read) return "socket_read";
    if (op instanceof Op.Write) return "socket_write";
    if (op instanceof Op.Recv) return "socket_recv";
    if (op instanceof Op.Send) return "socket_send";
    if (op instanceof Op.Recvfrom) return "socket_recvfrom";
    if (op instanceof Op.Sendto) return "socket_sendto";
    if (op instanceof Op.Select) return "socket_select";
    if (op instanceof Op.GetOption) return "socket_get_option";
    if (op instanceof Op.SetOption) return "socket_set_option";
    if (op instanceof Op.Getsockname) return "socket_getsockname";
    if (op instanceof Op.Getpeername) return "socket_getpeername";
    if (op instanceof Op.Shutdown) return "socket_shutdown";
    if (op instanceof Op.Close) return "socket_close";
    if (op instanceof Op.SetBlock) return "socket_set_block";
    if (op instanceof Op.SetNonblock) return "socket_set_nonblock";
    return op.getClass().getSimpleName();
  }

  private static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex);
  }

  private static String text(String hex) {
    return new String(bytes(hex), StandardCharsets.UTF_8);
  }
}
