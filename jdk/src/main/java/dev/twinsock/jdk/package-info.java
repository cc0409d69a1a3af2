/**
 * The JDK's own networking types over any {@link dev.twinsock.Sockets}: {@code javax.net} socket
 * factories whose {@code java.net.Socket}s and {@code ServerSocket}s run on a twinsock backend, a
 * {@code java.nio.channels.spi.SelectorProvider} for channels and selectors, and name resolution
 * that needs no DNS. The same unmodified client or server then runs over the real kernel and over
 * a seeded, faulty, virtual-time network.
 */
package dev.twinsock.jdk;
