package dev.twinsock.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Lets a passing test leave sockets open on its {@link dev.twinsock.sim.SimNetwork}. Without it the
 * extension calls {@link dev.twinsock.sim.SimNetwork#checkNoOpenSockets()} after every passing
 * test, which fails it naming where each leaked socket was created. On a method, or on a class for
 * all of its tests.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface AllowOpenSockets {}
