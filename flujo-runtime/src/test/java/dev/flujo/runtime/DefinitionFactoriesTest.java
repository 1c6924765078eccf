package dev.flujo.runtime;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The named factories generated {@code TABLE} constants use build the same records. */
class DefinitionFactoriesTest {
  @Test
  void builderAndFactoriesEqualThePositionalConstructors() {
    String ddl = "CREATE TABLE IF NOT EXISTS \"t\" (...)";
    String index = "CREATE INDEX IF NOT EXISTS \"i\" ON \"t\" (\"b\", \"c\")";
    TableDefinition built =
        TableDefinition.builder("t")
            .columns(
                ColumnDefinition.key("a", "TEXT", 1),
                ColumnDefinition.notNull("b", "INTEGER").withDefault("0"),
                ColumnDefinition.nullable("c", "TEXT").withCheck("\"c\" IN ('X')"))
            .indexes(IndexDefinition.unique("i", index, "b", "c"))
            .withoutRowId(false)
            .createTableSql(ddl)
            .fingerprint("0123456789abcdef")
            .dao("p.TDao")
            .build();
    TableDefinition positional =
        new TableDefinition(
            "t",
            List.of(
                new ColumnDefinition("a", "TEXT", true, null, 1, null),
                new ColumnDefinition("b", "INTEGER", true, "0", 0, null),
                new ColumnDefinition("c", "TEXT", false, null, 0, "\"c\" IN ('X')")),
            List.of(new IndexDefinition("i", List.of("b", "c"), true, index)),
            false,
            true,
            ddl,
            "0123456789abcdef",
            "p.TDao");
    assertThat(built).isEqualTo(positional);
    assertThat(built.reference()).isEqualTo("p.TDao.TABLE");
    assertThat(IndexDefinition.of("j", index, "b").unique()).isFalse();
  }

  @Test
  void aKeyPositionStartsAtOneAndTheBuilderNeedsDdlFingerprintAndColumns() {
    assertThrows(IllegalArgumentException.class, () -> ColumnDefinition.key("a", "TEXT", 0));
    assertThrows(
        NullPointerException.class,
        () -> TableDefinition.builder("t").columns(ColumnDefinition.key("a", "TEXT", 1)).build());
    assertThrows(
        IllegalArgumentException.class,
        () -> TableDefinition.builder("t").createTableSql("x").fingerprint("f").build());
  }
}
