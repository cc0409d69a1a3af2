package dev.twinsock.jdk.nio;

import static dev.twinsock.SocketConstants.*;

import dev.twinsock.Socket;
import dev.twinsock.SocketError;
import java.io.IOException;
import java.nio.channels.Pipe;

/**
 * A {@link Pipe} over an AF_UNIX stream socket pair of the backend, as the JDK's pipe is a pair of
 * descriptors: bytes written to the sink are read from the source, closing the sink is end of
 * stream at the source, and writing after the source closed is "Broken pipe".
 */
final class TwinsockPipe extends Pipe {
  private final PipeSource source;
  private final PipeSink sink;

  TwinsockPipe(TwinsockSelectorProvider provider) throws IOException {
    Socket[] pair;
    try {
      pair = provider.sockets().createPair(AF_UNIX, SOCK_STREAM, 0);
    } catch (SocketError e) {
      throw ChannelErrors.of(e, ChannelErrors.Phase.OTHER);
    }
    try {
      pair[0].shutdown(SHUT_WR);
      pair[1].shutdown(SHUT_RD);
    } catch (SocketError e) {
      pair[0].close();
      pair[1].close();
      throw ChannelErrors.of(e, ChannelErrors.Phase.OTHER);
    }
    TwinsockSocketChannel.nonblocking(pair[0]);
    TwinsockSocketChannel.nonblocking(pair[1]);
    source = new PipeSource(provider, pair[0]);
    sink = new PipeSink(provider, pair[1]);
  }

  @Override
  public SourceChannel source() {
    return source;
  }

  @Override
  public SinkChannel sink() {
    return sink;
  }
}
