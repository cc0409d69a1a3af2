package dev.twinsock.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What the README says about twin tests and artifacts stays true of the code and the build. */
class ReadmeTest {
  static String read(String... path) throws Exception {
    return Files.readString(Path.of("..", path), StandardCharsets.UTF_8);
  }

  @Test
  void theTwinTestShownIsTheStartOfTwinExamplesTest() throws Exception {
    String readme = read("README.md");
    String section = readme.substring(readme.indexOf("\n## Twin tests"));
    String block = section.substring(section.indexOf("```java\n") + 8, section.indexOf("  ...\n"));
    String source = read("examples", "src", "test", "java", "dev", "twinsock", "examples", "TwinExamplesTest.java");
    String indented = block.replaceAll("(?m)^", "  ");
    assertTrue(source.contains(indented), "TwinExamplesTest should begin a test with:\n" + indented);
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
