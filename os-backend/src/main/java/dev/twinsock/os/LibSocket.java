package dev.twinsock.os;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.IgnoreError;
import jnr.ffi.annotations.SaveError;

/**
 * The libc socket calls jnr-posix does not bind. Every buffer is a {@link Pointer} into native
 * memory the caller owns (see {@link NativeScratch}), so a call allocates nothing on the Java heap.
 * Sizes are {@code size_t}/{@code ssize_t}, which are {@code long} on Linux x86-64.
 */
final class LibSocket {
  private LibSocket() {}

  /**
   * The calls. Public only because jnr-ffi implements it with a class generated in its own class
   * loader, which could not see a package-private interface; it stays unreachable from outside
   * this package because {@link LibSocket} is package-private.
   */
  @SaveError
  public interface Calls {
    int socket(int domain, int type, int protocol);

    int socketpair(int domain, int type, int protocol, Pointer sv);

    int bind(int fd, Pointer addr, int addrlen);

    int listen(int fd, int backlog);

    int accept4(int fd, Pointer addr, Pointer addrlen, int flags);

    int connect(int fd, Pointer addr, int addrlen);

    int getsockopt(int fd, int level, int name, Pointer value, Pointer length);

    int setsockopt(int fd, int level, int name, Pointer value, int length);

    int getsockname(int fd, Pointer addr, Pointer addrlen);

    int getpeername(int fd, Pointer addr, Pointer addrlen);

    int shutdown(int fd, int how);

    long send(int fd, Pointer buf, long length, int flags);

    long sendto(int fd, Pointer buf, long length, int flags, Pointer addr, int addrlen);

    long recvfrom(int fd, Pointer buf, long length, int flags, Pointer addr, Pointer addrlen);

    long sendmsg(int fd, Pointer msg, int flags);

    long recvmsg(int fd, Pointer msg, int flags);

    int poll(Pointer fds, long nfds, int timeoutMillis);

    int eventfd(int initval, int flags);

    /** ioctl(2) with a pointer argument, the only kind used (SIOCATMARK). */
    int ioctl(int fd, long request, Pointer arg);

    /** fcntl(2) with an int argument, the only kind used. */
    int fcntl(int fd, int cmd, int arg);

    long write(int fd, Pointer buf, long length);

    int close(int fd);

    int inet_pton(int family, String text, Pointer dst);

    @IgnoreError
    Pointer inet_ntop(int family, Pointer src, Pointer dst, int size);

    @IgnoreError
    int if_nametoindex(String name);

    int getaddrinfo(String node, String service, Pointer hints, Pointer result);

    @IgnoreError
    void freeaddrinfo(Pointer list);

    @IgnoreError
    String gai_strerror(int code);
  }
}
