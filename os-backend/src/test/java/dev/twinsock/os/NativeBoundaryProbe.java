package dev.twinsock.os;

import static dev.twinsock.SocketConstants.*;

import dev.twinsock.AddrInfo;
import dev.twinsock.ControlMessage;
import dev.twinsock.GroupRequest;
import dev.twinsock.Message;
import dev.twinsock.SockAddr;
import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every input that reaches native code on its way from the API to libc — null, empty, over-long
 * and NUL-carrying strings, null and malformed values — run one after another in this JVM. It
 * prints {@code case <name>} before each and {@code outcome <name> <class>} after it, so that the
 * JVM running it ({@link NativeBoundarySurvivalTest}) can tell which case killed it, if one did.
 */
public final class NativeBoundaryProbe {
  private NativeBoundaryProbe() {}

  /** The name every outcome line of a case that ended normally starts with. */
  static final String OUTCOME = "outcome ";

  /** The cases, in order: a name and what it does with a fresh {@link OsSockets}. */
  static Map<String, Case> cases() {
    Map<String, Case> cases = new LinkedHashMap<>();
    String longHost = "h".repeat(100_000);
    String longName = "x".repeat(10_000);
    for (int family : new int[] {AF_INET, AF_INET6}) {
      String f = family == AF_INET ? "v4" : "v6";
      cases.put("bind null " + f, os -> os.create(family, SOCK_DGRAM, 0).bind(null, 0));
      cases.put("bind null without port " + f, os -> os.create(family, SOCK_DGRAM, 0).bind(null));
      cases.put("bind empty " + f, os -> os.create(family, SOCK_DGRAM, 0).bind("", 0));
      cases.put("bind over-long " + f, os -> os.create(family, SOCK_DGRAM, 0).bind(longHost, 0));
      cases.put("bind embedded NUL " + f, os -> os.create(family, SOCK_DGRAM, 0).bind("127.0.0.1\0junk", 0));
      cases.put("connect null " + f, os -> os.create(family, SOCK_STREAM, 0).connect(null, 1));
      cases.put("connect null without port " + f, os -> os.create(family, SOCK_STREAM, 0).connect(null));
      cases.put("connect empty " + f, os -> os.create(family, SOCK_STREAM, 0).connect("", 1));
      cases.put("connect over-long " + f, os -> os.create(family, SOCK_STREAM, 0).connect(longHost, 1));
      cases.put("sendto null " + f, os -> os.create(family, SOCK_DGRAM, 0).sendto(new byte[1], 1, 0, null, 1));
      cases.put("sendto null without port " + f, os -> os.create(family, SOCK_DGRAM, 0).sendto(new byte[1], 1, 0, null));
      cases.put("sendto null data " + f, os -> os.create(family, SOCK_DGRAM, 0).sendto(null, 1, 0, "127.0.0.1", 1));
      cases.put("sendto over-long " + f, os -> os.create(family, SOCK_DGRAM, 0).sendto(new byte[1], 1, 0, longHost, 1));
      cases.put("sendmsg named null " + f, os -> os.create(family, SOCK_DGRAM, 0)
          .sendmsg(new Message(new SockAddr(null, 1), List.of(new byte[1]), List.of(), 0), 0));
      cases.put("sendmsg named over-long " + f, os -> os.create(family, SOCK_DGRAM, 0)
          .sendmsg(new Message(new SockAddr(longHost, 1), List.of(new byte[1]), List.of(), 0), 0));
      int level = family == AF_INET ? IPPROTO_IP : IPPROTO_IPV6;
      String group = family == AF_INET ? "239.1.2.3" : "ff02::1:3";
      cases.put("join null group " + f, os -> os.create(family, SOCK_DGRAM, 0)
          .setOption(level, MCAST_JOIN_GROUP, new GroupRequest(null, "lo")));
      cases.put("join null interface " + f, os -> os.create(family, SOCK_DGRAM, 0)
          .setOption(level, MCAST_JOIN_GROUP, new GroupRequest(group, null)));
      cases.put("join null group and interface " + f, os -> os.create(family, SOCK_DGRAM, 0)
          .setOption(level, MCAST_JOIN_GROUP, new GroupRequest(null, null)));
      cases.put("join source null source " + f, os -> os.create(family, SOCK_DGRAM, 0)
          .setOption(level, MCAST_JOIN_SOURCE_GROUP, new GroupRequest(group, "lo", null)));
      cases.put("join empty group " + f, os -> os.create(family, SOCK_DGRAM, 0)
          .setOption(level, MCAST_JOIN_GROUP, new GroupRequest("", "")));
      cases.put("join over-long group " + f, os -> os.create(family, SOCK_DGRAM, 0)
          .setOption(level, MCAST_JOIN_GROUP, new GroupRequest(longHost, longName)));
      cases.put("join over-long interface " + f, os -> os.create(family, SOCK_DGRAM, 0)
          .setOption(level, MCAST_JOIN_GROUP, new GroupRequest(group, longName)));
      cases.put("join a null value " + f, os -> os.create(family, SOCK_DGRAM, 0).setOption(level, MCAST_JOIN_GROUP, null));
      int multicastIf = family == AF_INET ? IP_MULTICAST_IF : IPV6_MULTICAST_IF;
      cases.put("multicast interface null " + f, os -> os.create(family, SOCK_DGRAM, 0).setOption(level, multicastIf, null));
      cases.put("multicast interface empty " + f, os -> os.create(family, SOCK_DGRAM, 0).setOption(level, multicastIf, ""));
      cases.put("multicast interface over-long " + f,
          os -> os.create(family, SOCK_DGRAM, 0).setOption(level, multicastIf, longName));
    }
    String tooLongPath = "/tmp/" + "p".repeat(10_000);
    cases.put("unix bind null", os -> os.create(AF_UNIX, SOCK_DGRAM, 0).bind(null));
    cases.put("unix bind empty", os -> os.create(AF_UNIX, SOCK_DGRAM, 0).bind(""));
    cases.put("unix bind over-long", os -> os.create(AF_UNIX, SOCK_DGRAM, 0).bind(tooLongPath));
    cases.put("unix bind 107 bytes abstract", os -> os.create(AF_UNIX, SOCK_DGRAM, 0).bind("\0" + "a".repeat(106)));
    cases.put("unix bind embedded NUL", os -> os.create(AF_UNIX, SOCK_DGRAM, 0).bind("/tmp/tw\0junk"));
    cases.put("unix connect null", os -> os.create(AF_UNIX, SOCK_STREAM, 0).connect(null));
    cases.put("unix connect over-long", os -> os.create(AF_UNIX, SOCK_STREAM, 0).connect(tooLongPath));
    cases.put("unix sendto null", os -> os.create(AF_UNIX, SOCK_DGRAM, 0).sendto(new byte[1], 1, 0, null));
    cases.put("unix sendmsg named over-long", os -> os.create(AF_UNIX, SOCK_DGRAM, 0)
        .sendmsg(new Message(new SockAddr(tooLongPath, 0), List.of(new byte[1]), List.of(), 0), 0));
    cases.put("write null", os -> os.createPair(AF_UNIX, SOCK_STREAM, 0)[0].write(null));
    cases.put("write null with length", os -> os.createPair(AF_UNIX, SOCK_STREAM, 0)[0].write(null, 1));
    cases.put("send null", os -> os.createPair(AF_UNIX, SOCK_STREAM, 0)[0].send(null, 1, 0));
    cases.put("write length past the data", os -> os.createPair(AF_UNIX, SOCK_STREAM, 0)[0].write(new byte[1], Integer.MAX_VALUE));
    cases.put("sendmsg null", os -> os.createPair(AF_UNIX, SOCK_STREAM, 0)[0].sendmsg(null, 0));
    cases.put("sendmsg null iov element", os -> os.createPair(AF_UNIX, SOCK_STREAM, 0)[0]
        .sendmsg(new Message(null, Collections.singletonList(null), List.of(), 0), 0));
    cases.put("sendmsg null control element", os -> os.createPair(AF_UNIX, SOCK_STREAM, 0)[0]
        .sendmsg(new Message(null, List.of(new byte[1]), Collections.singletonList(null), 0), 0));
    cases.put("sendmsg rights null", os -> os.createPair(AF_UNIX, SOCK_STREAM, 0)[0]
        .sendmsg(new Message(null, List.of(new byte[1]), List.of(new ControlMessage(SOL_SOCKET, SCM_RIGHTS, null)), 0), 0));
    cases.put("sendmsg rights bytes", os -> os.createPair(AF_UNIX, SOCK_STREAM, 0)[0]
        .sendmsg(new Message(null, List.of(new byte[1]), List.of(new ControlMessage(SOL_SOCKET, SCM_RIGHTS, new byte[4])), 0), 0));
    cases.put("sendmsg rights null element", os -> os.createPair(AF_UNIX, SOCK_STREAM, 0)[0]
        .sendmsg(new Message(null, List.of(new byte[1]),
            List.of(new ControlMessage(SOL_SOCKET, SCM_RIGHTS, Collections.singletonList(null))), 0), 0));
    cases.put("sendmsg credentials null", os -> os.createPair(AF_UNIX, SOCK_STREAM, 0)[0]
        .sendmsg(new Message(null, List.of(new byte[1]), List.of(new ControlMessage(SOL_SOCKET, SCM_CREDENTIALS, null)), 0), 0));
    cases.put("sendmsg control null data", os -> os.createPair(AF_UNIX, SOCK_STREAM, 0)[0]
        .sendmsg(new Message(null, List.of(new byte[1]), List.of(new ControlMessage(IPPROTO_IPV6, IPV6_TCLASS, null)), 0), 0));
    cases.put("sendmsg 2000 buffers", os -> os.createPair(AF_UNIX, SOCK_DGRAM, 0)[0]
        .sendmsg(new Message(null, Collections.nCopies(2000, new byte[1]), List.of(), 0), 0));
    cases.put("sendmsg 1 MiB of control", os -> os.createPair(AF_UNIX, SOCK_DGRAM, 0)[0]
        .sendmsg(new Message(null, List.of(new byte[1]), List.of(new ControlMessage(SOL_SOCKET, 99, new byte[1 << 20])), 0), 0));
    cases.put("recv huge length", os -> os.createPair(AF_UNIX, SOCK_STREAM, 0)[0].recv(Integer.MAX_VALUE, MSG_DONTWAIT));
    cases.put("recvmsg huge lengths", os -> os.createPair(AF_UNIX, SOCK_DGRAM, 0)[0]
        .recvmsg(Integer.MAX_VALUE, Integer.MAX_VALUE, MSG_DONTWAIT));
    cases.put("bind to device null", os -> os.create(AF_INET, SOCK_STREAM, 0).setOption(SOL_SOCKET, SO_BINDTODEVICE, null));
    cases.put("bind to device over-long", os -> os.create(AF_INET, SOCK_STREAM, 0).setOption(SOL_SOCKET, SO_BINDTODEVICE, longName));
    cases.put("congestion control null", os -> os.create(AF_INET, SOCK_STREAM, 0).setOption(IPPROTO_TCP, TCP_CONGESTION, null));
    cases.put("congestion control over-long", os -> os.create(AF_INET, SOCK_STREAM, 0).setOption(IPPROTO_TCP, TCP_CONGESTION, longName));
    cases.put("linger null", os -> os.create(AF_INET, SOCK_STREAM, 0).setOption(SOL_SOCKET, SO_LINGER, null));
    cases.put("timeout null", os -> os.create(AF_INET, SOCK_STREAM, 0).setOption(SOL_SOCKET, SO_RCVTIMEO, null));
    cases.put("int option null", os -> os.create(AF_INET, SOCK_STREAM, 0).setOption(SOL_SOCKET, SO_KEEPALIVE, null));
    cases.put("lookup null", os -> os.addrinfoLookup(null));
    cases.put("lookup null service", os -> os.addrinfoLookup("127.0.0.1", null));
    cases.put("lookup null hints", os -> os.addrinfoLookup("127.0.0.1", null, null));
    cases.put("lookup a null hint", os -> {
      Map<String, Integer> hints = new HashMap<>();
      hints.put("ai_family", null);
      os.addrinfoLookup("127.0.0.1", null, hints);
    });
    cases.put("lookup empty", os -> os.addrinfoLookup("", ""));
    cases.put("lookup over-long", os -> os.addrinfoLookup(longHost, longHost));
    cases.put("lookup embedded NUL", os -> os.addrinfoLookup("127.0.0.1\0junk"));
    cases.put("addrinfo bind null", os -> os.addrinfoBind(null));
    cases.put("addrinfo connect null", os -> os.addrinfoConnect(null));
    cases.put("addrinfo explain null", os -> os.addrinfoExplain(null));
    cases.put("addrinfo without an address", os -> os.addrinfoBind(new AddrInfo(0, AF_INET, SOCK_STREAM, 0, null, null)));
    cases.put("addrinfo unknown family", os -> os.addrinfoBind(new AddrInfo(0, 12345, SOCK_STREAM, 0, null,
        new SockAddr("127.0.0.1", 0))));
    cases.put("select null element", os -> os.select(new ArrayList<>(Collections.singletonList(null)), null, null, 0L, 0));
    cases.put("import null", os -> os.importStream(null));
    cases.put("wsaprotocol export null", os -> os.wsaprotocolInfoExport(null, 0));
    cases.put("wsaprotocol import null", os -> os.wsaprotocolInfoImport(null));
    cases.put("cmsg space huge", os -> os.cmsgSpace(SOL_SOCKET, SCM_RIGHTS, Integer.MAX_VALUE));
    return cases;
  }

  /** One input. */
  interface Case {
    void run(OsSockets os) throws Exception;
  }

  public static void main(String[] args) {
    for (Map.Entry<String, Case> entry : cases().entrySet()) {
      System.out.println("case " + entry.getKey());
      System.out.flush();
      String outcome;
      try (OsSockets os = new OsSockets()) {
        entry.getValue().run(os);
        outcome = "returned";
      } catch (SocketError e) {
        outcome = "SocketError " + e.code();
      } catch (Throwable e) {
        outcome = e.getClass().getSimpleName() + " " + e.getMessage();
      }
      System.out.println(OUTCOME + entry.getKey() + ": " + outcome);
      System.out.flush();
    }
    System.out.println("done");
  }
}
