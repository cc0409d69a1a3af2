/**
 * Blocking {@code java.net} over any {@link dev.twinsock.Sockets}: {@link
 * dev.twinsock.jdk.net.TwinsockSocketFactory} and {@link
 * dev.twinsock.jdk.net.TwinsockServerSocketFactory} make the JDK's own {@code Socket} and {@code
 * ServerSocket} classes over a {@code SocketImpl} that runs on a twinsock backend, so a client or
 * server that takes a {@code javax.net} factory (OkHttp, JDBC drivers...) runs unchanged on the real
 * kernel or on a simulated, faulty, virtual-time network.
 */
package dev.twinsock.jdk.net;
