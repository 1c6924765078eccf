package dev.flujo.tests.reliability;

import static com.google.common.truth.Truth.assertWithMessage;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a ledger file with plain JDBC, independently of the code under test: {@code PRAGMA
 * integrity_check}, every acknowledged commit present, no transaction half applied.
 */
final class LedgerCheck {
  /** What one check looked at. */
  record Result(long transfers, long legs, long markers, long acknowledgedChecked) {}

  private LedgerCheck() {}

  /** {@code PRAGMA integrity_check} of {@code file}, asserting {@code ok}. */
  static void assertIntegrity(Path file, String context) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
      List<String> problems = new ArrayList<>();
      while (rs.next()) {
        problems.add(rs.getString(1));
      }
      assertWithMessage("integrity_check of %s (%s)", file, context)
          .that(problems)
          .containsExactly("ok");
    }
  }

  /**
   * Asserts that {@code file} passes {@code integrity_check}, holds every acknowledged transfer and
   * every acknowledged marker (with at least the acknowledged sequence number), that every transfer
   * has exactly its legs and no leg lacks its transfer, and that every balance equals its initial
   * value plus the legs booked to it.
   */
  static Result verify(
      Path file,
      Set<Long> acknowledgedTransfers,
      Map<String, Long> acknowledgedMarkers,
      String context)
      throws SQLException {
    assertIntegrity(file, context);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      return verify(c, file.toString(), acknowledgedTransfers, acknowledgedMarkers, context);
    }
  }

  /**
   * The checks of {@link #verify(Path, Set, Map, String)} but the integrity check, on {@code c}, a
   * plain JDBC connection to the ledger's database ({@code where} names it in messages); SQLite or
   * PostgreSQL.
   */
  static Result verify(
      Connection c,
      String where,
      Set<Long> acknowledgedTransfers,
      Map<String, Long> acknowledgedMarkers,
      String context)
      throws SQLException {
    try (Statement s = c.createStatement()) {
      Set<Long> present = new HashSet<>();
      try (ResultSet rs = s.executeQuery("SELECT txn FROM rel_transfer")) {
        while (rs.next()) {
          present.add(rs.getLong(1));
        }
      }
      List<Long> lost = new ArrayList<>();
      for (long txn : acknowledgedTransfers) {
        if (!present.contains(txn)) {
          lost.add(txn);
        }
      }
      assertWithMessage("acknowledged transfers missing from %s (%s)", where, context)
          .that(lost)
          .isEmpty();

      List<String> halfApplied = new ArrayList<>();
      try (ResultSet rs =
          s.executeQuery(
              "SELECT t.txn, t.legs, count(l.txn) FROM rel_transfer t"
                  + " LEFT JOIN rel_transfer_leg l ON l.txn = t.txn"
                  + " GROUP BY t.txn HAVING count(l.txn) != t.legs")) {
        while (rs.next()) {
          halfApplied.add(
              "txn " + rs.getLong(1) + " has " + rs.getLong(3) + " of " + rs.getLong(2) + " legs");
        }
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT DISTINCT l.txn FROM rel_transfer_leg l"
                  + " WHERE NOT EXISTS (SELECT 1 FROM rel_transfer t WHERE t.txn = l.txn)")) {
        while (rs.next()) {
          halfApplied.add("legs of txn " + rs.getLong(1) + " without their transfer");
        }
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT a.id, a.balance, (SELECT coalesce(sum(l.delta), 0) FROM rel_transfer_leg l"
                  + " WHERE l.account = a.id) FROM rel_account a")) {
        int accounts = 0;
        while (rs.next()) {
          accounts++;
          long expected = Ledger.INITIAL_BALANCE + rs.getLong(3);
          if (rs.getLong(2) != expected) {
            halfApplied.add(
                rs.getString(1) + " balance " + rs.getLong(2) + " but its legs say " + expected);
          }
        }
        if (accounts != Ledger.ACCOUNTS) {
          halfApplied.add(accounts + " accounts instead of " + Ledger.ACCOUNTS);
        }
      }
      assertWithMessage("half-applied transactions in %s (%s)", where, context)
          .that(halfApplied)
          .isEmpty();

      Map<String, Long> markers = new HashMap<>();
      try (ResultSet rs = s.executeQuery("SELECT id, seq FROM rel_marker")) {
        while (rs.next()) {
          markers.put(rs.getString(1), rs.getLong(2));
        }
      }
      List<String> staleMarkers = new ArrayList<>();
      for (Map.Entry<String, Long> acked : acknowledgedMarkers.entrySet()) {
        Long stored = markers.get(acked.getKey());
        if (stored == null || stored < acked.getValue()) {
          staleMarkers.add(
              acked.getKey() + " acknowledged at " + acked.getValue() + ", found " + stored);
        }
      }
      assertWithMessage("acknowledged marker upserts missing from %s (%s)", where, context)
          .that(staleMarkers)
          .isEmpty();

      long legs;
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM rel_transfer_leg")) {
        rs.next();
        legs = rs.getLong(1);
      }
      return new Result(
          present.size(),
          legs,
          markers.size(),
          acknowledgedTransfers.size() + acknowledgedMarkers.size());
    }
  }
}
