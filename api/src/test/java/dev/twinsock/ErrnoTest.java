package dev.twinsock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import jnr.ffi.LibraryLoader;
import org.junit.jupiter.api.Test;

/** The errno text table is glibc's, code for code. */
class ErrnoTest {
  /** The two glibc functions the table copies. */
  public interface LibC {
    String strerror(int errnum);

    String gai_strerror(int errcode);
  }

  private static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");

  @Test
  void strerrorTextEqualsGlibcForEveryCode() {
    List<String> wrong = new ArrayList<>();
    for (int code = -5; code <= Errno.MAX + 5; code++) {
      String glibc = LIBC.strerror(code);
      if (!glibc.equals(Errno.text(code))) {
        wrong.add(code + ": table '" + Errno.text(code) + "' glibc '" + glibc + "'");
      }
    }
    assertEquals(List.of(), wrong);
    assertEquals(133, Errno.MAX);
  }

  @Test
  void gaiTextEqualsGlibcForEveryCode() {
    List<String> wrong = new ArrayList<>();
    for (int code = -120; code <= 0; code++) {
      String glibc = LIBC.gai_strerror(code);
      if (!glibc.equals(Errno.gaiText(code))) {
        wrong.add(code + ": table '" + Errno.gaiText(code) + "' glibc '" + glibc + "'");
      }
    }
    assertEquals(List.of(), wrong);
  }

  @Test
  void measuredTextsFromTheKernelPage() {
    assertEquals("Resource temporarily unavailable", Errno.text(11));
    assertEquals("Connection reset by peer", Errno.text(104));
    assertEquals("Operation now in progress", Errno.text(115));
    assertEquals("Operation not permitted", Errno.text(1));
  }
}
