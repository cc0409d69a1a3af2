package dev.twinsock.cli;

import dev.twinsock.sim.Scenario;
import java.io.File;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds a user's {@link Scenario} class by name, on the command's classpath or on extra entries
 * given with {@code --classpath}, and makes a fresh instance per run. Every way the class can be
 * unusable is a {@link UsageError} naming the class.
 */
final class ScenarioLoader {
  private final String className;
  private final Constructor<? extends Scenario> constructor;

  private ScenarioLoader(String className, Constructor<? extends Scenario> constructor) {
    this.className = className;
    this.constructor = constructor;
  }

  String className() {
    return className;
  }

  static ScenarioLoader load(String className, String classpath) {
    ClassLoader loader = loaderFor(classpath);
    Class<?> type;
    try {
      type = Class.forName(className, false, loader);
    } catch (ClassNotFoundException | NoClassDefFoundError e) {
      throw new UsageError("no class " + className + " on the classpath"
          + (classpath == null ? " (add the directory or jar that holds it with --classpath)" : " " + classpath));
    } catch (LinkageError e) {
      throw new UsageError("class " + className + " cannot be loaded: " + e);
    }
    if (!Scenario.class.isAssignableFrom(type)) {
      throw new UsageError(className + " is not a " + Scenario.class.getName() + ": it must implement void run(SimNetwork net)");
    }
    if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
      throw new UsageError(className + " is abstract: name a concrete Scenario class");
    }
    try {
      Constructor<? extends Scenario> constructor = type.asSubclass(Scenario.class).getDeclaredConstructor();
      constructor.setAccessible(true);
      return new ScenarioLoader(className, constructor);
    } catch (NoSuchMethodException e) {
      throw new UsageError(className + " has no constructor without arguments");
    } catch (RuntimeException e) {
      throw new UsageError(className + "'s constructor cannot be used: " + e);
    }
  }

  /** A fresh instance, so runs on different threads share no state through the scenario. */
  Scenario create() {
    try {
      return constructor.newInstance();
    } catch (InvocationTargetException e) {
      throw new UsageError("new " + className + "() threw " + e.getCause());
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new UsageError("new " + className + "() failed: " + e);
    }
  }

  private static ClassLoader loaderFor(String classpath) {
    ClassLoader parent = ScenarioLoader.class.getClassLoader();
    if (classpath == null || classpath.isBlank()) {
      return parent;
    }
    List<URL> urls = new ArrayList<>();
    for (String entry : classpath.split(File.pathSeparator)) {
      if (entry.isBlank()) {
        continue;
      }
      Path path = Path.of(entry);
      if (!Files.exists(path)) {
        throw new UsageError("--classpath entry " + entry + " does not exist");
      }
      try {
        urls.add(path.toUri().toURL());
      } catch (MalformedURLException e) {
        throw new UsageError("--classpath entry " + entry + " is not a path: " + e.getMessage());
      }
    }
    return new URLClassLoader(urls.toArray(new URL[0]), parent);
  }
}
