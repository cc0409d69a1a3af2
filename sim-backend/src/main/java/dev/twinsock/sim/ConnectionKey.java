package dev.twinsock.sim;

/** The four-tuple that finds a TCP connection, in wire addresses. Used for lookups only. */
record ConnectionKey(IpAddress localAddress, int localPort, IpAddress remoteAddress, int remotePort) {}
