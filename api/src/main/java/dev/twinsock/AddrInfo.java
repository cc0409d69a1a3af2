package dev.twinsock;

/**
 * One result of {@link Sockets#addrinfoLookup}: the family, type and protocol to create a socket
 * with and the address to bind or connect it to. Opaque in the seed; {@link
 * Sockets#addrinfoExplain} describes it as the seed's array does.
 */
public record AddrInfo(int flags, int family, int socktype, int protocol, String canonname, SockAddr addr) {}
