package dev.twinsock.parity;

/** One step of a compared run: the op and what each backend did. */
record Step(int index, Op op, Outcome reference, Outcome candidate) {
  boolean agrees() {
    return reference.agreesWith(candidate);
  }
}
