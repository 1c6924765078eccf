package dev.flujo.tests.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
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

  /** Prints {@code READY} and waits for the parent's {@code GO} on stdin ({@link ChildJvm#runInStep}). */
  static void readyThenAwaitGo() {
    line("READY");
    try {
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String go = in.readLine();
      if (!"GO".equals(go)) {
        throw new IllegalStateException("expected GO on stdin, read " + go);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
