/**
 * The conformance suite: one set of JUnit 5 tests that every {@link dev.twinsock.Sockets} backend
 * must pass, run by each backend module through surefire's {@code dependenciesToScan} against the
 * {@link dev.twinsock.conformance.Backend} it registers.
 *
 * <p>The {@code *ConformanceTest} classes pin two things: each row of {@code LINUX-SEMANTICS.md}
 * (classes named for the page's sections: connection set-up, binding, data, options, UDP, AF_UNIX,
 * errno text) and the seed's own behaviours (select, last error, read modes, argument checks,
 * addrinfo, streams, ...), one concept per class. Where PHP 8's own behaviour is a bug or differs
 * between 8.3 and 8.4, the tests pin twinsock's numbered decisions instead (NORMAL_READ at end of
 * stream, select's timeout errors, createListen's backlog of 128, SOCK_NONBLOCK, ...); each such
 * class says which decision it follows.
 *
 * <p>Every test must hold on the real kernel and on the simulated network, which runs on virtual
 * time in the test's own thread. So a test is single-threaded, talks only over loopback or AF_UNIX
 * paths from {@link dev.twinsock.conformance.Backend#unixPath}, learns ports by binding port 0,
 * never sleeps or reads a clock, and waits for the kernel only with {@code select} and a bound.
 * A blocking call is made only where it is sure to complete. Where the kernel's answer depends on
 * the machine's sysctls, the test pins a range and says why.
 */
package dev.twinsock.conformance;
