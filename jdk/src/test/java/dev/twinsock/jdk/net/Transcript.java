package dev.twinsock.jdk.net;

import java.util.ArrayList;
import java.util.List;

/**
 * What a sequence of socket calls did, one line a call: its value, or the class and message of what
 * it threw. Two transcripts of the same calls on two implementations are equal when the two behave
 * alike.
 */
final class Transcript {
  interface Call {
    Object run() throws Exception;
  }

  interface Action {
    void run() throws Exception;
  }

  private final List<String> lines = new ArrayList<>();

  /** Records what {@code call} returns or throws, and returns the value (null if it threw). */
  synchronized Object call(String name, Call call) {
    try {
      Object value = call.run();
      lines.add(name + " = " + value);
      return value;
    } catch (Exception e) {
      lines.add(name + " ! " + e.getClass().getName() + ": " + e.getMessage());
      return null;
    }
  }

  void run(String name, Action action) {
    call(name, () -> {
      action.run();
      return "ok";
    });
  }

  synchronized void note(String line) {
    lines.add(line);
  }

  synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public synchronized String toString() {
    return String.join("\n", lines);
  }
}
