/**
 * Differential property tests: generated socket programs run on the real kernel and on the sim,
 * step by step, and every step must give the same normalised outcome.
 *
 * <p><b>The language.</b> A {@link dev.twinsock.parity.Program} is a list of {@link
 * dev.twinsock.parity.Op}s, one record per call of the API (41 kinds, 51 API methods and
 * overloads), with symbolic arguments: socket handles ({@link dev.twinsock.parity.HandleModel}),
 * {@link dev.twinsock.parity.Endpoint}s relative to the socket's family, {@link
 * dev.twinsock.parity.PortSpec}s that name a port by the socket holding it, {@link
 * dev.twinsock.parity.Payload}s. {@link dev.twinsock.parity.ProgramArbitraries} draws them, valid and
 * invalid alike, under the limits that keep the kernel safe (loopback and AF_UNIX only, no fixed
 * port, no name but localhost, no unbounded wait).
 *
 * <p><b>Running.</b> A {@link dev.twinsock.parity.Run} executes a program on one {@link
 * dev.twinsock.parity.Target} ({@link dev.twinsock.parity.OsTarget}, {@link
 * dev.twinsock.parity.SimTarget}) and turns each result into an {@link dev.twinsock.parity.Outcome}
 * through its {@link dev.twinsock.parity.Normalizer}. Every socket is driven non-blocking; a connect
 * in progress is waited for, boundedly, at once; a port is reused only where the socket it came from
 * holds it. The {@link dev.twinsock.parity.Interpreter} runs two targets in lockstep and yields a
 * {@link dev.twinsock.parity.Comparison}.
 *
 * <p><b>Failing.</b> A diverging comparison is cut down by the {@link
 * dev.twinsock.parity.Minimizer} (jqwik shrinks on top) and reported with the program rendered by
 * the {@link dev.twinsock.parity.JavaRenderer} as a test to paste.
 *
 * <p><b>Properties.</b> {@code OsSelfParityProperties.osAgreesWithItself} (two kernels: proves the
 * harness deterministic) and {@code SimParityProperties.simAgreesWithOs}.
 */
package dev.twinsock.parity;
