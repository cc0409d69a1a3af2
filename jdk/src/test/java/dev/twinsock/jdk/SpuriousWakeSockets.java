package dev.twinsock.jdk;

import dev.twinsock.AddrInfo;
import dev.twinsock.Socket;
import dev.twinsock.SocketStream;
import dev.twinsock.Sockets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;

/**
 * A backend whose first select, once {@linkplain #arm armed}, that would still be waiting at the
 * armed instant (on the backend's clock) returns then, reporting every socket it watches as ready,
 * though none is: the early wake-up select(2) is allowed (its man page: a socket "ready for
 * reading" whose read then blocks). Everything else is the wrapped backend's.
 */
public final class SpuriousWakeSockets implements Sockets {
  private final Sockets backend;
  private long wakeAt = Long.MIN_VALUE;
  private int wakes;

  public SpuriousWakeSockets(Sockets backend) {
    this.backend = backend;
  }

  /** Makes one select wake early, {@code after} from now. */
  public void arm(Duration after) {
    wakeAt = backend.clock().millis() + after.toMillis();
    wakes = 0;
  }

  /** How many early wake-ups have been reported. */
  public int wakes() {
    return wakes;
  }

  @Override
  public int select(List<Socket> read, List<Socket> write, List<Socket> except, Long seconds, int microseconds) {
    long now = backend.clock().millis();
    long asked = seconds == null ? Long.MAX_VALUE : seconds * 1000 + microseconds / 1000;
    if (wakes > 0 || wakeAt <= now || asked <= wakeAt - now) {
      return backend.select(read, write, except, seconds, microseconds);
    }
    long shorter = wakeAt - now;
    List<Socket> r = read == null ? null : new java.util.ArrayList<>(read);
    List<Socket> w = write == null ? null : new java.util.ArrayList<>(write);
    int ready = backend.select(r, w, null, shorter / 1000, (int) (shorter % 1000) * 1000);
    if (ready > 0) {
      read.retainAll(r == null ? List.of() : r);
      write.retainAll(w == null ? List.of() : w);
      if (except != null) {
        except.clear();
      }
      return ready;
    }
    wakes++;
    if (except != null) {
      except.clear();
    }
    return (read == null ? 0 : read.size()) + (write == null ? 0 : write.size());
  }

  @Override
  public Socket create(int domain, int type, int protocol) {
    return backend.create(domain, type, protocol);
  }

  @Override
  public Socket createListen(int port, int backlog) {
    return backend.createListen(port, backlog);
  }

  @Override
  public Socket[] createPair(int domain, int type, int protocol) {
    return backend.createPair(domain, type, protocol);
  }

  @Override
  public List<AddrInfo> addrinfoLookup(String host, String service, Map<String, Integer> hints) {
    return backend.addrinfoLookup(host, service, hints);
  }

  @Override
  public Socket addrinfoBind(AddrInfo address) {
    return backend.addrinfoBind(address);
  }

  @Override
  public Socket addrinfoConnect(AddrInfo address) {
    return backend.addrinfoConnect(address);
  }

  @Override
  public Map<String, Object> addrinfoExplain(AddrInfo address) {
    return backend.addrinfoExplain(address);
  }

  @Override
  public Socket importStream(SocketStream stream) {
    return backend.importStream(stream);
  }

  @Override
  public int cmsgSpace(int level, int type, int n) {
    return backend.cmsgSpace(level, type, n);
  }

  @Override
  public String wsaprotocolInfoExport(Socket socket, int targetPid) {
    return backend.wsaprotocolInfoExport(socket, targetPid);
  }

  @Override
  public Socket wsaprotocolInfoImport(String infoId) {
    return backend.wsaprotocolInfoImport(infoId);
  }

  @Override
  public boolean wsaprotocolInfoRelease(String infoId) {
    return backend.wsaprotocolInfoRelease(infoId);
  }

  @Override
  public int lastError() {
    return backend.lastError();
  }

  @Override
  public void clearError() {
    backend.clearError();
  }

  @Override
  public String strerror(int errno) {
    return backend.strerror(errno);
  }

  @Override
  public Clock clock() {
    return backend.clock();
  }

  @Override
  public void sleep(Duration duration) {
    backend.sleep(duration);
  }

  @Override
  public ThreadFactory threadFactory() {
    return backend.threadFactory();
  }

  @Override
  public void close() {
    backend.close();
  }
}
