package dev.twinsock.jdk.nio;

import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.spi.AbstractSelectionKey;

/** The registration of one channel with one {@link TwinsockSelector}. */
final class TwinsockSelectionKey extends AbstractSelectionKey {
  private final SelectableChannel channel;
  private final TwinsockSelector selector;
  private volatile int interestOps;
  private volatile int readyOps;

  TwinsockSelectionKey(SelectableChannel channel, TwinsockSelector selector) {
    this.channel = channel;
    this.selector = selector;
  }

  @Override
  public SelectableChannel channel() {
    return channel;
  }

  @Override
  public Selector selector() {
    return selector;
  }

  SelectableSocket selectable() {
    return (SelectableSocket) channel;
  }

  @Override
  public int interestOps() {
    ensureValid();
    return interestOps;
  }

  @Override
  public SelectionKey interestOps(int ops) {
    ensureValid();
    if ((ops & ~channel.validOps()) != 0) {
      throw new IllegalArgumentException("Invalid interest ops: " + ops);
    }
    interestOps = ops;
    return this;
  }

  /** The interest set without the validity check, for the selector's own loop. */
  int interest() {
    return interestOps;
  }

  @Override
  public int readyOps() {
    ensureValid();
    return readyOps;
  }

  void readyOps(int ops) {
    readyOps = ops;
  }

  private void ensureValid() {
    if (!isValid()) {
      throw new CancelledKeyException();
    }
  }

  @Override
  public String toString() {
    return "channel=" + channel + ", selector=" + selector
        + (isValid() ? ", interestOps=" + interestOps + ", readyOps=" + readyOps : ", invalid");
  }
}
