package dev.twinsock.junit5;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;

/** One invocation of a {@link SimSeeds} sweep: named after its seed, which it leaves in the invocation's store. */
final class SeedInvocation implements TestTemplateInvocationContext {
  private final long seed;

  SeedInvocation(long seed) {
    this.seed = seed;
  }

  @Override
  public String getDisplayName(int invocationIndex) {
    return "seed " + seed;
  }

  @Override
  public void prepareInvocation(ExtensionContext context) {
    context.getStore(TwinsockExtension.NAMESPACE).put(TwinsockExtension.SWEEP_SEED, seed);
  }
}
