package dev.twinsock.junit5;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** Runs fixture classes through the Jupiter engine, as a build would, with configuration parameters. */
final class Kit {
  private Kit() {}

  /** Runs {@code fixture}; {@code parameters} alternate key and value. System properties are not consulted. */
  static EngineExecutionResults run(Class<?> fixture, String... parameters) {
    return run(false, fixture, parameters);
  }

  /** Runs {@code fixture} as a build does, with system properties as configuration parameters. */
  static EngineExecutionResults runWithSystemProperties(Class<?> fixture) {
    return run(true, fixture);
  }

  private static EngineExecutionResults run(boolean implicit, Class<?> fixture, String... parameters) {
    EngineTestKit.Builder builder = EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture))
        .enableImplicitConfigurationParameters(implicit);
    for (int i = 0; i < parameters.length; i += 2) {
      builder.configurationParameter(parameters[i], parameters[i + 1]);
    }
    return builder.execute();
  }

  /** The exception of the only failed test. */
  static Throwable onlyFailure(EngineExecutionResults results) {
    List<Throwable> failures = results.testEvents().failed().stream()
        .map(event -> event.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
            .getThrowable().orElseThrow())
        .collect(Collectors.toList());
    if (failures.size() != 1) {
      throw new AssertionError("expected one failed test, found " + failures.size() + ": " + failures);
    }
    return failures.get(0);
  }

  /** The message of the replay report added to {@code failure}, or an AssertionError naming what is there. */
  static String report(Throwable failure) {
    for (Throwable suppressed : failure.getSuppressed()) {
      if (suppressed instanceof SeedReport) {
        return suppressed.getMessage();
      }
    }
    throw new AssertionError("no twinsock report on " + failure, failure);
  }

  /** The display names of the finished tests, in order. */
  static List<String> finishedNames(EngineExecutionResults results) {
    return results.testEvents().finished().stream().map(Event::getTestDescriptor)
        .map(descriptor -> descriptor.getDisplayName()).collect(Collectors.toList());
  }
}
