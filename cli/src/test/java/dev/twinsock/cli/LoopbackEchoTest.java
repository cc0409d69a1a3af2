package dev.twinsock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code twinsock demo --os}, the echo over real loopback, must keep telling the truth. */
class LoopbackEchoTest {
  @Test
  void echoesEveryLineAndReportsTheRefusedConnect() {
    CommandLine line = Twinsock.commandLine();
    StringWriter captured = new StringWriter();
    line.setOut(new PrintWriter(captured, true));
    assertEquals(0, line.execute("demo", "--os"));
    String out = captured.toString();
    assertTrue(out.contains("client sent 6 bytes \"hello\\n\", got back \"hello\\n\""), out);
    assertTrue(out.contains("client sent 4 bytes \"bye\\n\", got back \"bye\\n\""), out);
    assertTrue(out.contains("read returned 0 bytes (EOF)"), out);
    assertTrue(out.contains("socket_connect(): unable to connect [111]: Connection refused (errno 111, lastError 111)"), out);
    assertTrue(out.endsWith("all sockets closed" + System.lineSeparator()), out);
  }
}
