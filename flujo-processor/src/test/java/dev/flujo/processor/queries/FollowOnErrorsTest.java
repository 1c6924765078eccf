package dev.flujo.processor.queries;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.flujo.processor.FlujoProcessor;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** An entity with errors gets them; the queries over it add none of their own. */
class FollowOnErrorsTest {
  private static final JavaFileObject ORDER =
      JavaFileObjects.forSourceLines(
          "test.Order",
          "package test;",
          "import dev.flujo.annotations.*;",
          "@StateTable(name = \"orders\")",
          "public record Order(@Id String orderId, String customer) {}");

  /** Its column name is not an SQL identifier. */
  private static final JavaFileObject BROKEN_EVENT =
      JavaFileObjects.forSourceLines(
          "test.OrderEvent",
          "package test;",
          "import dev.flujo.annotations.*;",
          "@StateTable(name = \"order_events\")",
          "public record OrderEvent(@Id String eventId, String orderId,",
          "    @Column(name = \"bad name\") String kind) {}");

  private static final JavaFileObject EVENT_QUERIES =
      JavaFileObjects.forSourceLines(
          "test.OrderEventQueries",
          "package test;",
          "import dev.flujo.annotations.*;",
          "import java.util.List;",
          "@StateQueries(OrderEvent.class)",
          "public interface OrderEventQueries {",
          "  @Query(\"SELECT * FROM order_events WHERE order_id = :orderId\")",
          "  List<OrderEvent> of(String orderId);",
          "  @Query(\"SELECT count(*) FROM order_events\")",
          "  long count();",
          "}");

  /** Joins the broken entity's table from a valid entity's interface. */
  private static final JavaFileObject ORDER_QUERIES =
      JavaFileObjects.forSourceLines(
          "test.OrderQueries",
          "package test;",
          "import dev.flujo.annotations.*;",
          "import java.util.List;",
          "@StateQueries(Order.class)",
          "public interface OrderQueries {",
          "  @Query(\"SELECT o.* FROM orders o JOIN order_events e ON e.order_id = o.order_id\")",
          "  List<Order> withEvents();",
          "  @Query(\"SELECT * FROM orders WHERE customer = :customer\")",
          "  List<Order> of(String customer);",
          "}");

  private static Compilation compile(JavaFileObject... sources) {
    return javac()
        .withProcessors(new FlujoProcessor())
        .withOptions(List.of("-Xlint:all,-processing"))
        .compile(sources);
  }

  private static List<String> errorsIn(Compilation compilation, String file) {
    return compilation.errors().stream()
        .filter(d -> d.getSource() != null && d.getSource().getName().endsWith(file))
        .map(d -> d.getMessage(Locale.ROOT))
        .toList();
  }

  @Test
  void queriesOfAnEntityWithErrorsAndQueriesJoiningItsTableReportNothingMore() {
    Compilation compilation = compile(ORDER, BROKEN_EVENT, EVENT_QUERIES, ORDER_QUERIES);
    assertThat(compilation).failed();
    assertThat(errorsIn(compilation, "OrderEvent.java")).isNotEmpty();
    assertThat(errorsIn(compilation, "OrderEventQueries.java")).isEmpty();
    assertThat(errorsIn(compilation, "OrderQueries.java")).isEmpty();
    for (Diagnostic<?> error : compilation.errors()) {
      assertThat(error.getMessage(Locale.ROOT)).doesNotContain("no such table");
      assertThat(error.getMessage(Locale.ROOT)).doesNotContain("has no generated DAO");
    }
  }

  @Test
  void aDuplicateTableNameAddsNoMissingDaoErrors() {
    JavaFileObject twin =
        JavaFileObjects.forSourceLines(
            "test.Twin",
            "package test;",
            "import dev.flujo.annotations.*;",
            "@StateTable(name = \"ORDERS\")",
            "public record Twin(@Id String id) {}");
    JavaFileObject twinQueries =
        JavaFileObjects.forSourceLines(
            "test.TwinQueries",
            "package test;",
            "import dev.flujo.annotations.*;",
            "@StateQueries(Twin.class)",
            "public interface TwinQueries {",
            "  @Query(\"SELECT count(*) FROM orders\") long count();",
            "}");
    JavaFileObject orderQueries =
        JavaFileObjects.forSourceLines(
            "test.OrderQueries",
            "package test;",
            "import dev.flujo.annotations.*;",
            "@StateQueries(Order.class)",
            "public interface OrderQueries {",
            "  @Query(\"SELECT count(*) FROM orders\") long count();",
            "}");
    Compilation compilation = compile(ORDER, twin, twinQueries, orderQueries);
    assertThat(compilation).failed();
    assertThat(errorsIn(compilation, "TwinQueries.java")).isEmpty();
    assertThat(errorsIn(compilation, "OrderQueries.java")).isEmpty();
    for (Diagnostic<?> error : compilation.errors()) {
      assertThat(error.getMessage(Locale.ROOT)).doesNotContain("has no generated DAO");
    }
  }
}
