package dev.twinsock.jdk.nio;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;

/** The checks a JDK channel makes of a socket address before it uses it. */
final class AddressChecks {
  private AddressChecks() {}

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
}
