package dev.flujo.processor.model;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.lang.model.element.TypeElement;

/**
 * Every valid table of the compilation so far, by type and by SQL name, for the steps that need
 * more than one table (name clashes, query checking).
 */
public final class TableRegistry {
  private final Map<String, TableModel> byType = new LinkedHashMap<>();
  private final Map<String, TableModel> byName = new LinkedHashMap<>();

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

  /** Every registered table, in registration order. */
  public Collection<TableModel> all() {
    return byType.values();
  }
}
