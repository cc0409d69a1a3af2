package dev.twinsock.sim;

import java.lang.reflect.Method;

/**
 * The one factory of task threads: virtual threads when the JVM has them (Java 21+, found by
 * reflection since the build targets 17), platform daemon threads otherwise. Either way a task
 * thread only runs while it holds the simulation's permit.
 */
final class TaskThreads {
  private static final Method OF_VIRTUAL = find("ofVirtual");
  private static final Method UNSTARTED = OF_VIRTUAL == null ? null : findBuilderUnstarted();

  private TaskThreads() {}

  static boolean virtual() {
    return UNSTARTED != null;
  }

  static Thread unstarted(String name, Runnable body) {
    if (UNSTARTED != null) {
      try {
        Object builder = OF_VIRTUAL.invoke(null);
        Thread thread = (Thread) UNSTARTED.invoke(builder, body);
        thread.setName(name);
        return thread;
      } catch (ReflectiveOperationException e) {
        // fall through to a platform thread
      }
    }
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    return thread;
  }

  private static Method find(String name) {
    try {
      return Thread.class.getMethod(name);
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  private static Method findBuilderUnstarted() {
    try {
      return Class.forName("java.lang.Thread$Builder").getMethod("unstarted", Runnable.class);
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }
}
