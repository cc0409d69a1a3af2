package dev.twinsock.jdk.nio;

import dev.twinsock.SockAddr;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;

/** Conversions between the JDK's socket addresses and twinsock's numeric strings, without DNS. */
final class InetAddresses {
  private InetAddresses() {}

  /** The checks {@code sun.nio.ch.Net.checkAddress} makes: an {@link InetSocketAddress}, resolved. */
  static InetSocketAddress check(SocketAddress address) {
    if (address == null) {
      throw new NullPointerException("address");
    }
    if (!(address instanceof InetSocketAddress)) {
      throw new UnsupportedAddressTypeException();
    }
    InetSocketAddress inet = (InetSocketAddress) address;
    if (inet.isUnresolved()) {
      throw new UnresolvedAddressException();
    }
    return inet;
  }

  /** Also checks that the address fits the channel's family: IPv6 needs an IPv6 channel. */
  static InetSocketAddress check(SocketAddress address, int family) {
    InetSocketAddress inet = check(address);
    if (family == dev.twinsock.SocketConstants.AF_INET && inet.getAddress() instanceof Inet6Address) {
      Inet6Address v6 = (Inet6Address) inet.getAddress();
      if (!v6.isAnyLocalAddress()) {
        throw new UnsupportedAddressTypeException();
      }
    }
    return inet;
  }

  /** The numeric text of an address as the backend takes it (no scope, IPv4 any for an IPv6 any on IPv4). */
  static String numeric(InetAddress address, int family) {
    if (address.isAnyLocalAddress()) {
      return family == dev.twinsock.SocketConstants.AF_INET6 ? "::" : "0.0.0.0";
    }
    if (family == dev.twinsock.SocketConstants.AF_INET6 && address instanceof Inet4Address) {
      return "::ffff:" + address.getHostAddress();
    }
    String text = address.getHostAddress();
    int scope = text.indexOf('%');
    return scope < 0 ? text : text.substring(0, scope);
  }

  static InetSocketAddress of(SockAddr address) {
    try {
      // a numeric literal: getByName parses it and asks no resolver
      InetAddress inet = InetAddress.getByName(address.address());
      return new InetSocketAddress(inet, address.port());
    } catch (UnknownHostException e) {
      throw new IllegalStateException("the backend reported a non-numeric address: " + address, e);
    }
  }

  /** The wildcard address of a family, port 0: what an unbound channel's local address is not. */
  static InetSocketAddress anyOf(int family, int port) {
    try {
      return new InetSocketAddress(InetAddress.getByName(family == dev.twinsock.SocketConstants.AF_INET6 ? "::" : "0.0.0.0"), port);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
