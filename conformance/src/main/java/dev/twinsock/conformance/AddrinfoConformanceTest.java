package dev.twinsock.conformance;

import static dev.twinsock.SocketConstants.*;
import static dev.twinsock.conformance.Loopback.V4;
import static dev.twinsock.conformance.Loopback.freePort;
import static dev.twinsock.conformance.Loopback.listener;
import static dev.twinsock.conformance.Loopback.port;
import static dev.twinsock.conformance.SocketAssertions.assertRejected;
import static dev.twinsock.conformance.SocketAssertions.assertSocketError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.AddrInfo;
import dev.twinsock.SockAddr;
import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code addrinfoLookup}, {@code addrinfoExplain}, {@code addrinfoBind} and {@code addrinfoConnect},
 * on numeric hosts and {@code localhost} only: the suite never asks a resolver anything else.
 */
public class AddrinfoConformanceTest extends ConformanceTest {

  private static final Map<String, Integer> STREAM = Map.of("ai_socktype", SOCK_STREAM);

  @Test
  void numericIpv4HostWithServiceAndStreamHintExplainsAsTheSeedDoes() {
    List<AddrInfo> found = sockets.addrinfoLookup(V4, "80", STREAM);
    assertEquals(1, found.size());
    Map<String, Object> explained = sockets.addrinfoExplain(found.get(0));
    assertEquals(Set.of("ai_flags", "ai_family", "ai_socktype", "ai_protocol", "ai_addr"), explained.keySet());
    assertEquals(0, explained.get("ai_flags"));
    assertEquals(AF_INET, explained.get("ai_family"));
    assertEquals(SOCK_STREAM, explained.get("ai_socktype"));
    assertEquals(IPPROTO_TCP, explained.get("ai_protocol"));
    assertEquals(Map.of("sin_port", 80, "sin_addr", V4), explained.get("ai_addr"));
  }

  @Test
  void numericIpv6HostExplainsWithSin6Keys() {
    List<AddrInfo> found = sockets.addrinfoLookup("::1", "443", STREAM);
    assertEquals(1, found.size());
    Map<String, Object> explained = sockets.addrinfoExplain(found.get(0));
    assertEquals(AF_INET6, explained.get("ai_family"));
    assertEquals(Map.of("sin6_port", 443, "sin6_addr", "::1"), explained.get("ai_addr"));
  }

  @Test
  void numericHostWithoutHintsGivesOneEntryPerSocketType() {
    // glibc answers with a stream, a datagram and a raw entry, in that order.
    List<AddrInfo> found = sockets.addrinfoLookup(V4);
    assertEquals(3, found.size());
    int[] types = {SOCK_STREAM, SOCK_DGRAM, SOCK_RAW};
    int[] protocols = {IPPROTO_TCP, IPPROTO_UDP, 0};
    for (int i = 0; i < 3; i++) {
      Map<String, Object> explained = sockets.addrinfoExplain(found.get(i));
      assertEquals(AF_INET, explained.get("ai_family"));
      assertEquals(types[i], explained.get("ai_socktype"));
      assertEquals(protocols[i], explained.get("ai_protocol"));
      assertEquals(Map.of("sin_port", 0, "sin_addr", V4), explained.get("ai_addr"));
    }
  }

  @Test
  void localhostResolvesToLoopback() {
    List<AddrInfo> found = sockets.addrinfoLookup("localhost", null, STREAM);
    assertFalse(found.isEmpty());
    Set<String> addresses = new HashSet<>();
    for (AddrInfo info : found) {
      Map<?, ?> addr = (Map<?, ?>) sockets.addrinfoExplain(info).get("ai_addr");
      addresses.add(String.valueOf(addr.containsKey("sin_addr") ? addr.get("sin_addr") : addr.get("sin6_addr")));
    }
    // Whether ::1 is listed too depends on the machine's hosts file; 127.0.0.1 always is.
    assertTrue(addresses.contains(V4), addresses.toString());
    assertTrue(Set.of(V4, "::1").containsAll(addresses), addresses.toString());
  }

  @Test
  void canonicalNameIsExplainedWhenAskedFor() {
    List<AddrInfo> found = sockets.addrinfoLookup("localhost", null,
        Map.of("ai_socktype", SOCK_STREAM, "ai_family", AF_INET, "ai_flags", AI_CANONNAME));
    Map<String, Object> explained = sockets.addrinfoExplain(found.get(0));
    assertEquals("localhost", explained.get("ai_canonname"));
    assertEquals(AI_CANONNAME, explained.get("ai_flags"));
  }

  @Test
  void numericHostOnlyRefusesAName() {
    SocketError error = assertSocketError(EAI_NONAME,
        () -> sockets.addrinfoLookup("localhost", null, Map.of("ai_flags", AI_NUMERICHOST)));
    assertEquals("Name or service not known", error.reason());
    assertEquals("socket_addrinfo_lookup", error.function());
    assertTrue(error.getMessage().endsWith("[-2]: Name or service not known"), error.getMessage());
  }

  @Test
  void numericHostOnlyAcceptsANumber() {
    List<AddrInfo> found = sockets.addrinfoLookup(V4, "7", Map.of("ai_flags", AI_NUMERICHOST, "ai_socktype", SOCK_DGRAM));
    assertEquals(1, found.size());
    assertEquals(IPPROTO_UDP, sockets.addrinfoExplain(found.get(0)).get("ai_protocol"));
  }

  /** glibc tries inet_aton before anything else: short, octal and hexadecimal IPv4 are numbers. */
  @Test
  void numericHostOnlyTakesInetAtonsForms() {
    for (String form : List.of("127.1", "127.0.1", "0x7f.0.0.1", "0X7F.1", "0177.0.0.1", "0177.0.0.01", "2130706433",
        "0x7f000001", "017700000001", "127.0.0.0x1")) {
      List<AddrInfo> found = sockets.addrinfoLookup(form, null,
          Map.of("ai_flags", AI_NUMERICHOST, "ai_socktype", SOCK_STREAM));
      assertEquals(1, found.size(), form);
      assertEquals(Map.of("sin_port", 0, "sin_addr", V4), sockets.addrinfoExplain(found.get(0)).get("ai_addr"), form);
    }
    List<AddrInfo> any = sockets.addrinfoLookup("10.258", null, Map.of("ai_flags", AI_NUMERICHOST, "ai_family", AF_INET));
    assertEquals("10.0.1.2", ((Map<?, ?>) sockets.addrinfoExplain(any.get(0)).get("ai_addr")).get("sin_addr"));
  }

  @Test
  void numericHostOnlyRefusesWhatInetAtonRefuses() {
    for (String form : List.of("08.0.0.1", "0x", "0x7g.0.0.1", "127.0.0.1.", "1.2.3.4.5", "4294967296", "256.0.0.1",
        "1.2.65536", "1.16777216", "127..1", ".1", "127.0.0.1 ", "+127.0.0.1", "0x100.0.0.1")) {
      assertSocketError(EAI_NONAME,
          () -> sockets.addrinfoLookup(form, null, Map.of("ai_flags", AI_NUMERICHOST, "ai_family", AF_INET)));
    }
  }

  @Test
  void inetAtonsFormIsNotAnIpv6AddressWithoutV4Mapping() {
    assertSocketError(EAI_ADDRFAMILY,
        () -> sockets.addrinfoLookup("127.1", null, Map.of("ai_flags", AI_NUMERICHOST, "ai_family", AF_INET6)));
  }

  @Test
  void connectTakesAShortIpv4Form() {
    Socket server = listener(sockets);
    for (String form : List.of("127.1", "0x7f.0.0.1", "2130706433")) {
      Socket client = sockets.create(AF_INET, SOCK_STREAM, SOL_TCP);
      client.connect(form, port(server));
      assertEquals(new SockAddr(V4, port(server)), client.getpeername());
      client.close();
      server.accept().close();
    }
  }

  @Test
  void numericServiceOnlyRefusesAServiceName() {
    assertSocketError(EAI_NONAME,
        () -> sockets.addrinfoLookup(V4, "http", Map.of("ai_flags", AI_NUMERICSERV, "ai_socktype", SOCK_STREAM)));
  }

  @Test
  void addrinfoBindBindsASocketOfTheEntrysKind() {
    AddrInfo info = sockets.addrinfoLookup(V4, "0", STREAM).get(0);
    Socket socket = sockets.addrinfoBind(info);
    assertEquals(SOCK_STREAM, socket.getOption(SOL_SOCKET, SO_TYPE));
    SockAddr name = socket.getsockname();
    assertEquals(V4, name.address());
    assertTrue(name.port() >= 32768 && name.port() <= 60999, "ephemeral port " + name.port());
  }

  @Test
  void addrinfoBindOfADatagramEntryMakesAUdpSocket() {
    AddrInfo info = sockets.addrinfoLookup(V4, "0", Map.of("ai_socktype", SOCK_DGRAM)).get(0);
    assertEquals(SOCK_DGRAM, sockets.addrinfoBind(info).getOption(SOL_SOCKET, SO_TYPE));
  }

  @Test
  void addrinfoConnectConnectsToTheEntrysAddress() {
    Socket listener = listener(sockets);
    AddrInfo info = sockets.addrinfoLookup(V4, String.valueOf(port(listener)), STREAM).get(0);
    Socket client = sockets.addrinfoConnect(info);
    assertEquals(new SockAddr(V4, port(listener)), client.getpeername());
    assertEquals(client.getsockname(), listener.accept().getpeername());
  }

  @Test
  void addrinfoConnectToAClosedPortIsRefused() {
    int port = freePort(sockets);
    AddrInfo info = sockets.addrinfoLookup(V4, String.valueOf(port), STREAM).get(0);
    SocketError error = assertSocketError(SOCKET_ECONNREFUSED, () -> sockets.addrinfoConnect(info));
    assertEquals("socket_addrinfo_connect", error.function());
    assertEquals("socket_addrinfo_connect(): Unable to connect address [111]: Connection refused", error.getMessage());
  }

  @Test
  void explainListsItsKeysInTheSeedsOrder() {
    Map<String, Object> explained = sockets.addrinfoExplain(sockets.addrinfoLookup(V4, "80", STREAM).get(0));
    assertEquals(List.of("ai_flags", "ai_family", "ai_socktype", "ai_protocol", "ai_addr"),
        new ArrayList<>(explained.keySet()));
    assertEquals(List.of("sin_port", "sin_addr"), new ArrayList<>(((Map<?, ?>) explained.get("ai_addr")).keySet()));
  }

  @Test
  void explainPutsTheCanonicalNameBeforeTheAddress() {
    AddrInfo info = sockets.addrinfoLookup("localhost", null,
        Map.of("ai_socktype", SOCK_STREAM, "ai_family", AF_INET, "ai_flags", AI_CANONNAME)).get(0);
    Map<String, Object> explained = sockets.addrinfoExplain(info);
    assertEquals(List.of("ai_flags", "ai_family", "ai_socktype", "ai_protocol", "ai_canonname", "ai_addr"),
        new ArrayList<>(explained.keySet()));
    assertEquals(Map.of("sin_port", 0, "sin_addr", V4), explained.get("ai_addr"));
  }

  @Test
  void explainOfAnIpv6EntryListsSin6KeysInOrder() {
    Map<String, Object> explained = sockets.addrinfoExplain(sockets.addrinfoLookup("::1", "443", STREAM).get(0));
    assertEquals(List.of("ai_flags", "ai_family", "ai_socktype", "ai_protocol", "ai_addr"),
        new ArrayList<>(explained.keySet()));
    assertEquals(List.of("sin6_port", "sin6_addr"), new ArrayList<>(((Map<?, ?>) explained.get("ai_addr")).keySet()));
    assertEquals(IPPROTO_TCP, explained.get("ai_protocol"));
    assertEquals(SOCK_STREAM, explained.get("ai_socktype"));
  }

  @Test
  void unknownHintKeysAreRejected() {
    assertRejected("socket_addrinfo_lookup(): Argument #3 ($hints) must only contain array keys \"ai_flags\", "
        + "\"ai_socktype\", \"ai_protocol\", or \"ai_family\"",
        () -> sockets.addrinfoLookup(V4, "80", Map.of("ai_canonname", 1)));
    assertEquals(0, sockets.lastError());
  }

  @Test
  void addrinfoBindToATakenPortIsInUseAndSetsTheProcesssLastError() {
    Socket listener = listener(sockets);
    AddrInfo info = sockets.addrinfoLookup(V4, String.valueOf(port(listener)), STREAM).get(0);
    SocketError error = assertSocketError(SOCKET_EADDRINUSE, () -> sockets.addrinfoBind(info));
    assertEquals("socket_addrinfo_bind(): Unable to bind address [98]: Address already in use", error.getMessage());
    assertEquals(SOCKET_EADDRINUSE, sockets.lastError());
    assertEquals(0, listener.lastError());
  }
}
