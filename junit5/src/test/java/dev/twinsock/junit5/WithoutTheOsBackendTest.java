package dev.twinsock.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.sim.SimNetwork;
import java.io.File;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * twinsock-os is an optional dependency: a sim-only test runs on a classpath without it and
 * without jnr, as a user's who depends on twinsock-junit5 and twinsock-sim alone. The fixtures
 * run through the Jupiter engine loaded afresh from that classpath.
 */
class WithoutTheOsBackendTest {
  @ExtendWith(TwinsockExtension.class)
  static class SimOnly {
    @Test
    void echoes(SimNetwork net) {
      assertEquals("ping", Echo.run(net));
    }

    @SimSeeds(3)
    void echoesOnThreeSeeds(SimNetwork net) {
      assertEquals("ping", Echo.run(net));
    }
  }

  @ExtendWith(TwinsockExtension.class)
  static class Twin {
    @TwinTest
    void runsOnBoth(dev.twinsock.Sockets sockets, TwinEnvironment env) {
      sockets.create(dev.twinsock.SocketConstants.AF_INET, dev.twinsock.SocketConstants.SOCK_DGRAM, 0).close();
    }
  }

  /** The test classpath less twinsock-os and the jnr family (jnr-*, jffi and the asm it brings). */
  private static URLClassLoader withoutTheOsBackend() throws Exception {
    List<URL> urls = new ArrayList<>();
    List<String> left = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String path = entry.replace('\\', '/');
      if (path.contains("/os-backend/") || path.contains("/twinsock-os") || path.contains("/com/github/jnr/")
          || path.contains("/org/ow2/asm/")) {
        left.add(path);
        continue;
      }
      urls.add(Path.of(entry).toUri().toURL());
    }
    assertFalse(left.isEmpty(), "the test classpath should hold twinsock-os and jnr to leave out");
    return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
  }

  /** Runs {@code fixture} through a Jupiter engine loaded by {@code loader}; returns {started, succeeded, failed} and the first failure's text. */
  private static Object[] run(ClassLoader loader, Class<?> fixture) throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader original = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      Class<?> kit = loader.loadClass("org.junit.platform.testkit.engine.EngineTestKit");
      Class<?> selectorType = loader.loadClass("org.junit.platform.engine.DiscoverySelector");
      Object selector = loader.loadClass("org.junit.platform.engine.discovery.DiscoverySelectors")
          .getMethod("selectClass", String.class).invoke(null, fixture.getName());
      Object selectors = Array.newInstance(selectorType, 1);
      Array.set(selectors, 0, selector);
      Class<?> builderType = loader.loadClass("org.junit.platform.testkit.engine.EngineTestKit$Builder");
      Object builder = kit.getMethod("engine", String.class).invoke(null, "junit-jupiter");
      builderType.getMethod("selectors", selectors.getClass()).invoke(builder, selectors);
      Object results = builderType.getMethod("execute").invoke(builder);
      Object events = loader.loadClass("org.junit.platform.testkit.engine.EngineExecutionResults")
          .getMethod("testEvents").invoke(results);
      Class<?> eventsType = loader.loadClass("org.junit.platform.testkit.engine.Events");
      long started = count(eventsType, eventsType.getMethod("started").invoke(events));
      long succeeded = count(eventsType, eventsType.getMethod("succeeded").invoke(events));
      Object failed = eventsType.getMethod("failed").invoke(events);
      Method list = eventsType.getMethod("list");
      String firstFailure = ((List<?>) list.invoke(failed)).stream().findFirst().map(Object::toString).orElse("");
      return new Object[] {started, succeeded, count(eventsType, failed), firstFailure};
    } finally {
      thread.setContextClassLoader(original);
    }
  }

  private static long count(Class<?> eventsType, Object events) throws Exception {
    return (Long) eventsType.getMethod("count").invoke(events);
  }

  @Test
  void aSimOnlyTestRunsWithoutTwinsockOsOrJnr() throws Exception {
    try (URLClassLoader loader = withoutTheOsBackend()) {
      assertThrows(ClassNotFoundException.class, () -> loader.loadClass(OsBackend.SOCKETS_CLASS));
      assertThrows(ClassNotFoundException.class, () -> loader.loadClass("jnr.posix.POSIX"));
      Object[] outcome = run(loader, SimOnly.class);
      assertEquals(4L, outcome[0], "started");
      assertEquals(4L, outcome[1], "succeeded; first failure: " + outcome[3]);
    }
  }

  @Test
  void aTwinTestWithoutTwinsockOsFailsItsOsRunSayingWhatToAdd() throws Exception {
    try (URLClassLoader loader = withoutTheOsBackend()) {
      Object[] outcome = run(loader, Twin.class);
      assertEquals(1L, outcome[1], "the [sim] run passes");
      assertEquals(1L, outcome[2], "the [os] run fails");
      assertTrue(((String) outcome[3]).contains("the [os] run of a @TwinTest needs twinsock-os on the test classpath:"
          + " add the dependency dev.twinsock:twinsock-os (test scope)"), (String) outcome[3]);
    }
  }
}
