package dev.twinsock.spi;

import dev.twinsock.Socket;
import dev.twinsock.Sockets;
import java.util.ArrayList;
import java.util.List;

/**
 * The failure of a backend's {@code checkNoOpenSockets()}: every socket still open, each with the
 * line of the caller that created it, so both backends report a leak in the same words.
 */
public final class LeakReport {
  private final List<Class<?>> inside;
  private final StringBuilder lines = new StringBuilder();
  private Throwable firstCreation;
  private int count;

  /**
   * A report whose creation sites skip the frames of {@code backendClasses} (and their inner
   * classes) and of the api's default methods: the caller's line is the frame after them.
   */
  public LeakReport(Class<?>... backendClasses) {
    this.inside = new ArrayList<>(List.of(backendClasses));
    inside.add(Sockets.class);
    inside.add(Socket.class);
  }

  /** Adds an open socket: how to name it, and the throwable made where it was created. */
  public void add(String description, Throwable createdAt) {
    if (firstCreation == null) {
      firstCreation = createdAt;
    }
    count++;
    lines.append("\n  ").append(description).append(", created at ").append(creationSite(createdAt));
  }

  /** Throws if any socket was added; the first one's creation is the exception's cause. */
  public void throwIfAny() {
    if (count > 0) {
      throw new IllegalStateException("expected 0 open sockets, but found " + count + ":" + lines, firstCreation);
    }
  }

  private String creationSite(Throwable createdAt) {
    StackTraceElement[] frames = createdAt.getStackTrace();
    int last = -1;
    for (int i = 0; i < frames.length; i++) {
      String type = frames[i].getClassName();
      for (Class<?> c : inside) {
        if (type.equals(c.getName()) || type.startsWith(c.getName() + "$")) {
          last = i;
        }
      }
    }
    return last + 1 < frames.length ? frames[last + 1].toString() : "(unknown)";
  }
}
