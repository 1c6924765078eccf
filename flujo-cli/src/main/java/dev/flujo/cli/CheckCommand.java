package dev.flujo.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code flujo check}: {@code quick_check} or {@code integrity_check}, exit 0 or 1. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Checks a state file; exits 0 if it is sound, 1 if not.",
      "Runs PRAGMA quick_check, or integrity_check with --full."
    })
final class CheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "the state file")
  Path file;

  @Option(names = "--full", description = "run integrity_check (also checks index contents)")
  boolean full;

  @Option(names = "--json", description = "print the result as JSON")
  boolean json;

  @Override
  public Integer call() {
    Path path = ReadOnlyFile.existing(file);
    String pragma = full ? "integrity_check" : "quick_check";
    List<String> problems = new ArrayList<>();
    try (Connection c = ReadOnlyFile.open(path);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA " + pragma)) {
      while (rs.next()) {
        problems.add(String.valueOf(rs.getString(1)));
      }
      if (problems.size() == 1 && "ok".equals(problems.get(0))) {
        problems.clear();
      } else if (problems.isEmpty()) {
        problems.add(pragma + " returned nothing");
      }
    } catch (SQLException e) {
      problems.add(e.getMessage());
    }
    boolean ok = problems.isEmpty();
    if (json) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("file", path.toString());
      result.put("check", pragma);
      result.put("ok", ok);
      result.put("problems", problems);
      spec.commandLine().getOut().println(Json.write(result));
    } else if (ok) {
      spec.commandLine().getOut().println(path + ": ok (" + pragma + ")");
    } else {
      spec.commandLine().getOut().println(path + ": FAILED (" + pragma + ")");
      for (String p : problems) {
        spec.commandLine().getOut().println("  " + p);
      }
    }
    return ok ? 0 : Flujo.FAILED;
  }
}
