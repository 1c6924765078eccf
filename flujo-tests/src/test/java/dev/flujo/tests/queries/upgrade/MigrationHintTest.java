package dev.flujo.tests.queries.upgrade;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flujo.runtime.SchemaMismatchException;
import dev.flujo.runtime.StateDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationHintTest {
  @TempDir Path dir;

  @Test
  void aRefusedTableNamesTheGeneratedDaoToRebuildItWith() throws Exception {
    Path file = dir.resolve("old.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE parcel_scans (scan_id TEXT PRIMARY KEY, parcel_id INTEGER, station TEXT)");
    }
    SchemaMismatchException e =
        assertThrows(
            SchemaMismatchException.class,
            () -> StateDatabase.builder().file(file).tables(ParcelScanDao.TABLE).open().close());
    assertThat(e)
        .hasMessageThat()
        .contains("TableRebuild.of(dev.flujo.tests.queries.upgrade.ParcelScanDao.TABLE)");
    assertThat(e).hasMessageThat().doesNotContain("<Dao>");
  }
}
