package dev.twinsock.jdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.twinsock.os.OsSockets;
import dev.twinsock.sim.SimHost;
import dev.twinsock.sim.SimNetwork;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostResolverTest {
  @Test
  void resolvesASimHostByItsNameWithoutDns() throws Exception {
    try (SimNetwork net = SimNetwork.builder().seed(1).build()) {
      SimHost client = net.addHost("client", "10.0.0.2");
      net.addHost("server", "10.0.0.1");
      List<InetAddress> found = HostResolver.over(client).lookup("server");
      assertEquals("server", found.get(0).getHostName());
      assertArrayEquals(new byte[] {10, 0, 0, 1}, found.get(0).getAddress());
    }
  }

  @Test
  void anUnknownSimHostIsUnknownHostException() {
    try (SimNetwork net = SimNetwork.builder().seed(1).build()) {
      SimHost client = net.addHost("client", "10.0.0.2");
      UnknownHostException e = assertThrows(UnknownHostException.class,
          () -> HostResolver.over(client).lookup("nowhere"));
      assertEquals(true, e.getMessage().startsWith("nowhere"));
    }
  }

  @Test
  void resolvesNumericAddressesOnTheRealKernel() throws Exception {
    try (OsSockets os = new OsSockets()) {
      List<InetAddress> found = HostResolver.over(os).lookup("127.0.0.1");
      assertArrayEquals(new byte[] {127, 0, 0, 1}, found.get(0).getAddress());
    }
  }

  @Test
  void aNonNumericAddressIsRefusedWithoutALookup() {
    assertThrows(UnknownHostException.class, () -> HostResolver.address("x", "server"));
  }
}
