package dev.twinsock.jdk.nio;

import static dev.twinsock.SocketConstants.*;

import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import dev.twinsock.Sockets;
import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.IllegalSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.spi.AbstractSelectableChannel;
import java.nio.channels.spi.AbstractSelectionKey;
import java.nio.channels.spi.AbstractSelector;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A {@link Selector} whose every select is one {@code Sockets.select} over the registered
 * channels' sockets: on the sim, {@code select(timeout)} waits on the virtual clock.
 *
 * <p>{@link #wakeup()} writes a byte into an AF_UNIX socket pair whose near end every select also
 * watches, so a select parked in another thread or sim task returns, on both backends. Keys are
 * kept, and selected keys reported, in registration order (the JDK's sets are hashed), so that the
 * order in which a library serves ready channels is the same on every run.
 *
 * <p>No Java lock is held while a select waits: on the sim, a task blocked on a monitor that only
 * another task could release would stop the whole simulation.
 */
final class TwinsockSelector extends AbstractSelector {
  private final Sockets sockets;
  private final Socket wakeNear;
  private final Socket wakeFar;
  /** Guards the key sets and the wake-up state; never held across a wait. */
  private final Object lock = new Object();
  private final LinkedHashSet<SelectionKey> keys = new LinkedHashSet<>();
  private final Set<SelectionKey> publicKeys = Collections.unmodifiableSet(keys);
  private final LinkedHashSet<SelectionKey> selected = new LinkedHashSet<>();
  private final Set<SelectionKey> publicSelected = new Ungrowable(selected);
  private boolean wakePending;
  private int selecting;
  private boolean closing;

  TwinsockSelector(TwinsockSelectorProvider provider) throws IOException {
    super(provider);
    this.sockets = provider.sockets();
    Socket[] pair;
    try {
      pair = sockets.createPair(AF_UNIX, SOCK_STREAM, 0);
    } catch (SocketError e) {
      throw ChannelErrors.of(e, ChannelErrors.Phase.OTHER);
    }
    wakeNear = pair[0];
    wakeFar = pair[1];
    try {
      wakeNear.setNonblock();
      wakeFar.setNonblock();
    } catch (SocketError e) {
      wakeNear.close();
      wakeFar.close();
      throw ChannelErrors.of(e, ChannelErrors.Phase.OTHER);
    }
  }

  private void ensureOpen() {
    if (!isOpen()) {
      throw new ClosedSelectorException();
    }
  }

  @Override
  public Set<SelectionKey> keys() {
    ensureOpen();
    return publicKeys;
  }

  @Override
  public Set<SelectionKey> selectedKeys() {
    ensureOpen();
    return publicSelected;
  }

  @Override
  public int selectNow() throws IOException {
    return doSelect(null, 0);
  }

  @Override
  public int select(long timeout) throws IOException {
    if (timeout < 0) {
      throw new IllegalArgumentException("Negative timeout");
    }
    return doSelect(null, timeout == 0 ? -1 : timeout);
  }

  @Override
  public int select() throws IOException {
    return doSelect(null, -1);
  }

  @Override
  public int select(Consumer<SelectionKey> action, long timeout) throws IOException {
    if (timeout < 0) {
      throw new IllegalArgumentException("Negative timeout");
    }
    return doSelect(Objects.requireNonNull(action), timeout == 0 ? -1 : timeout);
  }

  @Override
  public int select(Consumer<SelectionKey> action) throws IOException {
    return doSelect(Objects.requireNonNull(action), -1);
  }

  @Override
  public int selectNow(Consumer<SelectionKey> action) throws IOException {
    return doSelect(Objects.requireNonNull(action), 0);
  }

  /** One selection; {@code millis} -1 waits for ever, 0 not at all. */
  private int doSelect(Consumer<SelectionKey> action, long millis) throws IOException {
    ensureOpen();
    processCancelled();
    List<Socket> read = new ArrayList<>();
    List<Socket> write = new ArrayList<>();
    List<TwinsockSelectionKey> watched = new ArrayList<>();
    synchronized (lock) {
      for (SelectionKey k : keys) {
        TwinsockSelectionKey key = (TwinsockSelectionKey) k;
        Socket socket = key.isValid() ? key.selectable().selectable() : null;
        if (socket == null) {
          continue;
        }
        int ops = key.interest();
        boolean forRead = (ops & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0;
        boolean forWrite = (ops & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0;
        if (forRead) {
          read.add(socket);
        }
        if (forWrite) {
          write.add(socket);
        }
        if (forRead || forWrite) {
          watched.add(key);
        }
      }
      selecting++;
    }
    read.add(wakeNear);
    Long seconds = millis < 0 ? null : millis / 1000;
    int micros = millis < 0 ? 0 : (int) (millis % 1000) * 1000;
    try {
      begin();
      try {
        sockets.select(read, write, null, seconds, micros);
      } catch (SocketError | IllegalArgumentException e) {
        // a channel was closed under the select (EBADF), or just before it: its key is cancelled
        // and goes at the next selection, as the JDK's does; this one reports nothing
        if (e instanceof SocketError && ((SocketError) e).code() != SOCKET_EBADF) {
          throw ChannelErrors.of((SocketError) e, ChannelErrors.Phase.OTHER);
        }
        read.clear();
        write.clear();
      }
    } finally {
      end();
      synchronized (lock) {
        selecting--;
        if (closing && selecting == 0) {
          closeWakePair();
        }
      }
    }
    if (!isOpen()) {
      return 0;
    }
    Set<Socket> readable = identitySet(read);
    Set<Socket> writable = identitySet(write);
    int count = 0;
    List<SelectionKey> toAct = action == null ? null : new ArrayList<>();
    synchronized (lock) {
      for (TwinsockSelectionKey key : watched) {
        if (!key.isValid()) {
          continue;
        }
        Socket socket = key.selectable().selectable();
        if (socket == null) {
          continue;
        }
        boolean r = readable.contains(socket);
        boolean w = writable.contains(socket);
        if (!r && !w) {
          continue;
        }
        int ready = key.selectable().readyOps(r, w, key.interest());
        if (ready == 0) {
          continue;
        }
        if (action != null) {
          key.readyOps(ready);
          toAct.add(key);
          count++;
        } else if (selected.contains(key)) {
          int old = key.readyOps();
          if ((old | ready) != old) {
            key.readyOps(old | ready);
            count++;
          }
        } else {
          key.readyOps(ready);
          selected.add(key);
          count++;
        }
      }
      if (wakePending || readable.contains(wakeNear)) {
        drainWakeUps();
      }
    }
    if (toAct != null) {
      for (SelectionKey key : toAct) {
        action.accept(key);
        ensureOpen();
      }
    }
    processCancelled();
    return count;
  }

  private static Set<Socket> identitySet(List<Socket> sockets) {
    Set<Socket> set = Collections.newSetFromMap(new IdentityHashMap<>());
    set.addAll(sockets);
    return set;
  }

  /** Empties the wake-up pair; called with {@link #lock} held. */
  private void drainWakeUps() {
    wakePending = false;
    while (true) {
      try {
        if (wakeNear.recv(64, 0).length == 0) {
          return;
        }
      } catch (SocketError e) {
        return; // EAGAIN: empty
      }
    }
  }

  private void processCancelled() {
    Set<SelectionKey> cancelled = cancelledKeys();
    synchronized (cancelled) {
      if (cancelled.isEmpty()) {
        return;
      }
      for (SelectionKey key : cancelled) {
        synchronized (lock) {
          keys.remove(key);
          selected.remove(key);
        }
        deregister((AbstractSelectionKey) key);
      }
      cancelled.clear();
    }
  }

  @Override
  protected SelectionKey register(AbstractSelectableChannel channel, int ops, Object attachment) {
    if (!(channel instanceof SelectableSocket) || channel.provider() != provider()) {
      throw new IllegalSelectorException();
    }
    ensureOpen();
    TwinsockSelectionKey key = new TwinsockSelectionKey(channel, this);
    key.attach(attachment);
    key.interestOps(ops);
    synchronized (lock) {
      keys.add(key);
    }
    return key;
  }

  @Override
  public Selector wakeup() {
    synchronized (lock) {
      if (!wakePending && !closing) {
        wakePending = true;
        try {
          wakeFar.send(new byte[] {1}, 1, MSG_NOSIGNAL);
        } catch (SocketError e) {
          // EAGAIN: the pair already holds wake-ups enough
        }
      }
    }
    return this;
  }

  @Override
  protected void implCloseSelector() {
    wakeup();
    List<SelectionKey> all;
    synchronized (lock) {
      closing = true;
      all = new ArrayList<>(keys);
      keys.clear();
      selected.clear();
      if (selecting == 0) {
        closeWakePair();
      }
    }
    for (SelectionKey key : all) {
      key.cancel();
      deregister((AbstractSelectionKey) key);
    }
    Set<SelectionKey> cancelled = cancelledKeys();
    synchronized (cancelled) {
      cancelled.clear();
    }
  }

  private void closeWakePair() {
    wakeNear.close();
    wakeFar.close();
  }

  /** The selected-key set: removal allowed, addition not, as the JDK's. */
  private static final class Ungrowable extends AbstractSet<SelectionKey> {
    private final Set<SelectionKey> set;

    Ungrowable(Set<SelectionKey> set) {
      this.set = set;
    }

    @Override
    public Iterator<SelectionKey> iterator() {
      return set.iterator();
    }

    @Override
    public int size() {
      return set.size();
    }

    @Override
    public boolean contains(Object o) {
      return set.contains(o);
    }

    @Override
    public boolean remove(Object o) {
      return set.remove(o);
    }

    @Override
    public void clear() {
      set.clear();
    }

    @Override
    public boolean add(SelectionKey key) {
      throw new UnsupportedOperationException();
    }
  }
}
