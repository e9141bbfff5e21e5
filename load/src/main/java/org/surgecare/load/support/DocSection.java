package org.surgecare.load.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A block of docs/benchmarks.md that a benchmark owns, between {@code <!-- NAME:begin -->} and
 * {@code <!-- NAME:end -->}: written again by each run, while the text around it (the analysis) is kept.
 */
public final class DocSection {
  private DocSection() {}

  /** Replaces the block named {@code name} in {@code file} with {@code markdown}, or appends it. */
  public static void write(Path file, String name, String markdown) throws IOException {
    String begin = "<!-- " + name + ":begin -->";
    String end = "<!-- " + name + ":end -->";
    String section = begin + "\n" + markdown + "\n" + end;
    String text = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n";
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    text = from >= 0 && to > from
        ? text.substring(0, from) + section + text.substring(to + end.length())
        : text.stripTrailing() + "\n\n" + section + "\n";
    Files.writeString(file, text);
  }
}
