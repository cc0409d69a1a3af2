package dev.twinsock;

/**
 * One ancillary-data entry of a {@link Message}. For {@code SOL_SOCKET/SCM_RIGHTS} the data is a
 * {@code List<Socket>}; for {@code SOL_SOCKET/SCM_CREDENTIALS} it is a {@link Credentials}; any
 * other entry carries its raw bytes as a {@code byte[]}.
 */
public record ControlMessage(int level, int type, Object data) {}
