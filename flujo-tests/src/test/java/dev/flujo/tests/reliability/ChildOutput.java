package dev.flujo.tests.reliability;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A child JVM's side of {@link ChildJvm}: whole lines on stdout, each flushed before the call
 * returns, so a line the parent read was written before the child could be killed.
 */
final class ChildOutput {
  private static final PrintStream OUT = new PrintStream(System.out, false, StandardCharsets.UTF_8);

  private ChildOutput() {}

  /** Prints one line and flushes it; halts the child if nobody reads its stdout any more. */
  static synchronized void line(String line) {
    OUT.print(line);
    OUT.print('\n');
    OUT.flush();
    if (OUT.checkError()) {
      Runtime.getRuntime().halt(3);
    }
  }

  /** Reports {@code t} as an {@code ERROR} line (stack trace on stderr) and halts the child. */
  static void fail(Throwable t) {
    t.printStackTrace();
    line("ERROR " + t);
    Runtime.getRuntime().halt(2);
  }

  /** Runs {@code body}, failing the child if it throws. */
  static void guarded(Runnable body) {
    try {
      body.run();
    } catch (Throwable t) {
      fail(t);
    }
  }
}
