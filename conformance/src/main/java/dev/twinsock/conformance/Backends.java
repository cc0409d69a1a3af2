package dev.twinsock.conformance;

import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Finds the one {@link Backend} registered on the test classpath. */
final class Backends {
  private Backends() {}

  static Backend current() {
    List<Backend> found = ServiceLoader.load(Backend.class).stream()
        .map(ServiceLoader.Provider::get)
        .collect(Collectors.toList());
    if (found.size() != 1) {
      throw new IllegalStateException(
          "the conformance suite needs exactly one dev.twinsock.conformance.Backend on the classpath, found "
              + found.stream().map(Backend::name).collect(Collectors.toList()));
    }
    return found.get(0);
  }
}
