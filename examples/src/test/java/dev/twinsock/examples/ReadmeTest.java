package dev.twinsock.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What the README says stays true: its Java blocks are tests' code, its quick start runs the demo, its artifacts exist. */
class ReadmeTest {
  static String read(String... path) throws Exception {
    return Files.readString(Path.of("..", path), StandardCharsets.UTF_8);
  }

  /** Every test source of every module, by path. */
  private static Map<Path, List<String>> testSources() throws IOException {
    Map<Path, List<String>> sources = new TreeMap<>();
    try (Stream<Path> files = Files.walk(Path.of(".."))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/test/java/"))
          .collect(Collectors.toList())) {
        sources.put(file, Files.readAllLines(file, StandardCharsets.UTF_8));
      }
    }
    return sources;
  }

  /**
   * Whether {@code source} holds {@code fragment}: its lines in a row, each with the same added
   * indentation; an {@code import} line of the fragment anywhere in the file.
   */
  static boolean holds(List<String> source, List<String> fragment) {
    List<String> body = new ArrayList<>();
    for (String line : fragment) {
      if (line.startsWith("import ")) {
        if (!source.contains(line)) {
          return false;
        }
      } else {
        body.add(line);
      }
    }
    while (!body.isEmpty() && body.get(0).isBlank()) {
      body.remove(0);
    }
    while (!body.isEmpty() && body.get(body.size() - 1).isBlank()) {
      body.remove(body.size() - 1);
    }
    if (body.isEmpty()) {
      return true;
    }
    for (int at = 0; at + body.size() <= source.size(); at++) {
      String first = source.get(at);
      if (!first.endsWith(body.get(0)) || !first.substring(0, first.length() - body.get(0).length()).isBlank()) {
        continue;
      }
      String indent = first.substring(0, first.length() - body.get(0).length());
      boolean all = true;
      for (int i = 1; i < body.size() && all; i++) {
        String expected = body.get(i).isEmpty() ? "" : indent + body.get(i);
        all = source.get(at + i).equals(expected);
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  @Test
  void everyJavaBlockIsInATestSourceVerbatim() throws Exception {
    String readme = read("README.md");
    Matcher block = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(readme);
    Map<Path, List<String>> sources = testSources();
    int blocks = 0;
    while (block.find()) {
      blocks++;
      // a line "..." marks what the README leaves out: each part around it must be there
      for (String part : block.group(1).split("(?m)^\\s*\\.\\.\\.\\n")) {
        List<String> fragment = part.lines().collect(Collectors.toList());
        assertTrue(sources.values().stream().anyMatch(source -> holds(source, fragment)),
            "no test source holds this README block (indented alike), so nothing compiles or runs it:\n" + part);
      }
    }
    assertTrue(blocks >= 5, "README's Java blocks: " + blocks);
  }

  @Test
  void theQuickStartsFirstCommandRunsTheDemo() throws Exception {
    String readme = read("README.md");
    String quickStart = readme.substring(readme.indexOf("## Quick start"), readme.indexOf("\n## ", readme.indexOf("## Quick start") + 3));
    List<String> commands = Pattern.compile("(?m)^mvn [^#\\n]*").matcher(quickStart).results()
        .map(m -> m.group().strip()).collect(Collectors.toList());
    assertEquals(List.of("mvn -B -q -DskipTests package exec:java", "mvn -B verify"), commands);
    // exec:java runs in every module of the reactor: only the cli module turns it on, with `demo`
    String parent = read("pom.xml");
    assertTrue(parent.contains("<exec.mainClass>dev.twinsock.cli.Twinsock</exec.mainClass>"), "parent names the command");
    assertTrue(parent.contains("<exec.skip>true</exec.skip>"), "parent skips exec:java");
    String cli = read("cli", "pom.xml");
    assertTrue(cli.contains("<exec.skip>false</exec.skip>") && cli.contains("<exec.args>demo</exec.args>"), cli);
    assertTrue(Files.exists(Path.of("..", "cli", "src", "main", "java", "dev", "twinsock", "cli", "Twinsock.java")));
    assertFalse(read("examples", "pom.xml").contains("<exec.skip>false</exec.skip>"));
  }

  @Test
  void theBomAndTheReadmeNameEveryPublishedModule() throws Exception {
    TreeSet<String> published = new TreeSet<>();
    Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(read("pom.xml"));
    while (module.find()) {
      String pom = read(module.group(1), "pom.xml");
      if (pom.contains("<maven.install.skip>true</maven.install.skip>") || module.group(1).equals("bom")) {
        continue;
      }
      Matcher artifact = Pattern.compile("</parent>\\s*<artifactId>([^<]+)</artifactId>").matcher(pom);
      assertTrue(artifact.find(), module.group(1));
      published.add(artifact.group(1));
    }
    TreeSet<String> inBom = new TreeSet<>();
    Matcher managed = Pattern.compile("<artifactId>(twinsock-[^<]+)</artifactId>").matcher(read("bom", "pom.xml"));
    while (managed.find()) {
      inBom.add(managed.group(1));
    }
    inBom.remove("twinsock-bom");
    assertEquals(published, inBom);
    String readme = read("README.md");
    for (String artifact : List.of("twinsock-api", "twinsock-sim", "twinsock-os", "twinsock-junit5", "twinsock-jdk",
        "twinsock-cli", "twinsock-bom")) {
      assertTrue(readme.contains("`" + artifact + "`"), artifact);
    }
  }
}
