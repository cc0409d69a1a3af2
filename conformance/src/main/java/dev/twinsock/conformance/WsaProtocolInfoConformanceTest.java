package dev.twinsock.conformance;

import static dev.twinsock.SocketConstants.SOCKET_EOPNOTSUPP;
import static dev.twinsock.conformance.SocketAssertions.assertSocketError;

import dev.twinsock.Socket;
import org.junit.jupiter.api.Test;

/** The seed's Windows-only {@code socket_wsaprotocol_info_*} functions: EOPNOTSUPP on Linux, on every backend. */
public class WsaProtocolInfoConformanceTest extends ConformanceTest {

  @Test
  void exportImportAndReleaseAreNotSupported() {
    Socket socket = Loopback.tcp(sockets);
    assertSocketError(SOCKET_EOPNOTSUPP, () -> sockets.wsaprotocolInfoExport(socket, 1));
    assertSocketError(SOCKET_EOPNOTSUPP, () -> sockets.wsaprotocolInfoImport("id"));
    assertSocketError(SOCKET_EOPNOTSUPP, () -> sockets.wsaprotocolInfoRelease("id"));
  }
}
