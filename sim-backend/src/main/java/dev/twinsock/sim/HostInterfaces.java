package dev.twinsock.sim;

import static dev.twinsock.SocketConstants.SOCKET_ENODEV;

/**
 * The network interfaces every simulated host has, by name and index: loopback ({@code lo}, 1)
 * and the one its address is on ({@code eth0}, 2), where traffic for other hosts and multicast
 * without an interface goes. SO_BINDTODEVICE, the multicast interface options and the group
 * options all name interfaces from this list.
 */
final class HostInterfaces {
  static final int LOOPBACK = 1;
  static final int NETWORK = 2;

  private HostInterfaces() {}

  static boolean exists(int index) {
    return index == LOOPBACK || index == NETWORK;
  }

  /** The index of an interface name, as if_nametoindex finds it; ENODEV for a name the host lacks. */
  static int indexOf(String name) {
    switch (name) {
      case "lo": return LOOPBACK;
      case "eth0": return NETWORK;
      default: throw new KernelError(SOCKET_ENODEV);
    }
  }

  /** The index of a socket's bound device (SO_BINDTODEVICE), 0 for none. */
  static int boundIndex(String device) {
    return device.isEmpty() ? 0 : indexOf(device);
  }

  /**
   * The seed's interface argument: none (0), an index (a number, or digits), or a name
   * (if_nametoindex: ENODEV for one the host does not have).
   */
  static int fromSeedArgument(Object iface) {
    if (iface == null) {
      return 0;
    }
    if (iface instanceof Integer index) {
      return index;
    }
    if (!(iface instanceof String)) {
      // the seed takes a name or a number, and says so before any call
      dev.twinsock.spi.SeedRules.optionValue("a multicast interface option", Integer.class, iface);
    }
    String name = (String) iface;
    if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
      return Integer.parseInt(name);
    }
    return indexOf(name);
  }
}
