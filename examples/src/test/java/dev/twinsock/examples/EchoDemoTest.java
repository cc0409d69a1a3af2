package dev.twinsock.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The quick start's first command runs this demo: it must keep telling the truth. */
class EchoDemoTest {
  @Test
  void demoEchoesEveryLineAndReportsTheRefusedConnect() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      EchoDemo.main(new String[0]);
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("client sent 6 bytes \"hello\\n\", got back \"hello\\n\""), out);
    assertTrue(out.contains("client sent 4 bytes \"bye\\n\", got back \"bye\\n\""), out);
    assertTrue(out.contains("read returned 0 bytes (EOF)"), out);
    assertTrue(out.contains("socket_connect(): unable to connect [111]: Connection refused (errno 111, lastError 111)"), out);
    assertTrue(out.endsWith("all sockets closed" + System.lineSeparator()), out);
  }
}
