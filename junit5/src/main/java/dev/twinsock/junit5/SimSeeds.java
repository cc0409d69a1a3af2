package dev.twinsock.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test once per seed, each invocation named {@code seed N} and handed a {@link
 * dev.twinsock.sim.SimNetwork} built with it. The seeds are distinct and, by default, the same on
 * every run (derived from the test's unique id); {@code -Dtwinsock.seeds=random} draws fresh ones
 * to explore. {@link Seed} or {@code -Dtwinsock.seed} reduce the sweep to that one seed, to replay
 * a failing invocation.
 *
 * <pre>{@code
 * @SimSeeds(100)
 * void echoSurvivesLoss(SimNetwork net) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@TestTemplate
@ExtendWith(TwinsockExtension.class)
public @interface SimSeeds {
  /** How many seeds, at least one. */
  int value();
}
