package dev.twinsock.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names a method of the test class that configures the {@link dev.twinsock.sim.SimNetwork.Builder}
 * before the extension builds the test's network: {@code void name(SimNetwork.Builder builder)},
 * static or not (a network taken by the constructor can only use a static one). The extension
 * sets the seed afterwards, so the seed it reports is the one the network ran with. Hosts, links
 * and faults belong in the test body.
 *
 * <pre>{@code
 * @ConfigureNetwork("unprivileged")
 * class PortTest {
 *   static void unprivileged(SimNetwork.Builder builder) { builder.privileged(false); }
 * }
 * }</pre>
 *
 * <p>On a method, or on a class (and its nested classes) for all of its tests.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface ConfigureNetwork {
  /** The name of the configuring method. */
  String value();
}
