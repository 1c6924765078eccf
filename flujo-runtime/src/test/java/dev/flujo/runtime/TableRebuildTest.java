package dev.flujo.runtime;

import static com.google.common.truth.Truth.assertThat;
import static dev.flujo.runtime.TestTables.table;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableRebuildTest {
  @TempDir Path dir;
  private Path file;

  /**
   * The shape the tests rebuild into: {@code owner} renamed from {@code user}, {@code legacy} gone.
   */
  private static final TableDefinition ACCOUNT =
      table("account")
          .key("id", "TEXT")
          .notNull("owner", "TEXT")
          .column("balance", "INTEGER", true, "0", null)
          .nullable("note", "TEXT")
          .index("account_owner", false, "owner")
          .withoutRowId(false)
          .build();

  @BeforeEach
  void setUp() throws Exception {
    file = dir.resolve("rebuild.db");
    TestFiles.execute(
        file,
        "CREATE TABLE account (id TEXT PRIMARY KEY NOT NULL, user TEXT, balance TEXT, legacy BLOB)",
        "INSERT INTO account VALUES ('a', 'ann', '10', x'00')",
        "INSERT INTO account VALUES ('b', NULL, '20', NULL)",
        "INSERT INTO account VALUES ('c', 'cy', '30', NULL)",
        "DELETE FROM account WHERE id = 'b'",
        "INSERT INTO account VALUES ('d', 'dee', '40', NULL)",
        "CREATE INDEX account_balance ON account (balance)",
        "CREATE TABLE ledger (id INTEGER PRIMARY KEY, account TEXT REFERENCES account (id))",
        "INSERT INTO ledger VALUES (1, 'a'), (2, 'd')",
        "CREATE TABLE audit (what TEXT)",
        "CREATE TRIGGER account_audit AFTER UPDATE ON account BEGIN"
            + " INSERT INTO audit VALUES (new.id); END",
        "CREATE VIEW rich AS SELECT id FROM account WHERE balance > 15");
  }

  private TableRebuild rebuild() {
    return TableRebuild.of(ACCOUNT)
        .column("owner", "coalesce(\"user\", 'nobody')")
        .column("balance", "CAST(\"balance\" AS INTEGER)");
  }

  @Test
  void outsideATransactionItSwitchesForeignKeysOffAndBackAndKeepsEverythingElse() throws Exception {
    List<String> rowIds = TestFiles.query(file, "SELECT rowid, id FROM account ORDER BY id");
    try (Connection c = TestFiles.connect(file)) {
      execute(c, "PRAGMA foreign_keys = ON");
      rebuild().run(c);
      assertThat(TestFiles.query(c, "PRAGMA foreign_keys")).containsExactly("1");
      assertThat(c.getAutoCommit()).isTrue();
    }
    assertThat(TestFiles.sql(file, "account"))
        .isEqualTo(ACCOUNT.createTableSql().replace(" IF NOT EXISTS", ""));
    assertThat(
            TestFiles.query(
                file, "SELECT id, owner, balance, typeof(balance), note FROM account ORDER BY id"))
        .containsExactly("a|ann|10|integer|null", "c|cy|30|integer|null", "d|dee|40|integer|null")
        .inOrder();
    assertThat(TestFiles.query(file, "SELECT rowid, id FROM account ORDER BY id"))
        .isEqualTo(rowIds);
    assertThat(TestFiles.sql(file, "account_owner")).isNotNull();
    assertThat(TestFiles.sql(file, "account_balance"))
        .isEqualTo("CREATE INDEX account_balance ON account (balance)");
    assertThat(TestFiles.sql(file, "account_audit")).isNotNull();
    assertThat(TestFiles.query(file, "SELECT id FROM rich ORDER BY id")).containsExactly("c", "d");
    TestFiles.execute(file, "UPDATE account SET note = 'x' WHERE id = 'a'");
    assertThat(TestFiles.query(file, "SELECT what FROM audit")).containsExactly("a");
    assertThat(TestFiles.query(file, "PRAGMA foreign_key_check")).isEmpty();
    assertThat(TestFiles.query(file, "PRAGMA integrity_check")).containsExactly("ok");
  }

  @Test
  void insideATransactionWithForeignKeysOnItRefusesAndChangesNothing() throws Exception {
    List<String> before = TestFiles.dump(file);
    try (Connection c = TestFiles.connect(file)) {
      execute(c, "PRAGMA foreign_keys = ON");
      execute(c, "BEGIN");
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> rebuild().run(c));
      assertThat(e)
          .hasMessageThat()
          .contains("PRAGMA foreign_keys cannot change inside a transaction");
      execute(c, "ROLLBACK");
    }
    assertThat(TestFiles.dump(file)).isEqualTo(before);
  }

  @Test
  void brokenForeignKeyRollsTheRebuildBack() throws Exception {
    List<String> before = TestFiles.dump(file);
    try (Connection c = TestFiles.connect(file)) {
      ConstraintViolationException e =
          assertThrows(
              ConstraintViolationException.class,
              () -> rebuild().column("id", "upper(\"id\")").run(c));
      assertThat(e)
          .hasMessageThat()
          .isEqualTo(
              "foreign keys broken after changing table account: row 1 of ledger refers to a"
                  + " missing row of account; row 2 of ledger refers to a missing row of account");
    }
    assertThat(TestFiles.dump(file)).isEqualTo(before);
  }

  @Test
  void rowBreakingTheNewTableRollsTheRebuildBack() throws Exception {
    List<String> before = TestFiles.dump(file);
    try (Connection c = TestFiles.connect(file)) {
      SQLException e =
          assertThrows(
              SQLException.class, () -> rebuild().column("owner", "nullif(\"user\", 'cy')").run(c));
      assertThat((Throwable) e)
          .hasMessageThat()
          .contains("NOT NULL constraint failed: flujo$rebuild$account.owner");
    }
    assertThat(TestFiles.dump(file)).isEqualTo(before);
  }

  @Test
  void newNotNullColumnWithoutSourceOrDefaultIsAMistake() throws Exception {
    TableDefinition target =
        table("account").key("id", "TEXT").notNull("owner", "TEXT").withoutRowId(false).build();
    try (Connection c = TestFiles.connect(file)) {
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> TableRebuild.of(target).run(c));
      assertThat(e)
          .hasMessageThat()
          .isEqualTo(
              "column owner of account is NOT NULL, has no default and no column of that name in"
                  + " the old table: give it a value with column(\"owner\", sqlExpression)");
    }
  }

  @Test
  void expressionForAnUnknownColumnIsAMistake() {
    assertThrows(
        IllegalArgumentException.class, () -> TableRebuild.of(ACCOUNT).column("user", "1"));
  }

  @Test
  void missingTableIsAMistake() throws Exception {
    try (Connection c = TestFiles.connect(file)) {
      assertThrows(
          IllegalStateException.class,
          () -> TableRebuild.of(table("nothing").key("k", "TEXT").build()).run(c));
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
