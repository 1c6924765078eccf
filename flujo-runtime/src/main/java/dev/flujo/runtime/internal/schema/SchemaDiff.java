package dev.flujo.runtime.internal.schema;

import dev.flujo.runtime.ColumnDefinition;
import dev.flujo.runtime.TableDefinition;
import dev.flujo.runtime.internal.schema.Ddl.Clause;
import dev.flujo.runtime.internal.schema.Ddl.ColumnDdl;
import dev.flujo.runtime.internal.schema.Ddl.Kind;
import dev.flujo.runtime.internal.schema.Ddl.TableDdl;
import dev.flujo.runtime.internal.schema.Ddl.Token;
import dev.flujo.runtime.internal.schema.FileTable.FileColumn;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How a table in the file differs from its {@link TableDefinition}: the columns that can be added,
 * the {@code CHECK} constraints that were only widened (fixed by rebuilding the table), and every
 * other difference, which Flujo refuses.
 *
 * <p>Columns are matched by name, ignoring case and order. Type, {@code NOT NULL}, default and key
 * come from {@code PRAGMA table_xinfo}; {@code CHECK} and any other column clause from the {@code
 * CREATE TABLE} text, compared token by token so that layout, quoting and keyword case do not
 * count.
 */
public final class SchemaDiff {
  private static final Set<String> COMPARED_APART =
      Set.of("NOT", "NULL", "DEFAULT", "CHECK", "PRIMARY", "CONSTRAINT");

  private final List<String> refusals = new ArrayList<>();
  private final List<ColumnDefinition> added = new ArrayList<>();
  private final List<String> widened = new ArrayList<>();

  private SchemaDiff() {}

  /** The refused differences, one message each; empty if the table can be brought in line. */
  public List<String> refusals() {
    return refusals;
  }

  /** Columns the code declares and the file lacks, all addable with {@code ADD COLUMN}. */
  public List<ColumnDefinition> added() {
    return added;
  }

  /** Descriptions of {@code CHECK} constraints the code widened; non-empty means rebuild. */
  public List<String> widened() {
    return widened;
  }

  /** Whether the table must be rebuilt (a widened {@code CHECK}). */
  public boolean needsRebuild() {
    return !widened.isEmpty();
  }

  /** Whether file and code agree. */
  public boolean isEmpty() {
    return refusals.isEmpty() && added.isEmpty() && widened.isEmpty();
  }

  /** Compares the file's table with the code's definition. */
  public static SchemaDiff compare(TableDefinition code, FileTable file) {
    SchemaDiff diff = new SchemaDiff();
    TableDdl codeDdl = Ddl.parseCreateTable(code.createTableSql());
    TableDdl fileDdl = file.ddl();
    if (fileDdl == null) {
      diff.refusals.add(String.format(SchemaMessages.UNREADABLE_DDL, file.sql()));
    }
    if (file.withoutRowId() != code.withoutRowId()) {
      diff.refusals.add(
          String.format(
              SchemaMessages.OPTION_CHANGED,
              file.withoutRowId() ? "WITHOUT ROWID" : "a rowid table",
              code.withoutRowId() ? "WITHOUT ROWID" : "a rowid table"));
    }
    if (file.strict() != code.strict()) {
      diff.refusals.add(
          String.format(
              SchemaMessages.OPTION_CHANGED,
              file.strict() ? "STRICT" : "not STRICT",
              code.strict() ? "STRICT" : "not STRICT"));
    }
    List<String> codeKey = new ArrayList<>();
    for (ColumnDefinition c : code.primaryKey()) {
      codeKey.add(c.name());
    }
    List<String> fileKey = file.primaryKey();
    if (!sameNames(fileKey, codeKey)) {
      diff.refusals.add(
          String.format(SchemaMessages.KEY_CHANGED, quotedList(fileKey), quotedList(codeKey)));
    }
    for (ColumnDefinition c : code.columns()) {
      FileColumn f = file.column(c.name());
      ColumnDdl codeColumn = codeDdl.column(c.name());
      if (f == null) {
        String reason = notAddable(c);
        if (reason == null) {
          diff.added.add(c);
        } else {
          diff.refusals.add(
              String.format(
                  SchemaMessages.COLUMN_NOT_ADDABLE, c.name(), describe(c, codeColumn), reason));
        }
        continue;
      }
      ColumnDdl fileColumn = fileDdl == null ? null : fileDdl.column(f.name());
      diff.compareColumn(c, codeColumn, f, fileColumn);
    }
    for (FileColumn f : file.columns()) {
      if (code.column(f.name()) == null) {
        ColumnDdl fileColumn = fileDdl == null ? null : fileDdl.column(f.name());
        diff.refusals.add(
            String.format(SchemaMessages.COLUMN_REMOVED, f.name(), describe(f, fileColumn)));
      }
    }
    if (fileDdl != null) {
      List<String> fileConstraints = constraintKeys(fileDdl);
      List<String> codeConstraints = constraintKeys(codeDdl);
      for (String constraint : otherConstraints(fileDdl)) {
        if (!codeConstraints.contains(Ddl.normalize(constraint))) {
          diff.refusals.add(String.format(SchemaMessages.CONSTRAINT_REMOVED, constraint));
        }
      }
      for (String constraint : otherConstraints(codeDdl)) {
        if (!fileConstraints.contains(Ddl.normalize(constraint))) {
          diff.refusals.add(String.format(SchemaMessages.CONSTRAINT_ADDED, constraint));
        }
      }
    }
    return diff;
  }

  /** Why {@code column} cannot be added with {@code ALTER TABLE ADD COLUMN}, or null if it can. */
  static String notAddable(ColumnDefinition column) {
    if (column.isPrimaryKey()) {
      return SchemaMessages.NOT_ADDABLE_KEY;
    }
    String dflt = column.defaultValue() == null ? null : column.defaultValue().trim();
    if (column.notNull() && (dflt == null || dflt.equalsIgnoreCase("NULL"))) {
      return SchemaMessages.NOT_ADDABLE_NOT_NULL;
    }
    if (dflt != null) {
      String upper = dflt.toUpperCase(Locale.ROOT);
      if (dflt.startsWith("(")
          || upper.equals("CURRENT_TIME")
          || upper.equals("CURRENT_DATE")
          || upper.equals("CURRENT_TIMESTAMP")) {
        return SchemaMessages.NOT_ADDABLE_EXPRESSION;
      }
    }
    return null;
  }

  private void compareColumn(
      ColumnDefinition code, ColumnDdl codeColumn, FileColumn file, ColumnDdl fileColumn) {
    List<String> reasons = new ArrayList<>();
    if (!Ddl.normalize(file.type()).equals(Ddl.normalize(code.type()))) {
      reasons.add("type changed");
    }
    if (file.notNull() && !code.notNull()) {
      reasons.add("NOT NULL dropped");
    } else if (!file.notNull() && code.notNull()) {
      reasons.add("made NOT NULL");
    }
    if (!Objects.equals(
        normalizeOrNull(file.defaultValue()), normalizeOrNull(code.defaultValue()))) {
      reasons.add("default changed");
    }
    if (file.hidden() != 0) {
      reasons.add("generated column");
    }
    String widening = null;
    List<List<Token>> fileChecks = new ArrayList<>();
    if (fileColumn != null) {
      for (Clause check : fileColumn.clauses("CHECK")) {
        fileChecks.add(check.checkExpression());
      }
    }
    List<List<Token>> codeChecks = new ArrayList<>();
    if (code.check() != null) {
      codeChecks.add(Ddl.tokenize(code.check()));
    }
    if (!sameExpressions(fileChecks, codeChecks)) {
      CheckChange change = compareChecks(code.name(), fileChecks, codeChecks);
      if (change.widened) {
        widening = change.description;
      } else {
        reasons.add(change.description);
      }
    }
    List<String> fileExtras = extraClauses(fileColumn);
    List<String> codeExtras = extraClauses(codeColumn);
    for (String extra : fileExtras) {
      if (!containsKey(codeExtras, extra)) {
        reasons.add("the file declares " + extra);
      }
    }
    for (String extra : codeExtras) {
      if (!containsKey(fileExtras, extra)) {
        reasons.add("the code declares " + extra);
      }
    }
    if (!reasons.isEmpty()) {
      refusals.add(
          String.format(
              SchemaMessages.COLUMN_DIFFERS,
              code.name(),
              describe(file, fileColumn),
              describe(code, codeColumn),
              String.join(", ", reasons)));
    } else if (widening != null) {
      widened.add("CHECK on \"" + code.name() + "\" " + widening);
    }
  }

  /** The outcome of comparing two sets of CHECK expressions that differ. */
  private record CheckChange(boolean widened, String description) {}

  private static CheckChange compareChecks(
      String column, List<List<Token>> file, List<List<Token>> code) {
    if (code.isEmpty()) {
      return new CheckChange(true, "removed");
    }
    if (file.isEmpty()) {
      return new CheckChange(false, "CHECK added");
    }
    if (file.size() == 1 && code.size() == 1) {
      List<String> fileValues = inList(column, file.get(0));
      List<String> codeValues = inList(column, code.get(0));
      if (fileValues != null && codeValues != null) {
        Set<String> removed = new LinkedHashSet<>(fileValues);
        removed.removeAll(codeValues);
        if (removed.isEmpty()) {
          Set<String> addedValues = new LinkedHashSet<>(codeValues);
          addedValues.removeAll(fileValues);
          return new CheckChange(true, "now also allows " + String.join(", ", addedValues));
        }
        return new CheckChange(
            false, "CHECK narrowed: no longer allows " + String.join(", ", removed));
      }
    }
    return new CheckChange(false, "CHECK changed");
  }

  /**
   * The literal values of a {@code "column" IN (v1, v2, ...)} expression, or null if the expression
   * has another shape.
   */
  static List<String> inList(String column, List<Token> expression) {
    if (expression.size() < 4) {
      return null;
    }
    Token name = expression.get(0);
    if (!name.isName() || !name.text().equalsIgnoreCase(column)) {
      return null;
    }
    if (!expression.get(1).isWord("IN") || !expression.get(2).is("(")) {
      return null;
    }
    if (!expression.get(expression.size() - 1).is(")")) {
      return null;
    }
    List<String> values = new ArrayList<>();
    int i = 3;
    int end = expression.size() - 1;
    while (i < end) {
      Token t = expression.get(i);
      String value;
      if (t.kind() == Kind.STRING || t.kind() == Kind.NUMBER || t.kind() == Kind.BLOB) {
        value = t.text();
        i++;
      } else if ((t.is("-") || t.is("+"))
          && i + 1 < end
          && expression.get(i + 1).kind() == Kind.NUMBER) {
        value = (t.is("-") ? "-" : "") + expression.get(i + 1).text();
        i += 2;
      } else {
        return null;
      }
      values.add(value);
      if (i < end) {
        if (!expression.get(i).is(",")) {
          return null;
        }
        i++;
        if (i == end) {
          return null;
        }
      }
    }
    return values;
  }

  private static boolean sameExpressions(List<List<Token>> a, List<List<Token>> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!Ddl.keys(a.get(i)).equals(Ddl.keys(b.get(i)))) {
        return false;
      }
    }
    return true;
  }

  /** Column clauses other than those compared apart (NOT NULL, DEFAULT, CHECK, key, names). */
  private static List<String> extraClauses(ColumnDdl column) {
    List<String> extras = new ArrayList<>();
    if (column == null) {
      return extras;
    }
    for (Clause c : column.clauses()) {
      if (!COMPARED_APART.contains(c.keyword())) {
        extras.add(c.text());
      }
    }
    return extras;
  }

  private static boolean containsKey(List<String> clauses, String clause) {
    String key = Ddl.normalize(clause);
    for (String c : clauses) {
      if (Ddl.normalize(c).equals(key)) {
        return true;
      }
    }
    return false;
  }

  /** Table constraints other than the primary key (compared apart), as written. */
  private static List<String> otherConstraints(TableDdl ddl) {
    List<String> found = new ArrayList<>();
    for (String constraint : ddl.constraints()) {
      List<Token> tokens = Ddl.tokenize(constraint);
      int i = 0;
      if (!tokens.isEmpty() && tokens.get(0).isWord("CONSTRAINT")) {
        i = 2;
      }
      if (i < tokens.size() && tokens.get(i).isWord("PRIMARY")) {
        continue;
      }
      found.add(constraint);
    }
    return found;
  }

  private static List<String> constraintKeys(TableDdl ddl) {
    List<String> keys = new ArrayList<>();
    for (String constraint : otherConstraints(ddl)) {
      keys.add(Ddl.normalize(constraint));
    }
    return keys;
  }

  /** How a code column reads in messages: {@code TEXT NOT NULL DEFAULT 'a' CHECK (...)}. */
  static String describe(ColumnDefinition c, ColumnDdl ddl) {
    StringBuilder b = new StringBuilder(c.type().isEmpty() ? "no type" : c.type());
    if (c.notNull()) {
      b.append(" NOT NULL");
    }
    if (c.defaultValue() != null) {
      b.append(" DEFAULT ").append(c.defaultValue().trim());
    }
    if (c.check() != null) {
      b.append(" CHECK (").append(c.check()).append(')');
    }
    for (String extra : extraClauses(ddl)) {
      b.append(' ').append(extra);
    }
    return b.toString();
  }

  /** How a file column reads in messages. */
  static String describe(FileColumn f, ColumnDdl ddl) {
    StringBuilder b = new StringBuilder(f.type().isEmpty() ? "no type" : f.type());
    if (f.notNull()) {
      b.append(" NOT NULL");
    }
    if (f.defaultValue() != null) {
      b.append(" DEFAULT ").append(f.defaultValue());
    }
    if (ddl != null) {
      for (Clause check : ddl.clauses("CHECK")) {
        b.append(' ').append(check.text());
      }
      for (String extra : extraClauses(ddl)) {
        b.append(' ').append(extra);
      }
    }
    return b.toString();
  }

  private static String normalizeOrNull(String sql) {
    return sql == null ? null : Ddl.normalize(sql);
  }

  private static boolean sameNames(List<String> a, List<String> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).equalsIgnoreCase(b.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static String quotedList(List<String> names) {
    List<String> quoted = new ArrayList<>();
    for (String n : names) {
      quoted.add(Ddl.quote(n));
    }
    return String.join(", ", quoted);
  }
}
