package dev.twinsock.parity;

import dev.twinsock.SocketError;
import java.util.List;

/**
 * What one step did on one backend, normalised to text so that two backends can be compared by
 * equality: {@code ok ...} with the value, {@code err <function> <errno>}, {@code iae <message>}
 * for an argument rejected before any call, {@code skip <reason>} for a step the harness did not
 * make, or {@code threw <exception>} for anything else. The rest says what the step added to
 * the run's handles: the family of each new socket (-1 if unknown), and how many AddrInfos and
 * streams; and whether the harness made the call in blocking mode ({@code waited}, see
 * Run#waits), so that a rendered program makes it the same way.
 */
record Outcome(String text, List<Integer> newSocketFamilies, int newAddrinfos, int newStreams, boolean waited,
    List<Outcome> parts) {
  Outcome {
    newSocketFamilies = List.copyOf(newSocketFamilies);
    parts = List.copyOf(parts);
  }

  Outcome(String text, List<Integer> newSocketFamilies, int newAddrinfos, int newStreams, boolean waited) {
    this(text, newSocketFamilies, newAddrinfos, newStreams, waited, List.of());
  }

  /**
   * The outcome of a {@link Op.Meanwhile}: the waiter's and the actor's (its {@link #parts}), and
   * whether the waiter had to wait; the handles it adds are the waiter's (the actor makes none).
   */
  static Outcome meanwhile(boolean waits, Outcome waiter, Outcome actor) {
    return new Outcome((waits ? "meanwhile waits: " : "meanwhile: ") + waiter.text + " || " + actor.text,
        waiter.newSocketFamilies, waiter.newAddrinfos, waiter.newStreams, waiter.waited, List.of(waiter, actor));
  }

  /** Whether this is a {@link #meanwhile} outcome whose waiter waited for its actor. */
  boolean waitedForActor() {
    return text.startsWith("meanwhile waits: ");
  }

  static Outcome ok() {
    return of("ok");
  }

  static Outcome ok(String value) {
    return of("ok " + value);
  }

  static Outcome sockets(String value, List<Integer> families) {
    return new Outcome("ok " + value, families, 0, 0, false);
  }

  static Outcome addrinfos(String value, int count) {
    return new Outcome("ok " + value, List.of(), count, 0, false);
  }

  static Outcome stream(String value) {
    return new Outcome("ok " + value, List.of(), 0, 1, false);
  }

  static Outcome error(SocketError e) {
    return of("err " + e.function() + " " + e.code());
  }

  static Outcome illegalArgument(String message) {
    return of("iae " + message);
  }

  static Outcome skip(String reason) {
    return of("skip " + reason);
  }

  static Outcome threw(String description) {
    return of("threw " + description);
  }

  /** An outcome that adds no handle. */
  static Outcome of(String text) {
    return new Outcome(text, List.of(), 0, 0, false);
  }

  /** The same outcome, of a call the harness made in blocking mode. */
  Outcome waiting() {
    return new Outcome(text, newSocketFamilies, newAddrinfos, newStreams, true, parts);
  }

  int newSockets() {
    return newSocketFamilies.size();
  }

  boolean skipped() {
    return text.startsWith("skip ");
  }

  boolean failed() {
    return text.startsWith("err ") || text.startsWith("iae ") || text.startsWith("threw ");
  }

  /** Whether two backends did the same: the only comparison the properties make. */
  boolean agreesWith(Outcome other) {
    return equals(other);
  }

  @Override
  public String toString() {
    return text;
  }
}
