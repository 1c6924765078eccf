package dev.flujo.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code flujo} command: looks inside a Flujo state file without writing code and without
 * changing it. Exit codes: 0 ok, 1 a check failed or the command could not do its work, 2 a usage
 * error (unknown option, missing argument, no such file).
 */
@Command(
    name = "flujo",
    mixinStandardHelpOptions = true,
    versionProvider = Flujo.Version.class,
    description =
        "Inspect, check, back up and query Flujo state files (SQLite), and compare them with an"
            + " application's tables; info, query and schema also take a PostgreSQL JDBC URL.",
    subcommands = {
      InfoCommand.class,
      CheckCommand.class,
      BackupCommand.class,
      QueryCommand.class,
      SchemaCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 ok, 1 check failed or command failed, 2 usage error.",
      "Files are opened read-only; nothing is created or changed in them.",
      "PostgreSQL databases are read in READ ONLY transactions."
    })
public final class Flujo implements Runnable {
  /** Exit code of a failed check or a command that could not do its work. */
  public static final int FAILED = 1;
  /** Exit code of a usage error. */
  public static final int USAGE = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line with the given streams; returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Flujo());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof CliException failure) {
            commandLine.getErr().println("flujo: " + failure.getMessage());
            return failure.exitCode();
          }
          commandLine.getErr().println("flujo: " + describe(e));
          return FAILED;
        });
    return cli.execute(args);
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.toString() : message;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "a command is required: info, check, backup, query or schema");
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Flujo.class.getPackage().getImplementationVersion();
      return new String[] {"flujo " + (v == null ? "(development build)" : v)};
    }
  }
}
