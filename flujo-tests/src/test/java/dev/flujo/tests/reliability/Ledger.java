package dev.flujo.tests.reliability;

import dev.flujo.runtime.StateDatabase;
import dev.flujo.runtime.TableDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The workload of the crash, storm and long-run suites: {@link #ACCOUNTS} accounts holding {@link
 * #TOTAL} in all, transfers written as a header plus legs in one transaction, and markers rewritten
 * by single upserts.
 */
final class Ledger {
  static final int ACCOUNTS = 16;
  static final long INITIAL_BALANCE = 1_000_000;
  static final long TOTAL = ACCOUNTS * INITIAL_BALANCE;
  static final List<TableDefinition> TABLES =
      List.of(AccountDao.TABLE, TransferDao.TABLE, TransferLegDao.TABLE, MarkerDao.TABLE);

  final StateDatabase db;
  final AccountDao accounts;
  final TransferDao transfers;
  final TransferLegDao legs;
  final MarkerDao markers;

  Ledger(StateDatabase db) {
    this.db = db;
    this.accounts = new AccountDao(db);
    this.transfers = new TransferDao(db);
    this.legs = new TransferLegDao(db);
    this.markers = new MarkerDao(db);
  }

  static String account(int i) {
    return String.format("acct-%02d", i);
  }

  /** Creates the accounts with their initial balance, unless they exist. */
  void seedAccounts() {
    db.inTransaction(
        () -> {
          if (accounts.count() == 0) {
            List<Account> all = new ArrayList<>();
            for (int i = 0; i < ACCOUNTS; i++) {
              all.add(new Account(account(i), INITIAL_BALANCE, 0));
            }
            accounts.upsertAll(all);
          }
        });
  }

  /**
   * A transfer decided by {@code random} before the transaction begins, so that a retried body
   * writes the same rows.
   */
  record Plan(long txn, String from, String to, long amount, int paddingLegs, String padding) {
    static Plan random(long txn, Random random, int maxPaddingLegs, int maxPaddingChars) {
      int from = random.nextInt(ACCOUNTS);
      int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
      int paddingLegs = maxPaddingLegs == 0 ? 0 : random.nextInt(maxPaddingLegs + 1);
      String padding = "p".repeat(maxPaddingChars == 0 ? 0 : random.nextInt(maxPaddingChars + 1));
      return new Plan(
          txn, account(from), account(to), 1 + random.nextInt(1000), paddingLegs, padding);
    }
  }

  /**
   * Runs {@code plan} as one write transaction: reads both balances, rewrites both accounts,
   * inserts the header and {@code 2 + paddingLegs} legs.
   */
  void transfer(Plan plan) {
    db.inTransaction(
        () -> {
          Account from = accounts.findById(plan.from()).orElseThrow();
          Account to = accounts.findById(plan.to()).orElseThrow();
          accounts.upsert(new Account(from.id(), from.balance() - plan.amount(), plan.txn()));
          transfers.insert(
              new Transfer(
                  plan.txn(), plan.from(), plan.to(), plan.amount(), 2 + plan.paddingLegs()));
          legs.insert(new TransferLeg(plan.txn(), 0, plan.from(), -plan.amount(), ""));
          for (int leg = 2; leg < 2 + plan.paddingLegs(); leg++) {
            legs.insert(new TransferLeg(plan.txn(), leg, plan.to(), 0, plan.padding()));
          }
          legs.insert(new TransferLeg(plan.txn(), 1, plan.to(), plan.amount(), ""));
          accounts.upsert(new Account(to.id(), to.balance() + plan.amount(), plan.txn()));
        });
  }

  /** The sum of all balances in one read snapshot. */
  long totalBalance() {
    return db.readTransaction(() -> accounts.findAll().stream().mapToLong(Account::balance).sum());
  }
}
