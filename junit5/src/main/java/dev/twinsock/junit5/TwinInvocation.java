package dev.twinsock.junit5;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;

/** One invocation of a {@link TwinTest}: {@code [sim]} or {@code [os]}, which it leaves in the invocation's store. */
final class TwinInvocation implements TestTemplateInvocationContext {
  static final String SIM = "sim";
  static final String OS = "os";

  private final String backend;

  TwinInvocation(String backend) {
    this.backend = backend;
  }

  @Override
  public String getDisplayName(int invocationIndex) {
    return "[" + backend + "]";
  }

  @Override
  public List<Extension> getAdditionalExtensions() {
    return backend.equals(OS) ? List.of(LINUX_ONLY) : List.of();
  }

  @Override
  public void prepareInvocation(ExtensionContext context) {
    context.getStore(TwinsockExtension.NAMESPACE).put(TwinsockExtension.TWIN_BACKEND, backend);
  }

  /** The os backend calls Linux's libc: elsewhere its run is skipped, saying why, rather than failed. */
  private static final ExecutionCondition LINUX_ONLY = context -> {
    String os = System.getProperty("os.name", "");
    return os.toLowerCase(Locale.ROOT).startsWith("linux")
        ? ConditionEvaluationResult.enabled("the os backend runs on Linux")
        : ConditionEvaluationResult.disabled("the os backend runs on Linux only, not on " + os);
  };
}
