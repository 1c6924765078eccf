package dev.flujo.tests;

import static com.google.common.truth.Truth.assertThat;

import dev.flujo.runtime.Dialect;
import dev.flujo.runtime.StateDatabase;
import dev.flujo.test.FlujoDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Composite keys, plain classes, key-only tables and column defaults. */
@ParameterizedClass
@EnumSource(Dialect.class)
class EntityShapesTest {
  @RegisterExtension final FlujoDatabase database;

  private final Dialect dialect;
  private StateDatabase db;

  EntityShapesTest(Dialect dialect) {
    this.dialect = dialect;
    database =
        FlujoDatabase.withTables(StepResultDao.TABLE, JobDao.TABLE, EventDao.TABLE, TagDao.TABLE)
            .dialect(dialect);
  }

  @BeforeEach
  void open(StateDatabase db) {
    this.db = db;
  }

  @Test
  void compositeKeyTakesOneParameterPerKeyColumnInOrder() {
    StepResultDao steps = new StepResultDao(db);
    steps.upsert(new StepResult("run-1", 0, "fetch", "ok", null));
    steps.upsert(new StepResult("run-1", 1, "parse", "ok", "42"));
    steps.upsert(new StepResult("run-2", 0, "fetch", "failed", null));

    assertThat(steps.findById("run-1", 1).orElseThrow().output()).isEqualTo("42");
    assertThat(steps.findById("run-2", 1)).isEmpty();
    assertThat(steps.existsById("run-2", 0)).isTrue();
    assertThat(steps.deleteById("run-1", 0)).isTrue();
    assertThat(
            steps.findAll().stream()
                .map(s -> s.runId() + "/" + s.stepIndex())
                .collect(Collectors.toList()))
        .containsExactly("run-1/1", "run-2/0")
        .inOrder();
  }

  @Test
  void compositeKeyIsDeclaredInDeclarationOrder() {
    assertThat(StepResultDao.TABLE.createTableSql()).contains("PRIMARY KEY (\"run_id\", \"step_index\")");
    assertThat(StepResultDao.TABLE.primaryKey().get(1).name()).isEqualTo("step_index");
  }

  @Test
  void columnDefaultAppliesToRowsWrittenWithoutIt() throws Exception {
    try (Connection raw = database.connect();
        Statement s = raw.createStatement()) {
      s.execute("INSERT INTO steps (run_id, step_index, step_name) VALUES ('raw', 0, 'x')");
    }
    assertThat(new StepResultDao(db).findById("raw", 0).orElseThrow().outcome())
        .isEqualTo("pending");
  }

  @Test
  void classWithSettersRoundTripsAndSkipsTransientFields() throws Exception {
    JobDao jobs = new JobDao(db);
    jobs.upsert(new Job(7, "compact", true, null));
    Job read = jobs.findById(7).orElseThrow();
    assertThat(read.getName()).isEqualTo("compact");
    assertThat(read.isActive()).isTrue();
    assertThat(read.getPriority()).isNull();
    assertThat(read.getUpdatedAt()).isNotNull();
    assertThat(JobDao.TABLE.column("scratch")).isNull();
    assertThat(JobDao.TABLE.withoutRowId()).isFalse();
    assertThat(JobDao.TABLE.strict()).isFalse();
    if (dialect == Dialect.POSTGRESQL) {
      return; // WITHOUT ROWID and STRICT have no meaning on PostgreSQL
    }
    try (Connection raw = database.connect();
        Statement s = raw.createStatement();
        ResultSet rs = s.executeQuery("SELECT sql FROM sqlite_schema WHERE name = 'job'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).doesNotContain("WITHOUT ROWID");
      assertThat(rs.getString(1)).doesNotContain("STRICT");
    }
  }

  @Test
  void immutableClassIsBuiltThroughItsConstructor() {
    EventDao events = new EventDao(db);
    UUID id = UUID.randomUUID();
    events.insert(new Event(id, "started", 3));
    Event read = events.findById(id).orElseThrow();
    assertThat(read.kind()).isEqualTo("started");
    assertThat(read.sequence()).isEqualTo(3);
  }

  @Test
  void keyOnlyTableUpsertsIdempotently() {
    TagDao tags = new TagDao(db);
    tags.upsert(new Tag("red"));
    tags.upsert(new Tag("red"));
    tags.upsertAll(List.of(new Tag("blue"), new Tag("red")));
    assertThat(tags.count()).isEqualTo(2);
    assertThat(tags.update(new Tag("red"))).isTrue();
    assertThat(tags.update(new Tag("green"))).isFalse();
  }
}
