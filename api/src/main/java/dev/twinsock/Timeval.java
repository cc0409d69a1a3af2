package dev.twinsock;

/** A time span in seconds and microseconds: the value of {@code SO_RCVTIMEO} and {@code SO_SNDTIMEO}. */
public record Timeval(long sec, long usec) {}
