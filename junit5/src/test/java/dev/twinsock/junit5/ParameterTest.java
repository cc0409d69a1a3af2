package dev.twinsock.junit5;

import static dev.twinsock.SocketConstants.AF_INET;
import static dev.twinsock.SocketConstants.SOCKET_EACCES;
import static dev.twinsock.SocketConstants.SOCK_DGRAM;
import static dev.twinsock.SocketConstants.SOL_UDP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import dev.twinsock.os.OsSockets;
import dev.twinsock.sim.SimHost;
import dev.twinsock.sim.SimNetwork;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** Which parameters the extension fills, with what, and where it refuses. */
class ParameterTest {
  static final List<Object> seen = new ArrayList<>();
  static Socket osSocket;
  static int bindError;

  @BeforeEach
  void forget() {
    seen.clear();
    bindError = 0;
  }

  @ExtendWith(TwinsockExtension.class)
  static class EverywhereInOneTest {
    EverywhereInOneTest(SimNetwork net) {
      seen.add(net);
    }

    @BeforeEach
    void setUp(SimNetwork net) {
      seen.add(net);
    }

    @Test
    void first(SimNetwork net) {
      seen.add(net);
    }

    @Test
    void second(SimNetwork net) {
      seen.add(net);
    }
  }

  @ExtendWith(TwinsockExtension.class)
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  static class PerClass {
    PerClass(SimNetwork net) {}

    @Test
    void test() {}
  }

  @ExtendWith(TwinsockExtension.class)
  static class BeforeAllTakesOne {
    @BeforeAll
    static void setUp(SimNetwork net) {}

    @Test
    void test() {}
  }

  @ExtendWith(TwinsockExtension.class)
  static class RealKernelLeak {
    @Test
    void leavesASocketOpen(OsSockets os) {
      os.create(AF_INET, SOCK_DGRAM, SOL_UDP).bind("127.0.0.1", 0);
    }
  }

  @ExtendWith(TwinsockExtension.class)
  static class RealKernel {
    @Test
    @AllowOpenSockets
    void leavesASocketOpen(OsSockets os) {
      osSocket = os.create(AF_INET, SOCK_DGRAM, SOL_UDP);
      osSocket.bind("127.0.0.1", 0);
      assertEquals("127.0.0.1", osSocket.getsockname().address());
    }
  }

  static int bindPort80(SimNetwork net) {
    SimHost host = net.addHost("host", "10.0.0.1");
    try (Socket socket = host.create(AF_INET, SOCK_DGRAM, SOL_UDP)) {
      socket.bind("0.0.0.0", 80);
      return 0;
    } catch (SocketError e) {
      return e.code();
    }
  }

  @ExtendWith(TwinsockExtension.class)
  @ConfigureNetwork("unprivileged")
  static class ConfiguredByAStaticMethod {
    static void unprivileged(SimNetwork.Builder builder) {
      builder.privileged(false);
    }

    ConfiguredByAStaticMethod(SimNetwork net) {}

    @Test
    void bind(SimNetwork net) {
      bindError = bindPort80(net);
    }
  }

  @ExtendWith(TwinsockExtension.class)
  static class ConfiguredByAnInstanceMethod {
    void unprivilegedSeedOne(SimNetwork.Builder builder) {
      builder.privileged(false).seed(1);
    }

    @Test
    @Seed(42)
    @ConfigureNetwork("unprivilegedSeedOne")
    void bind(SimNetwork net) {
      seen.add(net.seed());
      bindError = bindPort80(net);
    }
  }

  @ExtendWith(TwinsockExtension.class)
  static class ConfiguredByAPrivilegedDefault {
    @Test
    @ConfigureNetwork("privileged")
    void bind(SimNetwork net) {
      bindError = bindPort80(net);
    }

    static void privileged(SimNetwork.Builder builder) {
      builder.privileged(true);
    }
  }

  @ExtendWith(TwinsockExtension.class)
  @ConfigureNetwork("absent")
  static class ConfiguredByNothing {
    @Test
    void test(SimNetwork net) {}
  }

  @ExtendWith(TwinsockExtension.class)
  @ConfigureNetwork("notStatic")
  static class ConfiguredTooEarly {
    ConfiguredTooEarly(SimNetwork net) {}

    void notStatic(SimNetwork.Builder builder) {}

    @Test
    void test() {}
  }

  @ExtendWith(TwinsockExtension.class)
  @ConfigureNetwork("unprivileged")
  static class ConfiguredByTheEnclosingClass {
    void unprivileged(SimNetwork.Builder builder) {
      builder.privileged(false);
    }

    @org.junit.jupiter.api.Nested
    class Inner {
      @Test
      void bind(SimNetwork net) {
        bindError = bindPort80(net);
      }
    }
  }

  @Test
  void aConfigureMethodOfAnEnclosingClassShapesItsNestedTests() {
    Kit.run(ConfiguredByTheEnclosingClass.class).testEvents().assertStatistics(stats -> stats.succeeded(1));
    assertEquals(SOCKET_EACCES, bindError);
  }

  private static String onlyFailureMessage(Class<?> fixture) {
    return Kit.onlyFailure(Kit.run(fixture)).getMessage();
  }

  @Test
  void theConstructorLifecycleMethodsAndTheTestShareOneNetworkPerTest() {
    Kit.run(EverywhereInOneTest.class).testEvents().assertStatistics(stats -> stats.succeeded(2));
    assertEquals(6, seen.size());
    assertSame(seen.get(0), seen.get(1));
    assertSame(seen.get(0), seen.get(2));
    assertSame(seen.get(3), seen.get(5));
    assertNotSame(seen.get(0), seen.get(3));
  }

  @Test
  void aNetworkPerClassIsRefused() {
    String perClass = Kit.run(PerClass.class).containerEvents().failed().stream().findFirst().orElseThrow()
        .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow()
        .getMessage();
    assertTrue(perClass.startsWith("a SimNetwork belongs to one test"), perClass);
    String beforeAll = Kit.run(BeforeAllTakesOne.class).containerEvents().failed().stream().findFirst().orElseThrow()
        .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow()
        .getMessage();
    assertTrue(beforeAll.startsWith("a SimNetwork belongs to one test"), beforeAll);
  }

  @Test
  void aSocketLeftOpenOnTheRealKernelFailsThePassingTestNamingItsLine() {
    String leak = Kit.run(RealKernelLeak.class).testEvents().failed().stream().findFirst().orElseThrow()
        .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow()
        .getMessage();
    assertTrue(leak.startsWith("expected 0 open sockets, but found 1:"), leak);
    assertTrue(leak.contains("SOCK_DGRAM, created at " + RealKernelLeak.class.getName() + ".leavesASocketOpen"), leak);
  }

  @Test
  void osSocketsAreClosedAfterTheTestWithEverySocketTheyMade() {
    Kit.run(RealKernel.class).testEvents().assertStatistics(stats -> stats.succeeded(1));
    assertThrows(IllegalStateException.class, () -> osSocket.getsockname());
  }

  @Test
  void aStaticConfigureMethodShapesTheBuilderEvenForTheConstructor() {
    Kit.run(ConfiguredByAStaticMethod.class).testEvents().assertStatistics(stats -> stats.succeeded(1));
    assertEquals(SOCKET_EACCES, bindError);
  }

  @Test
  void anInstanceConfigureMethodShapesTheBuilderButTheSeedIsTheExtensions() {
    Kit.run(ConfiguredByAnInstanceMethod.class).testEvents().assertStatistics(stats -> stats.succeeded(1));
    assertEquals(SOCKET_EACCES, bindError);
    assertEquals(List.of(42L), seen);
    Kit.run(ConfiguredByAPrivilegedDefault.class).testEvents().assertStatistics(stats -> stats.succeeded(1));
    assertEquals(0, bindError, "the same bind, privileged");
  }

  @Test
  void aConfigureMethodThatIsMissingOrNotStaticWhenNeededIsNamed() {
    String absent = onlyFailureMessage(ConfiguredByNothing.class);
    assertTrue(absent.endsWith(": @ConfigureNetwork(\"absent\"): " + ConfiguredByNothing.class.getName()
        + " has no method absent(SimNetwork.Builder)"), absent);
    assertTrue(onlyFailureMessage(ConfiguredTooEarly.class).endsWith("make the method static"),
        onlyFailureMessage(ConfiguredTooEarly.class));
  }
}
