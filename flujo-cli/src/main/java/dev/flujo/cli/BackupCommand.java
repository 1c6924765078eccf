package dev.flujo.cli;

import dev.flujo.runtime.BackupReport;
import dev.flujo.runtime.StateDatabase;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code flujo backup}: {@link StateDatabase#backup(Path, Path)} from the command line. */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = {
      "Backs up a state file while applications keep using it.",
      "A consistent snapshot, checked with quick_check, fsynced and renamed onto TARGET",
      "(see docs/operations.md)."
    })
final class BackupCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "the state file")
  Path file;

  @Parameters(index = "1", paramLabel = "TARGET", description = "the backup file to write")
  Path target;

  @Override
  public Integer call() {
    Path source = ReadOnlyFile.existing(file);
    BackupReport r;
    try {
      r = StateDatabase.backup(source, target);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), Flujo.USAGE, e);
    }
    spec.commandLine()
        .getOut()
        .println(
            String.format(
                Locale.ROOT,
                "%s -> %s: %d bytes in %d ms",
                source,
                r.file(),
                r.bytes(),
                r.elapsed().toMillis()));
    return 0;
  }
}
