package dev.twinsock.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Fixes the seed of the test's {@link dev.twinsock.sim.SimNetwork}, to replay a run: a failing test
 * reports the line to paste, {@code @Seed(42)}. On a {@link SimSeeds} template it runs the one
 * invocation with this seed. The system property {@code twinsock.seed} overrides it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Seed {
  /** The seed of the network. */
  long value();
}
