package dev.flujo.micrometer;

import dev.flujo.runtime.spi.Session;
import dev.flujo.runtime.StateDatabase;
import dev.flujo.runtime.spi.SqlStatement;
import java.sql.ResultSet;

/** Hand-written statements of the kind a generated DAO declares, for one small table. */
final class Items {
  static final SqlStatement CREATE =
      SqlStatement.write(
          null,
          "create",
          "CREATE TABLE IF NOT EXISTS item(k INTEGER PRIMARY KEY, v TEXT NOT NULL) WITHOUT ROWID",
          null);
  static final SqlStatement INSERT =
      SqlStatement.write("item", "ItemDao.insert", "INSERT INTO item VALUES (?, ?)", null);
  static final SqlStatement FIND =
      SqlStatement.read("item", "ItemDao.findById", "SELECT v FROM item WHERE k = ?", null);

  private Items() {}

  static void create(StateDatabase db) {
    Session.of(db).execute(CREATE, statement -> statement.execute());
  }

  static void insert(StateDatabase db, int k) {
    Session.of(db).execute(
        INSERT,
        statement -> {
          statement.setInt(1, k);
          statement.setString(2, "value-" + k);
          return statement.executeUpdate();
        });
  }

  static String find(StateDatabase db, int k) {
    return Session.of(db).execute(
        FIND,
        statement -> {
          statement.setInt(1, k);
          try (ResultSet rs = statement.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
          }
        });
  }
}
