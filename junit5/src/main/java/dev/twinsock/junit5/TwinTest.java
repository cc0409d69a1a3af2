package dev.twinsock.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test twice, once per backend: {@code [sim]} on a host of a seeded {@link
 * dev.twinsock.sim.SimNetwork}, then {@code [os]} on the real kernel. The test takes a {@link
 * dev.twinsock.Sockets} — the simulated host, or an {@code OsSockets} — and, to be the same code
 * on both, a {@link TwinEnvironment}: the addresses to bind and connect, a peer, a directory for
 * AF_UNIX paths.
 *
 * <pre>{@code
 * @TwinTest
 * void echoes(Sockets sockets, TwinEnvironment env) {
 *   Socket listener = env.peer().createListen(0);
 *   Socket client = sockets.create(AF_INET, SOCK_STREAM, SOL_TCP);
 *   client.connect(env.peerAddress(), listener.getsockname().port());
 *   ...
 * }
 * }</pre>
 *
 * <p>The {@code [sim]} run is seeded and reported like any test on a network: a failure carries
 * the seed and the line that replays it ({@link Seed} fixes it), and the trace is written. Both
 * runs are checked for open sockets after a passing test ({@link AllowOpenSockets} opts out). The
 * {@code [os]} run needs twinsock-os on the test classpath and Linux (it is skipped elsewhere).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@TestTemplate
@ExtendWith(TwinsockExtension.class)
public @interface TwinTest {}
