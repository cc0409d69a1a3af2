package dev.twinsock.parity;

import java.util.List;
import java.util.Map;

/**
 * One step of a socket {@link Program}: a call of the API with symbolic arguments.
 *
 * <p>A socket argument {@code h} means "socket number h modulo the count of sockets this run has
 * made so far", numbered from 0 in order of creation, in every way a socket comes to be:
 * create, createPair, createListen, accept, addrinfoBind/Connect, importStream, SCM_RIGHTS. With
 * no socket yet, the step is skipped. An {@code ai} argument likewise picks among the AddrInfo
 * results of every lookup so far, and {@code stream} among the exported streams. So every
 * handle means some socket whenever one exists, and removing any step leaves a valid program:
 * what shrinking needs. (Taking the number modulo the count, rather than skipping numbers not
 * yet made, keeps generated programs from spending most of their steps on nothing.)
 *
 * <p>Where a method has overloads, a nullable argument picks the shorter one (a null {@code
 * backlog} calls {@code listen()}).
 */
sealed interface Op {
  record Create(int domain, int type, int protocol) implements Op {}

  record CreatePair(int domain, int type, int protocol) implements Op {}

  /** {@code createListen(port)} when {@code backlog} is null, else {@code createListen(port, backlog)}. */
  record CreateListen(int port, Integer backlog) implements Op {}

  record Bind(int h, Endpoint at) implements Op {}

  record Listen(int h, Integer backlog) implements Op {}

  record Connect(int h, Endpoint to) implements Op {}

  record Accept(int h) implements Op {}

  /** {@code read(length)} when {@code mode} is null. */
  record Read(int h, int length, Integer mode) implements Op {}

  /** {@code write(data)} when {@code length} is null. */
  record Write(int h, Payload data, Integer length) implements Op {}

  record Recv(int h, int length, int flags) implements Op {}

  record Send(int h, Payload data, int length, int flags) implements Op {}

  record Recvfrom(int h, int length, int flags) implements Op {}

  /** The AF_UNIX overload when the endpoint's port is {@link PortSpec.Kind#NONE}. */
  record Sendto(int h, Payload data, int length, int flags, Endpoint to) implements Op {}

  record Recvmsg(int h, int bufferSize, int controlLength, int flags) implements Op {}

  /**
   * {@code sendmsg} of the buffers {@code iov}, to {@code name} unless null, passing the sockets
   * {@code rights} as SCM_RIGHTS unless null.
   */
  record Sendmsg(int h, List<Payload> iov, Endpoint name, List<Integer> rights, int flags) implements Op {}

  /** {@code select} with bounded timeouts only: a program never waits forever. */
  record Select(List<Integer> read, List<Integer> write, List<Integer> except, long seconds, int microseconds)
      implements Op {}

  /** {@code getopt} (the alias) when {@code alias}. */
  record GetOption(int h, int level, int option, boolean alias) implements Op {}

  /** The value is an Integer, Linger, Timeval or String. */
  record SetOption(int h, int level, int option, Object value, boolean alias) implements Op {}

  record Getsockname(int h) implements Op {}

  record Getpeername(int h) implements Op {}

  /** {@code shutdown()} when {@code how} is null. */
  record Shutdown(int h, Integer how) implements Op {}

  record Close(int h) implements Op {}

  record SetBlock(int h) implements Op {}

  record SetNonblock(int h) implements Op {}

  /**
   * getaddrinfo of a numeric host or {@code localhost}. The service is the port of socket {@code
   * serviceOfSocket} if that is set, else {@code service}; with both null and no hints, the
   * one-argument overload is called. A null {@code hints} calls an overload without hints.
   */
  record AddrinfoLookup(String host, Integer serviceOfSocket, String service, Map<String, Integer> hints)
      implements Op {}

  record AddrinfoBind(int ai) implements Op {}

  record AddrinfoConnect(int ai) implements Op {}

  record AddrinfoExplain(int ai) implements Op {}

  record ExportStream(int h) implements Op {}

  record ImportStream(int stream) implements Op {}

  /** Reads through an exported stream's InputStream, up to {@code length} bytes; a negative stream is counted from the newest. */
  record StreamRead(int stream, int length) implements Op {}

  /** Writes {@code data} through an exported stream's OutputStream. */
  record StreamWrite(int stream, Payload data) implements Op {}

  /** The process's last error. */
  record LastError() implements Op {}

  record ClearError() implements Op {}

  record SocketLastError(int h) implements Op {}

  record SocketClearError(int h) implements Op {}

  record Strerror(int errno) implements Op {}

  record CmsgSpace(int level, int type, int n) implements Op {}

  record WsaExport(int h, int targetPid) implements Op {}

  record WsaImport(String id) implements Op {}

  record WsaRelease(String id) implements Op {}

  /**
   * Lets in-flight work finish before the next step: connects in progress complete (the os waits
   * for them in select, up to a bound; the sim runs its virtual clock). Not a call of the API.
   */
  record Settle() implements Op {}

  /**
   * A receive, accept or select ({@code waiter}) that may wait, and meanwhile a send, connect,
   * shutdown or close on another socket ({@code actor}) that ends the wait. Where the waiter would
   * wait (the program made it blocking with a short timeout and it is not ready yet), the sim runs
   * the actor as a task while the waiter is parked, so that the wake-up must come through the
   * kernel's wait queues; the kernel, where loopback delivers within the sending call, gets the
   * actor first and then the waiter, which gives the same outcome. Otherwise the waiter runs first.
   */
  record Meanwhile(Op waiter, Op actor) implements Op {}
}
