package dev.twinsock.os;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The differences between the backends that the bad-input battery knows of and that are still
 * open, each with its reason (a row of docs/semantics.md). A case whose name matches one of these
 * may differ; any other difference fails the battery, and so does an entry that no longer
 * matches a difference, so that the list only shrinks.
 */
final class KnownDifferences {
  private KnownDifferences() {}

  /** Case-name patterns (the socket kind first, for socket calls) and why they differ. */
  static final Map<Pattern, String> REASONS = new LinkedHashMap<>();

  private static void known(String pattern, String reason) {
    REASONS.put(Pattern.compile(pattern), reason);
  }

  static {
    known("(TCP4|TCP6|LISTENER|CONNECTED) (send|sendto|sendmsg) flags -1",
        "MSG_FASTOPEN (in flags -1) on TCP: Linux starts a Fast Open connect or says EISCONN/EINVAL; the sim has no Fast Open");
  }

  /** Why the case of this name may differ, or null. */
  static String reason(String name) {
    for (Map.Entry<Pattern, String> e : REASONS.entrySet()) {
      if (e.getKey().matcher(name).matches()) {
        return e.getValue();
      }
    }
    return null;
  }
}
