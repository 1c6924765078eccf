package dev.flujo.tests.reliability;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Makes a directory read-only for this process until closed: {@code chmod a-w}, and where that does
 * not stop this process (root ignores permission bits) {@code chattr +i}, which stops root as well.
 * Aborts the test, naming why, if neither works; it never pretends.
 */
final class ReadOnlyDirectory implements AutoCloseable {
  private final Path dir;
  private final Set<PosixFilePermission> before;
  private boolean immutable;

  private ReadOnlyDirectory(Path dir, Set<PosixFilePermission> before) {
    this.dir = dir;
    this.before = before;
  }

  /** How the directory was made read-only, for figures and messages. */
  String mechanism() {
    return immutable ? "chattr +i (running as root)" : "chmod a-w";
  }

  static ReadOnlyDirectory of(Path dir) throws IOException, InterruptedException {
    ReadOnlyDirectory ro = new ReadOnlyDirectory(dir, Files.getPosixFilePermissions(dir));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
    if (canCreateFileIn(dir)) {
      ro.immutable = run("chattr", "+i", dir.toString()) == 0;
      if (!ro.immutable || canCreateFileIn(dir)) {
        ro.close();
        Assumptions.abort(
            "this process writes into a chmod a-w directory (it runs as root) and chattr +i is"
                + " not available on "
                + dir
                + "; a read-only directory cannot be simulated here");
      }
    }
    return ro;
  }

  private static boolean canCreateFileIn(Path dir) throws IOException {
    Path probe = dir.resolve(".write-probe");
    try {
      Files.createFile(probe);
    } catch (AccessDeniedException e) {
      return false;
    } catch (FileSystemException e) {
      return false;
    }
    Files.delete(probe);
    return true;
  }

  private static int run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }

  /** Makes the directory writable again. */
  @Override
  public void close() throws IOException {
    if (immutable) {
      try {
        if (run("chattr", "-i", dir.toString()) != 0) {
          throw new IOException("chattr -i " + dir + " failed");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while running chattr -i " + dir, e);
      }
      immutable = false;
    }
    Files.setPosixFilePermissions(dir, before);
  }
}
