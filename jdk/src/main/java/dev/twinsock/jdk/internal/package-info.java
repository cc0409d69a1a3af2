/**
 * Not API: the internals that the {@code java.net} and NIO adapters of twinsock-jdk share (the wait
 * of a blocking call, address conversion, errno to JDK exception). Its types are public only so that
 * both adapter packages can reach them; they may change in any release, and code outside
 * twinsock must not use them.
 */
package dev.twinsock.jdk.internal;
