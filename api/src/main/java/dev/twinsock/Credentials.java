package dev.twinsock;

/** A process's identity as AF_UNIX reports it: SO_PEERCRED's value and SCM_CREDENTIALS' data. */
public record Credentials(int pid, int uid, int gid) {}
