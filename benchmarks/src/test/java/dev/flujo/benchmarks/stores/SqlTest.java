package dev.flujo.benchmarks.stores;

import static com.google.common.truth.Truth.assertThat;

import dev.flujo.benchmarks.model.WorkflowStateDao;
import dev.flujo.runtime.spi.SqlStatement;
import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;

/** The hand-written contenders run exactly the SQL Flujo generates. */
class SqlTest {
  private static String generated(String constant) throws ReflectiveOperationException {
    Field f = WorkflowStateDao.class.getDeclaredField(constant);
    f.setAccessible(true);
    return ((SqlStatement) f.get(null)).sql();
  }

  @Test
  void handWrittenSqlIsTheGeneratedSql() throws Exception {
    assertThat(Sql.UPSERT).isEqualTo(generated("UPSERT"));
    assertThat(Sql.FIND_BY_ID).isEqualTo(generated("FIND_BY_ID"));
    assertThat(Sql.FIND_ALL).isEqualTo(generated("FIND_ALL"));
  }

  @Test
  void jdbiSqlIsTheSameStatementWithNamedParameters() {
    assertThat(JdbiWorkflowDao.UPSERT.replaceAll(":[a-zA-Z]+", "?")).isEqualTo(Sql.UPSERT);
  }
}
