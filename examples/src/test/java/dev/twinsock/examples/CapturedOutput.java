package dev.twinsock.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** What a README example prints to {@code System.out}, where its comments say what to expect. */
final class CapturedOutput {
  private CapturedOutput() {}

  interface Example {
    void run() throws Exception;
  }

  static String of(Example example) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      example.run();
    } finally {
      System.setOut(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
