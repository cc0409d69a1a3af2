package dev.twinsock.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinsock.Errno;
import org.junit.jupiter.api.Test;

/** {@code strerror}: glibc's text for every errno, the "Errno text" section of LINUX-SEMANTICS.md. */
public class ErrnoTextConformanceTest extends ConformanceTest {

  @Test
  void strerrorMatchesGlibcForEveryErrnoFromZeroTo133() {
    for (int errno = 0; errno <= 133; errno++) {
      assertEquals(Errno.text(errno), sockets.strerror(errno), "strerror(" + errno + ")");
    }
  }

  @Test
  void theFourTextsThePageNames() {
    assertEquals("Resource temporarily unavailable", sockets.strerror(11));
    assertEquals("Connection reset by peer", sockets.strerror(104));
    assertEquals("Operation now in progress", sockets.strerror(115));
    assertEquals("Operation not permitted", sockets.strerror(1));
  }

  @Test
  void errnosWithoutTextAreUnknownErrors() {
    // glibc has no text for 41 and 58 (unused numbers) nor beyond 133.
    assertEquals("Unknown error 41", sockets.strerror(41));
    assertEquals("Unknown error 58", sockets.strerror(58));
    assertEquals("Unknown error 134", sockets.strerror(134));
    assertEquals("Unknown error -1", sockets.strerror(-1));
  }

  @Test
  void zeroIsSuccessAndMinusTenThousandIsStillAnErrno() {
    assertEquals("Success", sockets.strerror(0));
    assertEquals("Unknown error -10000", sockets.strerror(-10000));
  }

  @Test
  void codesBelowMinusTenThousandAreResolverErrors() {
    // The seed's host lookup failures carry -10000 - h_errno; their text is glibc's hstrerror.
    assertEquals("Unknown host", sockets.strerror(-10001));
    assertEquals("Host name lookup failure", sockets.strerror(-10002));
    assertEquals("Unknown server error", sockets.strerror(-10003));
    assertEquals("No address associated with name", sockets.strerror(-10004));
    assertEquals("Unknown resolver error", sockets.strerror(-10005));
  }
}
