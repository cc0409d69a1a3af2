package dev.twinsock.jdk.internal;

import static dev.twinsock.SocketConstants.AF_INET6;

import dev.twinsock.SockAddr;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Between the JDK's addresses and the numeric strings a backend takes, without any lookup. */
public final class Addresses {
  private Addresses() {}

  /**
   * Whether {@code address} needs an AF_INET6 socket: any IPv6 address, the IPv6 wildcard too (a
   * socket bound to {@code ::} takes IPv4 connections as well, as the JDK's dual-stack one does).
   */
  public static boolean needsInet6(InetAddress address) {
    return address instanceof Inet6Address;
  }

  /**
   * The numeric text of {@code address} (null: the wildcard) for a socket of {@code family}: the
   * family's own wildcard for either wildcard, IPv4 on IPv6 v4-mapped, no scope.
   */
  public static String numeric(InetAddress address, int family) {
    if (address == null || address.isAnyLocalAddress()) {
      return family == AF_INET6 ? "::" : "0.0.0.0";
    }
    if (family == AF_INET6 && address instanceof Inet4Address) {
      return "::ffff:" + address.getHostAddress();
    }
    String text = address.getHostAddress();
    int scope = text.indexOf('%');
    return scope < 0 ? text : text.substring(0, scope);
  }

  /** The JDK's form of a backend address; a v4-mapped IPv6 address comes back as the IPv4 one, as the JDK gives it. */
  public static InetSocketAddress of(SockAddr address) {
    return new InetSocketAddress(inet(address.address()), address.port());
  }

  /** The wildcard address of a family with {@code port}. */
  public static InetSocketAddress anyOf(int family, int port) {
    return new InetSocketAddress(inet(family == AF_INET6 ? "::" : "0.0.0.0"), port);
  }

  /** The address a backend reported as a numeric string. */
  public static InetAddress inet(String numeric) {
    try {
      // a literal: getByName parses it and asks no resolver
      return InetAddress.getByName(numeric);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("the backend reported a non-numeric address: " + numeric, e);
    }
  }
}
