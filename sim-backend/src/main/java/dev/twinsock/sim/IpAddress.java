package dev.twinsock.sim;

import java.util.Arrays;

/**
 * A numeric IPv4 (4 bytes) or IPv6 (16 bytes) address, parsed like {@code inet_pton} and printed
 * like glibc's {@code inet_ntop}. On the wire the sim carries IPv4-mapped IPv6 addresses as IPv4.
 */
final class IpAddress {
  static final IpAddress ANY4 = new IpAddress(new byte[4]);
  static final IpAddress ANY6 = new IpAddress(new byte[16]);
  static final IpAddress LOOPBACK4 = new IpAddress(new byte[] {127, 0, 0, 1});
  static final IpAddress LOOPBACK6 = parse("::1");
  static final IpAddress BROADCAST4 = new IpAddress(new byte[] {-1, -1, -1, -1});

  private final byte[] bytes;
  /** Computed once: every segment that arrives looks its connection up by a key of two of these. */
  private final int hash;

  private IpAddress(byte[] bytes) {
    this.bytes = bytes;
    this.hash = Arrays.hashCode(bytes);
  }

  /** The address {@code text} stands for, or null if it is not a numeric IPv4 or IPv6 address. */
  static IpAddress parse(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    if (text.indexOf(':') >= 0) {
      return parse6(text);
    }
    byte[] v4 = parse4(text);
    return v4 == null ? null : new IpAddress(v4);
  }

  /**
   * The forms glibc's {@code inet_aton} takes, as getaddrinfo uses it (nothing may follow the
   * address), or null: one to four parts, each decimal, octal with a leading 0 or hexadecimal
   * with 0x, the last filling the bytes left ({@code "127.1"} and {@code "2130706433"} are
   * 127.0.0.1). Numeric lookups and connects resolve these without asking any server.
   */
  static IpAddress parseInetAton(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length > 4) {
      return null;
    }
    long value = 0;
    for (int i = 0; i < parts.length; i++) {
      long part = inetAtonPart(parts[i]);
      boolean last = i == parts.length - 1;
      if (part < 0 || !last && part > 0xff) {
        return null;
      }
      if (!last) {
        value |= part << (8 * (3 - i));
      } else if (part > 0xffffffffL >>> (8 * i)) {
        return null;
      } else {
        value |= part;
      }
    }
    return new IpAddress(new byte[] {(byte) (value >> 24), (byte) (value >> 16), (byte) (value >> 8), (byte) value});
  }

  /** One part of an inet_aton address, as strtoul reads it with base 0; -1 if it is not one. */
  private static long inetAtonPart(String part) {
    int radix = 10;
    String digits = part;
    if (part.length() > 1 && part.charAt(0) == '0' && (part.charAt(1) == 'x' || part.charAt(1) == 'X')) {
      radix = 16;
      digits = part.substring(2);
    } else if (part.length() > 1 && part.charAt(0) == '0') {
      radix = 8;
      digits = part.substring(1);
    }
    if (digits.isEmpty() || !part.isEmpty() && !Character.isDigit(part.charAt(0))) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < digits.length(); i++) {
      int d = Character.digit(digits.charAt(i), radix);
      if (d < 0 || digits.charAt(i) > 'z') {
        return -1;
      }
      value = value * radix + d;
      if (value > 0xffffffffL) {
        return -1;
      }
    }
    return value;
  }

  private static byte[] parse4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      String part = parts[i];
      if (part.isEmpty() || part.length() > 3) {
        return null;
      }
      int value = 0;
      for (int j = 0; j < part.length(); j++) {
        char c = part.charAt(j);
        if (c < '0' || c > '9') {
          return null;
        }
        value = value * 10 + (c - '0');
      }
      if (value > 255 || (part.length() > 1 && part.charAt(0) == '0')) {
        return null;
      }
      out[i] = (byte) value;
    }
    return out;
  }

  private static IpAddress parse6(String text) {
    int percent = text.indexOf('%');
    String scope = null;
    if (percent >= 0) {
      scope = text.substring(percent + 1);
      text = text.substring(0, percent);
    }
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
      return null;
    }
    int[] head = groups(gap >= 0 ? text.substring(0, gap) : text);
    int[] tail = gap >= 0 ? groups(text.substring(gap + 2)) : new int[0];
    if (head == null || tail == null) {
      return null;
    }
    int total = head.length + tail.length;
    if (gap < 0 ? total != 8 : total > 7) {
      return null;
    }
    int[] words = new int[8];
    System.arraycopy(head, 0, words, 0, head.length);
    System.arraycopy(tail, 0, words, 8 - tail.length, tail.length);
    byte[] out = new byte[16];
    for (int i = 0; i < 8; i++) {
      out[2 * i] = (byte) (words[i] >> 8);
      out[2 * i + 1] = (byte) words[i];
    }
    if (scope != null && !scopeAllowed(out, scope)) {
      return null;
    }
    return new IpAddress(out);
  }

  /**
   * Whether glibc takes {@code %scope} after this address (__inet6_scopeid_pton): a number that fits
   * 32 bits after any address, an interface the host has only after a link-local one (fe80::/10, or
   * multicast with link-local scope). Otherwise the text is no numeric address at all: the seed then
   * looks it up as a name, and getaddrinfo says EAI_NONAME.
   */
  private static boolean scopeAllowed(byte[] address, String scope) {
    if (scope.isEmpty()) {
      return false;
    }
    if (scope.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return scope.length() <= 10 && Long.parseLong(scope) <= 0xffffffffL;
    }
    boolean linkLocal = (address[0] & 0xff) == 0xfe && (address[1] & 0xc0) == 0x80;
    boolean linkLocalMulticast = (address[0] & 0xff) == 0xff && (address[1] & 0x0f) == 0x02;
    return (linkLocal || linkLocalMulticast) && (scope.equals("lo") || scope.equals("eth0")); // HostInterfaces' names
  }

  /** The 16-bit groups of one side of "::", an embedded IPv4 address counting as two. */
  private static int[] groups(String text) {
    if (text.isEmpty()) {
      return new int[0];
    }
    String[] parts = text.split(":", -1);
    int count = parts.length;
    boolean embedded = parts[count - 1].indexOf('.') >= 0;
    int[] out = new int[embedded ? count + 1 : count];
    for (int i = 0; i < count; i++) {
      String part = parts[i];
      if (i == count - 1 && embedded) {
        byte[] v4 = parse4(part);
        if (v4 == null) {
          return null;
        }
        out[i] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
        out[i + 1] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
        continue;
      }
      if (part.isEmpty() || part.length() > 4) {
        return null;
      }
      int value = 0;
      for (int j = 0; j < part.length(); j++) {
        int digit = Character.digit(part.charAt(j), 16);
        if (digit < 0) {
          return null;
        }
        value = value * 16 + digit;
      }
      out[i] = value;
    }
    return out;
  }

  /** The address's bytes: 4 for IPv4, 16 for IPv6. */
  byte[] bytes() {
    return bytes.clone();
  }

  /** Copies the address's bytes into {@code target} at {@code at}, without a copy of its own; returns how many. */
  int copyTo(byte[] target, int at) {
    System.arraycopy(bytes, 0, target, at, bytes.length);
    return bytes.length;
  }

  boolean isV4() {
    return bytes.length == 4;
  }

  boolean isAny() {
    for (byte b : bytes) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  boolean isLoopback() {
    return isV4() ? bytes[0] == 127 : equals(LOOPBACK6);
  }

  /** The limited broadcast address, or lo's broadcast address 127.255.255.255. */
  boolean isBroadcast() {
    return equals(BROADCAST4) || (isV4() && bytes[0] == 127 && bytes[1] == -1 && bytes[2] == -1 && bytes[3] == -1);
  }

  boolean isV4Mapped() {
    if (isV4()) {
      return false;
    }
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return bytes[10] == -1 && bytes[11] == -1;
  }

  /** This address as it travels: IPv4-mapped IPv6 becomes IPv4. */
  IpAddress onWire() {
    return isV4Mapped() ? new IpAddress(Arrays.copyOfRange(bytes, 12, 16)) : this;
  }

  /** This IPv4 address as an IPv4-mapped IPv6 address. */
  IpAddress mapped() {
    if (!isV4()) {
      return this;
    }
    byte[] out = new byte[16];
    out[10] = -1;
    out[11] = -1;
    System.arraycopy(bytes, 0, out, 12, 4);
    return new IpAddress(out);
  }

  /** How a socket of {@code family} reports this address. */
  IpAddress forFamily(int family) {
    return family == dev.twinsock.SocketConstants.AF_INET6 ? mapped() : this;
  }

  @Override
  public boolean equals(Object o) {
    return o == this || o instanceof IpAddress && hash == ((IpAddress) o).hash && Arrays.equals(bytes, ((IpAddress) o).bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    if (isV4()) {
      return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
    }
    int[] words = new int[8];
    for (int i = 0; i < 8; i++) {
      words[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
    }
    // glibc: compress the longest run of two or more zero words, the first on a tie.
    int bestBase = -1;
    int bestLength = 0;
    for (int i = 0; i < 8; ) {
      if (words[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && words[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestBase = i;
        bestLength = j - i;
      }
      i = j;
    }
    if (bestLength < 2) {
      bestBase = -1;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLength) {
        if (i == bestBase) {
          out.append(':');
        }
        continue;
      }
      if (i != 0) {
        out.append(':');
      }
      if (i == 6 && bestBase == 0 && (bestLength == 6 || (bestLength == 5 && words[5] == 0xffff))) {
        out.append(bytes[12] & 0xff).append('.').append(bytes[13] & 0xff).append('.')
            .append(bytes[14] & 0xff).append('.').append(bytes[15] & 0xff);
        return out.toString();
      }
      out.append(Integer.toHexString(words[i]));
    }
    if (bestBase >= 0 && bestBase + bestLength == 8) {
      out.append(':');
    }
    return out.toString();
  }
}
