package dev.twinsock.parity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The baseline of a mutation run: for each program of one fixed-seed sample, how many of its
 * first steps the unmutated sim runs exactly as the kernel does, and a digest of the kernel's
 * outcomes of those steps. {@link AgreeingPrefixRecorder} writes it; {@link MutationParity}, the
 * test pitest runs against each mutant of the sim, reads it and runs only those prefixes, so a
 * mutant is killed exactly when it changes an outcome on which the real sim and the kernel
 * agree. Programs on which the sim still diverges from the kernel keep their agreeing part in the
 * measurement instead of making the whole property red (pitest cannot start from a failing
 * test); once the sim agrees everywhere, the prefixes are the whole programs.
 *
 * <p>The kernel's outcomes are recorded rather than asked again for each mutant: the kernel is
 * not mutated, so its answers are the same (the recorder checks that each prefix agrees when run
 * again), and a mutant's run then costs only the sim's time. That is what lets every mutant meet
 * as many programs as CI runs.
 *
 * <p>Both classes draw jqwik's default number of tries from {@link #SEED}, with shrinking off and
 * no replay of earlier failures, so that they see the same programs; the mutation profile sets
 * the tries for both ({@code -Dmutation.tries}, 150 unless given). A program is found in the file
 * by a digest of its printed form.
 */
final class AgreeingPrefixes {
  private AgreeingPrefixes() {}

  static final String SEED = "20250611";

  /** The system property that names the file (the mutation profile of the pom sets it). */
  static final String FILE_PROPERTY = "parity.prefixes";

  static Path file() {
    String path = System.getProperty(FILE_PROPERTY);
    if (path == null) {
      throw new IllegalStateException("no -D" + FILE_PROPERTY + ": run through the pom's mutation profile");
    }
    return Path.of(path);
  }

  /**
   * The program's printed form as a digest. Lookup hints are re-made as sorted maps first: the
   * order of an immutable map's entries differs between JVMs.
   */
  static String key(Program program) {
    List<Op> ops = new ArrayList<>();
    for (Op op : program.ops()) {
      if (op instanceof Op.AddrinfoLookup l && l.hints() != null) {
        op = new Op.AddrinfoLookup(l.host(), l.serviceOfSocket(), l.service(), new TreeMap<>(l.hints()));
      }
      ops.add(op);
    }
    return UUID.nameUUIDFromBytes(ops.toString().getBytes(StandardCharsets.UTF_8)).toString();
  }

  static Program prefix(Program program, int length) {
    return new Program(program.ops().subList(0, length));
  }

  static void reset() {
    try {
      Files.createDirectories(file().toAbsolutePath().getParent());
      Files.deleteIfExists(file());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A digest of a list of outcomes: their texts and the handles each step added. */
  static String digest(List<Outcome> outcomes) {
    StringBuilder b = new StringBuilder();
    for (Outcome o : outcomes) {
      b.append(o.text()).append('\u0000').append(o.newSocketFamilies()).append(' ').append(o.newAddrinfos())
          .append(' ').append(o.newStreams()).append('\n');
    }
    return UUID.nameUUIDFromBytes(b.toString().getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** The baseline of one program: its agreeing length and the digest of the kernel's outcomes. */
  record Baseline(int agreeing, String kernelDigest) {}

  static synchronized void append(Program program, int agreeing, String kernelDigest) {
    String line = key(program) + " " + agreeing + " " + kernelDigest + " " + program.ops().size() + "\n";
    try {
      Files.writeString(file(), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The baseline of each recorded program, by key. */
  static Map<String, Baseline> read() {
    Map<String, Baseline> prefixes = new HashMap<>();
    try {
      for (String line : Files.readAllLines(file())) {
        String[] f = line.split(" ");
        prefixes.put(f[0], new Baseline(Integer.parseInt(f[1]), f[2]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("no baseline: run the mutation profile, which records it first", e);
    }
    return prefixes;
  }
}
