package dev.twinsock.os;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * One thread's native memory for system-call arguments: a socket address, its length, an option
 * value, a message header and growable buffers for data, control messages and poll sets.
 *
 * <p>Per thread rather than per socket because several threads may use one socket at once (a
 * reader and a writer). It is reused by every call of the thread, so the hot path (send, recv,
 * read, write) allocates no native memory once the data buffer has grown to the largest size the
 * thread has used. A call must decode what it needs before it makes another call that uses the
 * same field.
 */
final class NativeScratch {
  private static final ThreadLocal<NativeScratch> LOCAL = ThreadLocal.withInitial(NativeScratch::new);

  /** sizeof(struct sockaddr_storage). */
  static final int ADDR_SIZE = 128;

  /** Large enough for struct group_source_req (264 bytes) and TCP_CONGESTION names. */
  static final int OPTION_SIZE = 512;

  /** sizeof(struct msghdr). */
  static final int MSGHDR_SIZE = 56;

  static NativeScratch get() {
    return LOCAL.get();
  }

  final Pointer addr = allocate(ADDR_SIZE);
  final Pointer addrLen = allocate(8);
  final Pointer option = allocate(OPTION_SIZE);
  final Pointer optionLen = allocate(8);
  final Pointer msg = allocate(MSGHDR_SIZE);
  final Pointer text = allocate(64);
  private Pointer data = allocate(64 * 1024);
  private long dataSize = 64 * 1024;
  private Pointer control = allocate(1024);
  private long controlSize = 1024;
  private Pointer iov = allocate(16 * 16);
  private int iovCount = 16;
  private Pointer pollfds = allocate(8 * 64);
  private int pollCount = 64;

  private NativeScratch() {}

  private static Pointer allocate(long size) {
    return Memory.allocateDirect(Native.RUNTIME, Math.toIntExact(Math.max(size, 1)), true);
  }

  /** A data buffer of at least {@code size} bytes. */
  Pointer data(long size) {
    if (size > dataSize) {
      dataSize = Math.max(size, dataSize * 2);
      data = allocate(dataSize);
    }
    return data;
  }

  /** A zeroed control buffer of at least {@code size} bytes. */
  Pointer control(long size) {
    if (size > controlSize) {
      controlSize = Math.max(size, controlSize * 2);
      control = allocate(controlSize);
    } else {
      control.setMemory(0, size, (byte) 0);
    }
    return control;
  }

  /** An array of at least {@code n} struct iovec. */
  Pointer iov(int n) {
    if (n > iovCount) {
      iovCount = Math.max(n, iovCount * 2);
      iov = allocate(16L * iovCount);
    }
    return iov;
  }

  /** An array of at least {@code n} struct pollfd. */
  Pointer pollfds(int n) {
    if (n > pollCount) {
      pollCount = Math.max(n, pollCount * 2);
      pollfds = allocate(8L * pollCount);
    }
    return pollfds;
  }
}
