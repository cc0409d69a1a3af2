package dev.twinsock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SocketErrorTest {
  @Test
  void messageIsTheSeedsWarningWithGlibcText() {
    SocketError e = new SocketError("socket_bind", SocketConstants.SOCKET_EADDRINUSE);
    assertEquals("socket_bind(): Unable to bind address [98]: Address already in use", e.getMessage());
    assertEquals(98, e.code());
    assertEquals("socket_bind", e.function());
  }

  @Test
  void lookupFailuresCarryTheEaiCodeAndGaiText() {
    SocketError e = new SocketError("socket_addrinfo_lookup", SocketConstants.EAI_NONAME);
    assertEquals(-2, e.code());
    assertEquals("Name or service not known", e.reason());
    assertTrue(e.getMessage().endsWith("[-2]: Name or service not known"), e.getMessage());
  }

  @Test
  void flowControlErrorsHaveNoStackTraceButRealErrorsDo() {
    assertEquals(0, new SocketError("socket_recv", SocketConstants.SOCKET_EAGAIN).getStackTrace().length);
    assertEquals(0, new SocketError("socket_connect", SocketConstants.SOCKET_EINPROGRESS).getStackTrace().length);
    assertTrue(new SocketError("socket_recv", SocketConstants.SOCKET_ECONNRESET).getStackTrace().length > 0);
  }

  @Test
  void hostLookupFailuresUseTheResolversText() {
    SocketError e = new SocketError("socket_bind", "Host lookup failed", -10001);
    assertEquals("socket_bind(): Host lookup failed [-10001]: Unknown host", e.getMessage());
    assertEquals("Unknown error -10000", new SocketError("socket_bind", -10000).reason());
  }

  @Test
  void everyErrorKeepsWhatIsAddedToItAsSuppressedEvenACheapOne() {
    // a test framework adds the seed of a failed run this way; EAGAIN stays cheap (no stack trace)
    for (int code : new int[] {SocketConstants.SOCKET_EAGAIN, SocketConstants.SOCKET_ECONNRESET}) {
      SocketError e = new SocketError("socket_recv", code);
      RuntimeException report = new RuntimeException("seed 42");
      e.addSuppressed(report);
      assertEquals(1, e.getSuppressed().length);
      assertSame(report, e.getSuppressed()[0]);
    }
    assertEquals(0, new SocketError("socket_recv", SocketConstants.SOCKET_EAGAIN).getStackTrace().length);
  }

  @Test
  void aDetailEndsTheMessageInParentheses() {
    SocketError e = new SocketError("socket_bind", SocketConstants.SOCKET_ENOENT, "no directory /srv");
    assertEquals("socket_bind(): Unable to bind address [2]: No such file or directory (no directory /srv)",
        e.getMessage());
    assertEquals(2, e.code());
    assertEquals(new SocketError("socket_bind", 2).getMessage(), new SocketError("socket_bind", 2, null).getMessage());
  }
}
