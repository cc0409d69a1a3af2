package dev.twinsock.os;

import dev.twinsock.Socket;

/** How many calls are inside an os backend socket now, for a harness that must close under one. */
public final class CallsInFlight {
  private CallsInFlight() {}

  public static int of(Socket socket) {
    return ((OsSocket) socket).callsInFlight();
  }
}
