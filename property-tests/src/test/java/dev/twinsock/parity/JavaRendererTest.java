package dev.twinsock.parity;

import static dev.twinsock.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.Linger;
import java.io.StringWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The renderer's output is a test that compiles and, run on the kernel, replays the program: every
 * op of the language, with its errors asserted, passes where the harness saw it pass.
 */
class JavaRendererTest {
  private static Endpoint at(Host host, PortSpec port) {
    return new Endpoint(host, 0, port);
  }

  /** Every op of the language, arranged so that most of them do something. */
  static final Program EVERY_OP = new Program(List.of(
      new Op.CreateListen(0, 5),                                                        // s0
      new Op.Create(AF_INET, SOCK_STREAM, 0),                                           // s1
      new Op.Connect(1, at(Host.LOOPBACK, PortSpec.of(0))),
      new Op.Settle(),
      new Op.Accept(-1),                                                                // s2
      new Op.Write(1, new Payload(5, 2), null),
      new Op.Read(2, 100, PHP_NORMAL_READ),
      new Op.Send(2, new Payload(20, -1), 20, 0),
      new Op.Recv(1, 4, MSG_PEEK),
      new Op.Read(1, 100, null),
      new Op.SetOption(2, SOL_SOCKET, SO_RCVTIMEO, ProgramArbitraries.WAIT, false),
      new Op.Recv(2, 10, 0),                                                            // in blocking mode
      new Op.Meanwhile(new Op.Recv(2, 10, 0), new Op.Write(1, new Payload(4, -1), null)),
      new Op.CreatePair(AF_UNIX, SOCK_DGRAM, 0),                                        // s3, s4
      new Op.Sendmsg(3, List.of(new Payload(3, -1), new Payload(2, 0)), null, List.of(1), 0),
      new Op.Recvmsg(4, 100, 64, 0),                                                    // s5
      new Op.Create(AF_INET, SOCK_DGRAM, 0),                                            // s6
      new Op.Bind(6, at(Host.LOOPBACK, PortSpec.zero())),
      new Op.Sendto(6, new Payload(5, -1), 5, 0, at(Host.LOOPBACK, PortSpec.of(6))),
      new Op.Recvfrom(6, 100, 0),
      new Op.Select(List.of(6), List.of(1), List.of(), 0, 0),
      new Op.GetOption(1, SOL_SOCKET, SO_TYPE, false),
      new Op.SetOption(1, SOL_TCP, TCP_NODELAY, 1, true),
      new Op.SetOption(1, SOL_SOCKET, SO_LINGER, new Linger(0, 0), false),
      new Op.GetOption(1, SOL_TCP, TCP_NODELAY, true),
      new Op.Getsockname(1),
      new Op.Getpeername(1),
      new Op.SetBlock(1),
      new Op.SetNonblock(1),
      new Op.Shutdown(1, SHUT_WR),
      new Op.Shutdown(2, null),
      new Op.AddrinfoLookup("127.0.0.1", 0, null, Map.of("ai_socktype", SOCK_STREAM)),  // ai0
      new Op.AddrinfoExplain(0),
      new Op.AddrinfoConnect(0),                                                        // s7
      new Op.AddrinfoLookup("127.0.0.1", null, "0", null),                              // ai1..
      new Op.AddrinfoBind(1),                                                           // s8
      new Op.AddrinfoLookup("localhost", null, null, null),
      new Op.ExportStream(6),
      new Op.StreamWrite(0, new Payload(3, -1)),                                        // not connected: throws
      new Op.StreamRead(-1, 10),
      new Op.ImportStream(0),                                                           // s9
      new Op.Listen(6, null),
      new Op.Create(AF_UNIX, SOCK_STREAM, 0),                                           // s10
      new Op.Bind(10, at(Host.ALTERNATE, PortSpec.none())),
      new Op.Bind(10, at(Host.WILDCARD, PortSpec.none())),
      new Op.Listen(10, 2),
      new Op.LastError(),
      new Op.ClearError(),
      new Op.SocketLastError(1),
      new Op.SocketClearError(1),
      new Op.Strerror(104),
      new Op.CmsgSpace(SOL_SOCKET, SCM_RIGHTS, 2),
      new Op.WsaExport(1, 0),
      new Op.WsaImport("x1"),
      new Op.WsaRelease("x1"),
      new Op.Close(1),
      new Op.Read(1, 0, null),
      new Op.Read(1, 10, 3)));

  @Test
  void theProgramUsesEveryOpOfTheLanguage() {
    Set<Class<?>> used = EVERY_OP.ops().stream().map(Object::getClass).collect(Collectors.toSet());
    Set<Class<?>> all = new HashSet<>(Arrays.asList(Op.class.getPermittedSubclasses()));
    all.removeAll(used);
    assertEquals(Set.of(), all);
  }

  @Test
  void aRenderedProgramCompilesAndReplaysOnTheKernel() throws Exception {
    Comparison c = new Interpreter(false).compare(EVERY_OP, OsTarget::new, OsTarget::new);
    assertTrue(c.agrees(), c::report);
    long executed = c.steps().stream().filter(s -> !s.reference().skipped()).count();
    assertEquals(EVERY_OP.ops().size(), executed, c::report);

    String source = new JavaRenderer().render(c);
    assertTrue(source.contains("Socket s0 = sockets.createListen(0, 5);"), source);
    assertTrue(source.contains("s1.connect(\"127.0.0.1\", port(s0))"), source);
    assertTrue(source.contains("Socket[] pair0 = sockets.createPair(AF_UNIX, SOCK_DGRAM, 0);"), source);
    assertTrue(source.contains("s2.setBlock();\n      s2.recv(10, 0);\n      s2.setNonblock();"), source);
    assertTrue(source.contains("s1.write(bytes(4, -1));\n      s2.setBlock();\n      s2.recv(10, 0);"), source);

    Path dir = Files.createTempDirectory("rendered");
    Path file = dir.resolve("ParityRegressionTest.java");
    Files.writeString(file, source);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter diagnostics = new StringWriter();
    boolean compiled = javac.getTask(diagnostics, null, null,
        List.of("-classpath", System.getProperty("java.class.path"), "-d", dir.toString()), null,
        javac.getStandardFileManager(null, null, null).getJavaFileObjects(file.toFile())).call();
    assertTrue(compiled, () -> diagnostics + "\n" + source);

    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      Class<?> test = loader.loadClass("ParityRegressionTest");
      Constructor<?> constructor = test.getDeclaredConstructor();
      constructor.setAccessible(true);
      Method program = test.getDeclaredMethod("program");
      program.setAccessible(true);
      program.invoke(constructor.newInstance());
    }
  }

  @Test
  void aFailingStepIsAssertedWithTheReferenceErrno() {
    Program p = new Program(List.of(new Op.CreateListen(0, 1), new Op.Accept(0)));
    Comparison c = new Interpreter(false).compare(p, OsTarget::new, OsTarget::new);
    String source = new JavaRenderer().render(c);
    assertTrue(source.contains("expectError(" + SOCKET_EAGAIN + ", () -> s0.accept());"), source);
    assertFalse(source.contains("Socket s1"), source);
  }
}
