package dev.flujo.cli;

import dev.flujo.runtime.SchemaPlan;
import dev.flujo.runtime.StateDatabase;
import dev.flujo.runtime.StateException;
import dev.flujo.runtime.TableDefinition;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flujo schema}: what {@code StateDatabase.builder()...open()} would do to a file's schema
 * with the tables of an application's generated DAOs, without doing it.
 */
@Command(
    name = "schema",
    mixinStandardHelpOptions = true,
    description = {
      "Prints what open() would do to a file's schema, without doing it.",
      "That is: create tables and indexes, add columns, rebuild for a widened",
      "enum, record fingerprints, nothing, or refuse with the reasons.",
      "The tables are the TABLE fields of the generated *Dao classes on --classpath.",
      "Exits 0 if open() would succeed, 1 if it would refuse."
    })
final class SchemaCommand implements Callable<Integer> {
  private static final String SUFFIX = "Dao.class";

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "DATABASE",
      description = "the state file, or a PostgreSQL JDBC URL (jdbc:postgresql://host/db)")
  String database;

  @Mixin Target.Credentials credentials = new Target.Credentials();

  @Option(
      names = "--classpath",
      required = true,
      paramLabel = "PATH",
      description =
          "the application's jars and class directories, separated by '${sys:path.separator}'")
  String classpath;

  @Option(names = "--json", description = "print the result as JSON")
  boolean json;

  /** A generated DAO and its table. */
  record Dao(String className, TableDefinition table) {}

  @Override
  public Integer call() throws IOException {
    Target target = Target.of(database, credentials);
    List<Path> entries = entries(classpath);
    List<Dao> daos = daos(entries);
    if (daos.isEmpty()) {
      throw new CliException(
          "no generated DAO found on the class path: no class named *Dao with a public static"
              + " final TableDefinition TABLE field in "
              + classpath,
          Flujo.FAILED);
    }
    List<TableDefinition> tables = new ArrayList<>();
    for (Dao dao : daos) {
      tables.add(dao.table());
    }
    SchemaPlan plan;
    try {
      plan =
          target.isServer()
              ? StateDatabase.plan(target.url(), target.user(), target.password(), tables)
              : StateDatabase.plan(target.file(), tables);
    } catch (IllegalArgumentException | StateException e) {
      throw new CliException(e.getMessage(), Flujo.FAILED, e);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("file", plan.file());
      List<Object> described = new ArrayList<>();
      for (Dao dao : daos) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("table", dao.table().name());
        t.put("dao", dao.className());
        t.put("fingerprint", dao.table().fingerprint());
        described.add(t);
      }
      result.put("tables", described);
      result.put("opens", plan.opens());
      result.put("upToDate", plan.upToDate());
      result.put("changes", plan.changes());
      result.put("refusal", plan.refusal().orElse(null));
      out.println(Json.write(result));
    } else {
      out.println(plan.file() + ": compared with " + tableList(daos));
      if (!plan.opens()) {
        out.println("open() would refuse and change nothing:");
        out.println(plan.refusal().orElseThrow());
      } else if (plan.upToDate()) {
        out.println("up to date: open() would change nothing");
      } else {
        out.println("open() would:");
        for (String change : plan.changes()) {
          out.println("  " + change);
        }
      }
    }
    return plan.opens() ? 0 : Flujo.FAILED;
  }

  private static String tableList(List<Dao> daos) {
    List<String> names = new ArrayList<>();
    for (Dao dao : daos) {
      names.add(dao.table().name() + " (" + dao.className() + ")");
    }
    return String.join(", ", names);
  }

  /** The class path entries, each an existing jar or directory (usage error otherwise). */
  static List<Path> entries(String classpath) {
    List<Path> entries = new ArrayList<>();
    for (String entry : classpath.split(File.pathSeparator)) {
      if (entry.isBlank()) {
        continue;
      }
      Path p = Path.of(entry).toAbsolutePath().normalize();
      if (!Files.exists(p)) {
        throw new CliException("no such class path entry: " + entry, Flujo.USAGE);
      }
      entries.add(p);
    }
    if (entries.isEmpty()) {
      throw new CliException("--classpath is empty", Flujo.USAGE);
    }
    return entries;
  }

  /**
   * Every class named {@code *Dao} on {@code entries} with a {@code public static final
   * TableDefinition TABLE} field, in class name order.
   */
  static List<Dao> daos(List<Path> entries) throws IOException {
    TreeSet<String> names = new TreeSet<>();
    for (Path entry : entries) {
      if (Files.isDirectory(entry)) {
        try (Stream<Path> walk = Files.walk(entry)) {
          walk.filter(p -> p.getFileName().toString().endsWith(SUFFIX) && Files.isRegularFile(p))
              .forEach(p -> names.add(className(entry.relativize(p).toString())));
        } catch (UncheckedIOException e) {
          throw new CliException("cannot read " + entry + ": " + e.getCause(), Flujo.FAILED, e);
        }
      } else {
        try (JarFile jar = new JarFile(entry.toFile())) {
          Enumeration<JarEntry> all = jar.entries();
          while (all.hasMoreElements()) {
            String name = all.nextElement().getName();
            if (name.endsWith(SUFFIX) && !name.startsWith("META-INF/")) {
              names.add(className(name));
            }
          }
        } catch (IOException e) {
          throw new CliException(
              "class path entry is neither a directory nor a jar: " + entry, Flujo.USAGE, e);
        }
      }
    }
    URL[] urls = new URL[entries.size()];
    for (int i = 0; i < urls.length; i++) {
      try {
        urls[i] = entries.get(i).toUri().toURL();
      } catch (MalformedURLException e) {
        throw new CliException("bad class path entry: " + entries.get(i), Flujo.USAGE, e);
      }
    }
    // not closed: the tables' classes stay in use until the command ends
    URLClassLoader loader = new URLClassLoader(urls, TableDefinition.class.getClassLoader());
    List<Dao> daos = new ArrayList<>();
    for (String name : names) {
      TableDefinition table = table(loader, name);
      if (table != null) {
        daos.add(new Dao(name, table));
      }
    }
    return daos;
  }

  private static String className(String resource) {
    String name = resource.substring(0, resource.length() - ".class".length());
    return name.replace(File.separatorChar, '.').replace('/', '.');
  }

  /** The class's {@code TABLE}, or null if it has no such field. */
  private static TableDefinition table(ClassLoader loader, String name) {
    try {
      Class<?> type = Class.forName(name, false, loader);
      Field field;
      try {
        field = type.getField("TABLE");
      } catch (NoSuchFieldException e) {
        return null;
      }
      int m = field.getModifiers();
      if (!Modifier.isStatic(m)
          || !Modifier.isFinal(m)
          || field.getType() != TableDefinition.class
          || field.getDeclaringClass() != type) {
        return null;
      }
      Object value = field.get(null);
      if (value == null) {
        throw new CliException(name + ".TABLE is null", Flujo.FAILED);
      }
      return (TableDefinition) value;
    } catch (NoClassDefFoundError e) {
      if (String.valueOf(e.getMessage()).contains("(wrong name: ")) {
        return null;
      }
      throw new CliException(
          "cannot load " + name + " (" + e + "); add the jars it needs to --classpath",
          Flujo.FAILED,
          e);
    } catch (LinkageError | ReflectiveOperationException e) {
      throw new CliException(
          "cannot load "
              + name
              + " ("
              + e
              + "); add the jars it needs to --classpath",
          Flujo.FAILED,
          e);
    }
  }
}
