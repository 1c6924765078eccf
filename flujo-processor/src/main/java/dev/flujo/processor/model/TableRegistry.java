package dev.flujo.processor.model;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.TypeElement;

/**
 * Every valid table of the compilation so far, by type and by SQL name, for the steps that need
 * more than one table (name clashes, query checking).
 */
public final class TableRegistry {
  private final Map<String, TableModel> byType = new LinkedHashMap<>();
  private final Map<String, TableModel> byName = new LinkedHashMap<>();
  private final Set<String> failedTypes = new HashSet<>();
  private final Set<String> failedNames = new HashSet<>();

  /** The table already registered under this SQL name (case-insensitive), or null. */
  public TableModel byName(String tableName) {
    return byName.get(tableName.toLowerCase(Locale.ROOT));
  }

  /** The table of this type, or null. */
  public TableModel byType(TypeElement type) {
    return byType.get(type.getQualifiedName().toString());
  }

  /** Registers a table. */
  public void add(TableModel table) {
    byType.put(table.element().getQualifiedName().toString(), table);
    byName.putIfAbsent(table.tableName().toLowerCase(Locale.ROOT), table);
  }

  /**
   * Records a {@code @StateTable} type that had errors (already reported on it), and its table
   * name when it got as far as having one, so that queries over it add no follow-on errors.
   */
  public void fail(TypeElement type, String tableName) {
    failedTypes.add(type.getQualifiedName().toString());
    if (tableName != null) {
      failedNames.add(tableName.toLowerCase(Locale.ROOT));
    }
  }

  /** Whether this type had errors of its own. */
  public boolean failed(TypeElement type) {
    return failedTypes.contains(type.getQualifiedName().toString());
  }

  /** Whether a type with errors of its own declares this table name (case-insensitive). */
  public boolean failedName(String tableName) {
    return failedNames.contains(tableName.toLowerCase(Locale.ROOT)) && byName(tableName) == null;
  }

  /** Every registered table, in registration order. */
  public Collection<TableModel> all() {
    return byType.values();
  }
}
