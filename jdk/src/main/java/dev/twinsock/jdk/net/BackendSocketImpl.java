package dev.twinsock.jdk.net;

import dev.twinsock.SockAddr;
import dev.twinsock.Socket;
import dev.twinsock.SocketConstants;
import dev.twinsock.SocketError;
import dev.twinsock.Sockets;
import dev.twinsock.jdk.internal.Addresses;
import dev.twinsock.jdk.internal.JdkExceptions;
import dev.twinsock.jdk.internal.SignalledWait;
import dev.twinsock.jdk.internal.StandardOptions;
import dev.twinsock.jdk.internal.StandardOptions.Raw;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The {@link SocketImpl} under the adapter's {@code java.net.Socket}s and {@code ServerSocket}s: one
 * backend TCP socket, kept non-blocking; blocking calls wait in {@link SignalledWait}, so timeouts
 * run on the backend's clock (virtual on the sim) and a close from another thread ends them. The
 * JDK's {@code Socket}/{@code ServerSocket} classes on top make the argument and state checks; this
 * class answers as the JDK's own {@code NioSocketImpl} does, messages included.
 *
 * <p>The backend socket is made on first use, AF_INET until a bind or connect to an IPv6 address
 * asks for AF_INET6; the options set before either are replayed on it.
 */
final class BackendSocketImpl extends SocketImpl {
  private enum State { NEW, UNCONNECTED, CONNECTING, CONNECTED, CLOSED }

  private static final int MAX_TRANSFER = 64 * 1024;

  private final Sockets sockets;
  private final boolean server;
  private final SignalledWait wait;
  private final BlockingCalls calls;
  private final Object stateLock = new Object();
  private final List<Raw> optionsSet = new ArrayList<>();
  private State state = State.NEW;
  private Socket socket;
  private int family = SocketConstants.AF_INET;
  private boolean bound;
  private boolean inputShut;
  private boolean outputShut;
  private volatile boolean readEof;
  /** The last read took less than it asked: the receive buffer was empty then, so the next read waits first. */
  private boolean drained;
  private volatile boolean connectionReset;
  private volatile int timeout;

  BackendSocketImpl(Sockets sockets, boolean server) {
    this.sockets = sockets;
    this.server = server;
    this.wait = new SignalledWait(sockets, BlockingCalls.FAILURES);
    this.calls = new BlockingCalls(wait, this::isClosed);
  }

  // ---------------------------------------------------------------- lifecycle

  @Override
  protected void create(boolean stream) throws IOException {
    if (!stream) {
      throw new IOException("Datagram socket creation not supported");
    }
    synchronized (stateLock) {
      if (state != State.NEW) {
        throw new IOException("Already created");
      }
      state = State.UNCONNECTED;
      if (server) {
        // as the JDK's Net.serverSocket: a listener rebinds its port over TIME_WAIT connections
        optionsSet.add(StandardOptions.encode(OptionCodec.SERVER, StandardSocketOptions.SO_REUSEADDR, true));
      }
    }
  }

  /**
   * The backend socket, made on first use with the options set so far: the JDK's Socket creates
   * its impl even for calls on a socket closed before it was used, which must not leave a backend
   * socket behind.
   */
  private Socket backend() throws SocketException {
    if (socket == null) {
      socket = withOptions(open(family));
    }
    return socket;
  }

  private Socket withOptions(Socket made) throws SocketException {
    for (Raw raw : optionsSet) {
      try {
        OptionCodec.set(made, raw);
      } catch (SocketException e) {
        made.close();
        throw e;
      }
    }
    return made;
  }

  private Socket open(int domain) throws SocketException {
    Socket made;
    try {
      made = sockets.create(domain, SocketConstants.SOCK_STREAM, SocketConstants.SOL_TCP);
    } catch (SocketError e) {
      throw JdkExceptions.ofCall(e.code());
    }
    try {
      made.setNonblock();
    } catch (SocketError e) {
      made.close();
      throw JdkExceptions.ofCall(e.code());
    }
    family = domain;
    return made;
  }

  /** Switches a fresh socket to AF_INET6 when {@code target} needs it, keeping its options. */
  private void fitFamily(InetAddress target) throws SocketException {
    if (family == SocketConstants.AF_INET6 || !Addresses.needsInet6(target) || bound) {
      return;
    }
    if (socket == null) {
      family = SocketConstants.AF_INET6;
      return;
    }
    Socket replacement = withOptions(open(SocketConstants.AF_INET6));
    socket.close();
    socket = replacement;
  }

  private void ensureOpen() throws SocketException {
    if (state == State.NEW) {
      throw new SocketException("Socket not created");
    }
    if (state == State.CLOSED) {
      throw BlockingCalls.closedException();
    }
  }

  private void ensureOpenAndConnected() throws SocketException {
    synchronized (stateLock) {
      if (state != State.CONNECTED) {
        if (state == State.CLOSED) {
          throw BlockingCalls.closedException();
        }
        throw new SocketException("Not connected");
      }
    }
  }

  private boolean isClosed() {
    synchronized (stateLock) {
      return state == State.CLOSED;
    }
  }

  @Override
  protected void close() throws IOException {
    Socket closing;
    synchronized (stateLock) {
      if (state == State.CLOSED) {
        return;
      }
      state = State.CLOSED;
      closing = socket;
    }
    wait.close();
    if (closing != null) {
      closing.close();
    }
  }

  // ---------------------------------------------------------------- connecting

  @Override
  protected void connect(String host, int port) throws IOException {
    connect(new InetSocketAddress(host, port), 0);
  }

  @Override
  protected void connect(InetAddress address, int port) throws IOException {
    connect(new InetSocketAddress(address, port), 0);
  }

  @Override
  protected void connect(SocketAddress remote, int millis) throws IOException {
    if (!(remote instanceof InetSocketAddress)) {
      throw new IOException("Unsupported address type");
    }
    InetSocketAddress target = (InetSocketAddress) remote;
    if (target.isUnresolved()) {
      throw new UnknownHostException(target.getHostName());
    }
    InetAddress to = target.getAddress();
    if (to.isAnyLocalAddress()) {
      // the JDK connects to InetAddress.getLocalHost(), which needs a name lookup; loopback needs none
      to = InetAddress.getLoopbackAddress();
    }
    int toPort = target.getPort();
    try {
      Socket connecting;
      synchronized (stateLock) {
        switch (state) {
          case NEW: throw new SocketException("Not created");
          case CONNECTING: throw new SocketException("Connection in progress");
          case CONNECTED: throw new SocketException("Already connected");
          case CLOSED: throw BlockingCalls.closedException();
          default: break;
        }
        fitFamily(to);
        state = State.CONNECTING;
        address = to;
        port = toPort;
        connecting = backend();
      }
      boolean connected = false;
      try {
        connected = calls.connect(connecting, Addresses.numeric(to, family), toPort, wait.deadline(millis));
      } finally {
        endConnect(connected);
      }
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  private void endConnect(boolean connected) throws SocketException {
    synchronized (stateLock) {
      if (connected && state == State.CONNECTING) {
        state = State.CONNECTED;
        bound = true;
        localport = localPort(socket);
      } else if (!connected && state == State.CLOSED) {
        throw BlockingCalls.closedException();
      }
    }
  }

  private static int localPort(Socket socket) {
    try {
      return socket.getsockname().port();
    } catch (SocketError e) {
      return 0;
    }
  }

  @Override
  protected void bind(InetAddress host, int port) throws IOException {
    synchronized (stateLock) {
      ensureOpen();
      if (bound) {
        throw new SocketException("Already bound");
      }
      fitFamily(host);
      try {
        backend().bind(Addresses.numeric(host, family), port);
      } catch (SocketError e) {
        throw JdkExceptions.ofCall(e.code());
      }
      bound = true;
      address = host;
      localport = localPort(socket);
    }
  }

  @Override
  protected void listen(int backlog) throws IOException {
    synchronized (stateLock) {
      ensureOpen();
      if (!bound) {
        throw new SocketException("Not bound");
      }
      try {
        backend().listen(backlog < 1 ? 50 : backlog);
      } catch (SocketError e) {
        throw JdkExceptions.ofCall(e.code());
      }
    }
  }

  @Override
  protected void accept(SocketImpl into) throws IOException {
    if (!(into instanceof BackendSocketImpl)) {
      throw new IOException("An instance of " + getClass() + " cannot accept a connection with an instance of "
          + into.getClass());
    }
    BackendSocketImpl target = (BackendSocketImpl) into;
    Socket listening;
    synchronized (stateLock) {
      ensureOpen();
      if (!bound) {
        throw new SocketException("Not bound");
      }
      listening = backend();
    }
    Socket accepted = calls.accept(listening, wait.deadline(timeout));
    target.adopt(accepted, family);
  }

  /** Takes over a connection a listener accepted; the accepted socket has no timeout of its own. */
  private void adopt(Socket accepted, int acceptedFamily) throws IOException {
    try {
      accepted.setNonblock();
    } catch (SocketError e) {
      accepted.close();
      throw JdkExceptions.ofCall(e.code());
    }
    InetSocketAddress peer;
    try {
      peer = Addresses.of(accepted.getpeername());
    } catch (SocketError e) {
      // reset before we asked: the JDK still hands the socket out; a read then reports the reset
      peer = new InetSocketAddress(Addresses.inet(acceptedFamily == SocketConstants.AF_INET6 ? "::" : "0.0.0.0"), 0);
    }
    synchronized (stateLock) {
      socket = accepted;
      family = acceptedFamily;
      bound = true;
      address = peer.getAddress();
      port = peer.getPort();
      localport = localPort(accepted);
      state = State.CONNECTED;
    }
  }

  // ---------------------------------------------------------------- reading and writing

  private int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    if (readEof) {
      return -1; // as the JDK: once at EOF, -1 even after close
    }
    Socket reading;
    synchronized (stateLock) {
      ensureOpenAndConnected();
      if (connectionReset) {
        throw new SocketException("Connection reset");
      }
      if (inputShut) {
        readEof = true;
        return -1;
      }
      reading = socket;
    }
    int asked = Math.min(len, MAX_TRANSFER);
    byte[] got = calls.receive(reading, asked, wait.deadline(timeout), () -> connectionReset = true, drained);
    if (got.length == 0) {
      readEof = true;
      return -1;
    }
    drained = got.length < asked;
    System.arraycopy(got, 0, b, off, got.length);
    return got.length;
  }

  private void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return;
    }
    Socket writing;
    synchronized (stateLock) {
      ensureOpenAndConnected();
      writing = socket;
    }
    calls.sendAll(writing, b, off, len, MAX_TRANSFER);
  }

  @Override
  protected InputStream getInputStream() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n > 0 ? one[0] & 0xff : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return BackendSocketImpl.this.read(b, off, len);
      }

      @Override
      public int available() throws IOException {
        return BackendSocketImpl.this.available();
      }

      @Override
      public void close() throws IOException {
        BackendSocketImpl.this.close();
      }
    };
  }

  @Override
  protected OutputStream getOutputStream() {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        BackendSocketImpl.this.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        BackendSocketImpl.this.close();
      }
    };
  }

  /** What a read would take now without waiting, as FIONREAD (counted up to 64 KiB). */
  @Override
  protected int available() throws IOException {
    Socket peeking;
    synchronized (stateLock) {
      ensureOpenAndConnected();
      if (inputShut) {
        return 0;
      }
      peeking = socket;
    }
    try {
      return peeking.recv(MAX_TRANSFER, SocketConstants.MSG_PEEK | SocketConstants.MSG_DONTWAIT).length;
    } catch (SocketError e) {
      if (e.code() == SocketConstants.SOCKET_EAGAIN) {
        return 0;
      }
      if (isClosed()) {
        throw BlockingCalls.closedException();
      }
      if (e.code() == SocketConstants.SOCKET_ECONNRESET) {
        return 0; // the next read reports the reset
      }
      throw JdkExceptions.ofTransfer(e.code());
    }
  }

  @Override
  protected void shutdownInput() throws IOException {
    synchronized (stateLock) {
      ensureOpenAndConnected();
      if (!inputShut) {
        shut(SocketConstants.SHUT_RD);
        inputShut = true;
      }
    }
  }

  @Override
  protected void shutdownOutput() throws IOException {
    synchronized (stateLock) {
      ensureOpenAndConnected();
      if (!outputShut) {
        shut(SocketConstants.SHUT_WR);
        outputShut = true;
      }
    }
  }

  private void shut(int how) throws SocketException {
    try {
      socket.shutdown(how);
    } catch (SocketError e) {
      // a peer that already reset the connection leaves nothing to shut: Linux says ENOTCONN
      if (e.code() != SocketConstants.SOCKET_ENOTCONN) {
        throw JdkExceptions.ofTransfer(e.code());
      }
    }
  }

  @Override
  protected boolean supportsUrgentData() {
    return true;
  }

  @Override
  protected void sendUrgentData(int data) throws IOException {
    Socket writing;
    synchronized (stateLock) {
      ensureOpenAndConnected();
      writing = socket;
    }
    try {
      writing.send(new byte[] {(byte) data}, 1, SocketConstants.MSG_OOB | SocketConstants.MSG_NOSIGNAL);
    } catch (SocketError e) {
      if (e.code() == SocketConstants.SOCKET_EAGAIN) {
        throw new SocketException("No buffer space available");
      }
      throw JdkExceptions.ofTransfer(e.code());
    }
  }

  // ---------------------------------------------------------------- options

  @Override
  protected Set<SocketOption<?>> supportedOptions() {
    return server ? OptionCodec.SERVER : OptionCodec.CLIENT;
  }

  @Override
  protected <T> void setOption(SocketOption<T> name, T value) throws IOException {
    Raw raw = StandardOptions.encode(supportedOptions(), name, value);
    synchronized (stateLock) {
      ensureOpen();
      apply(raw);
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  protected <T> T getOption(SocketOption<T> name) throws IOException {
    StandardOptions.check(supportedOptions(), name);
    synchronized (stateLock) {
      ensureOpen();
      return (T) OptionCodec.get(backend(), name);
    }
  }

  @Override
  public void setOption(int optID, Object value) throws SocketException {
    synchronized (stateLock) {
      ensureOpen();
      if (optID == SO_TIMEOUT) {
        if (!(value instanceof Integer)) {
          throw new SocketException("Bad value for SO_TIMEOUT");
        }
        int millis = (Integer) value;
        if (millis < 0) {
          throw new IllegalArgumentException("timeout < 0");
        }
        timeout = millis;
        return;
      }
      if (optID == SO_OOBINLINE) {
        apply(OptionCodec.oobInline(value));
        return;
      }
      SocketOption<?> option = OptionCodec.standard(optID);
      Object standard = OptionCodec.fromLegacy(optID, value);
      try {
        apply(StandardOptions.encode(OptionCodec.CLIENT, option, standard));
      } catch (IllegalArgumentException e) {
        throw new SocketException(e.getMessage());
      }
    }
  }

  private void apply(Raw raw) throws SocketException {
    OptionCodec.set(backend(), raw);
    optionsSet.add(raw);
  }

  @Override
  public Object getOption(int optID) throws SocketException {
    synchronized (stateLock) {
      ensureOpen();
      if (optID == SO_TIMEOUT) {
        return timeout;
      }
      if (optID == SO_OOBINLINE) {
        return OptionCodec.oobInline(backend());
      }
      if (optID == SO_BINDADDR) {
        try {
          SockAddr local = backend().getsockname();
          return Addresses.inet(local.address());
        } catch (SocketError e) {
          throw new SocketException(e.reason());
        }
      }
      SocketOption<?> option = OptionCodec.standard(optID);
      return OptionCodec.toLegacy(option, OptionCodec.get(backend(), option));
    }
  }

  @Override
  public String toString() {
    return "BackendSocketImpl[" + (socket == null ? "new" : socket.toString()) + "]";
  }
}
