package dev.flujo.tests.version;

import dev.flujo.annotations.Lock;
import dev.flujo.annotations.Nullable;
import dev.flujo.annotations.Query;
import dev.flujo.annotations.StateQueries;
import java.util.List;
import java.util.Optional;

/** Claiming tasks, and moving them on conditionally on their version. */
@StateQueries(Task.class)
public interface TaskQueries {
  /** Up to {@code limit} ready tasks no other transaction holds, locked until this one ends. */
  @Query(
      value = "SELECT * FROM ver_task WHERE status = 'READY' ORDER BY id LIMIT :limit",
      lock = Lock.SKIP_LOCKED)
  List<Task> claimable(int limit);

  /** The ready task with the lowest id, locked; waits for a transaction that holds it. */
  @Query(
      value = "SELECT * FROM ver_task WHERE status = 'READY' ORDER BY id LIMIT 1",
      lock = Lock.FOR_UPDATE)
  Optional<Task> nextReady();

  /** Moves a task on if it still has {@code version}; false if another writer got there first. */
  @Query(
      "UPDATE ver_task SET status = :status, owner = :owner, version = version + 1"
          + " WHERE id = :id AND version = :version")
  boolean transition(long id, long version, String status, @Nullable String owner);

  /** How many tasks have {@code status}. */
  @Query("SELECT count(*) FROM ver_task WHERE status = :status")
  long countByStatus(String status);
}
