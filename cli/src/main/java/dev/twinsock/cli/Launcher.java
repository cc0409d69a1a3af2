package dev.twinsock.cli;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * How this command was started, so that a printed replay line can be pasted as it is: the script
 * {@code bin/twinsock} says so in {@code -Dtwinsock.launcher}; a runnable jar is {@code java -jar
 * JAR}; anything else is {@code java -cp CLASSPATH dev.twinsock.cli.Twinsock}.
 */
final class Launcher {
  private Launcher() {}

  static String command() {
    String script = System.getProperty("twinsock.launcher");
    if (script != null && !script.isBlank()) {
      return script;
    }
    String classpath = System.getProperty("java.class.path", "");
    try {
      Path jar = Path.of(Twinsock.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (jar.toString().endsWith(".jar") && !classpath.contains(File.pathSeparator)) {
        return "java -jar " + relative(jar);
      }
    } catch (URISyntaxException | RuntimeException e) {
      // no code source to name: fall back on the class path
    }
    return "java -cp " + classpath + " " + Twinsock.class.getName();
  }

  private static String relative(Path jar) {
    Path here = Path.of("").toAbsolutePath();
    Path absolute = jar.toAbsolutePath();
    return absolute.startsWith(here) ? here.relativize(absolute).toString() : absolute.toString();
  }

  /** The line that replays one seed of a scenario. */
  static String replay(String scenario, long seed, boolean swarm, String classpath) {
    return command() + " replay --scenario " + scenario + " --seed " + seed + (swarm ? " --swarm" : "")
        + (classpath == null ? "" : " --classpath " + classpath);
  }
}
