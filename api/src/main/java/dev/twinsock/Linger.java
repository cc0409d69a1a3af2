package dev.twinsock;

/**
 * The value of {@code SO_LINGER}: {@code onoff} non-zero makes close wait up to {@code linger}
 * seconds for unsent data; {@code {1, 0}} makes close reset the connection.
 */
public record Linger(int onoff, int linger) {}
