package dev.twinsock.sim;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.twinsock.AddrInfo;
import dev.twinsock.SockAddr;
import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Names against the network's host table, as connect, bind and addrinfoLookup resolve them. */
class NameResolutionTest {
  private final SimNetwork net = SimNetwork.builder().build();
  private final SimHost web = net.addHost("web", "10.0.0.1", "fd00::1");
  private final SimHost db = net.addHost("db", "10.0.0.2");

  @Test
  void connectResolvesHostNamesAndShortIpv4Forms() {
    Socket listener = db.createListen(5432);
    Socket byName = web.create(AF_INET, SOCK_STREAM, SOL_TCP);
    byName.connect("db", 5432);
    assertEquals(new SockAddr("10.0.0.2", 5432), byName.getpeername());
    Socket local = db.create(AF_INET, SOCK_STREAM, SOL_TCP);
    local.connect("127.1", 5432);
    assertEquals(new SockAddr("127.0.0.1", 5432), local.getpeername());
    Socket mapped = db.create(AF_INET6, SOCK_STREAM, SOL_TCP);
    mapped.connect("10.0.0.2", 5432);                 // the seed resolves with AI_V4MAPPED
    assertEquals(new SockAddr("::ffff:10.0.0.2", 5432), mapped.getpeername());
    listener.close();
  }

  @Test
  void anUnknownNameFailsLikeTheSeedsHostLookup() {
    Socket socket = web.create(AF_INET, SOCK_STREAM, SOL_TCP);
    SocketError unknown = assertThrows(SocketError.class, () -> socket.connect("nowhere", 80));
    assertEquals(-10001, unknown.code());
    assertEquals(-10001, web.lastError());
    SocketError spaced = assertThrows(SocketError.class, () -> socket.connect("no where", 80));
    assertEquals(-10001, spaced.code(), "getaddrinfo knows no such name, as the os backend reports");
  }

  @Test
  void addrinfoLookupKnowsTheHostTableAndLocalhost() {
    List<AddrInfo> webInfo = db.addrinfoLookup("web", "80", Map.of("ai_socktype", SOCK_STREAM));
    assertEquals(List.of(new SockAddr("10.0.0.1", 80), new SockAddr("fd00::1", 80)),
        webInfo.stream().map(AddrInfo::addr).toList(), "db has no IPv6, so web's IPv4 address comes first");
    List<AddrInfo> local = web.addrinfoLookup("localhost", null, Map.of("ai_socktype", SOCK_DGRAM));
    assertEquals(List.of(new SockAddr("::1", 0), new SockAddr("127.0.0.1", 0)),
        local.stream().map(AddrInfo::addr).toList());
    assertEquals(3, web.addrinfoLookup("10.0.0.2").size(), "stream, datagram and raw");
    SocketError unknown = assertThrows(SocketError.class, () -> web.addrinfoLookup("nowhere"));
    assertEquals(EAI_NONAME, unknown.code());
    assertEquals(EAI_NONAME, web.lastError());
  }
}
