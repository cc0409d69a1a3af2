package dev.twinsock.conformance;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.twinsock.Sockets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * The base of every conformance test: a fresh {@link Sockets} from the backend under test before
 * each test, closed after it.
 */
public abstract class ConformanceTest {
  /** The backend under test. */
  protected Backend backend;

  /** The process under test; closed after each test, which closes every socket it made. */
  protected Sockets sockets;

  @BeforeEach
  void openBackend(TestInfo test) {
    backend = Backends.current();
    String key = getClass().getSimpleName() + "#" + test.getTestMethod().map(m -> m.getName()).orElse("");
    String deviation = backend.deviation(key);
    assumeTrue(deviation == null, () -> backend.name() + " deviates: " + deviation);
    sockets = backend.open();
  }

  @AfterEach
  void closeBackend() {
    try {
      if (sockets != null) {
        sockets.close();
      }
    } finally {
      if (backend != null) {
        backend.close();
      }
    }
  }
}
