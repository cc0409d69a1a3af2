/**
 * Netty's NIO transport over any {@link dev.twinsock.Sockets}: {@link
 * dev.twinsock.jdk.netty.TwinsockEventLoopGroup} is an event loop group whose channels come from
 * a {@link dev.twinsock.jdk.nio.TwinsockSelectorProvider}, whose threads come from the backend's
 * thread factory and whose clock is the backend's clock. On a simulated host the loops are sim
 * tasks on virtual time, so an unmodified Netty client or server runs deterministically. Netty is an
 * optional dependency of this module: only code that uses this package needs it.
 */
package dev.twinsock.jdk.netty;
