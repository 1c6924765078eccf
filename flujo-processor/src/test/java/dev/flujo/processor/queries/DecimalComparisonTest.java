package dev.flujo.processor.queries;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.flujo.processor.FlujoProcessor;
import dev.flujo.processor.validation.Errors;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** BigDecimal is stored as TEXT: a query that orders it must not compare text silently. */
class DecimalComparisonTest {
  private static final JavaFileObject INVOICE =
      JavaFileObjects.forSourceLines(
          "test.Invoice",
          "package test;",
          "import dev.flujo.annotations.*;",
          "import java.math.BigDecimal;",
          "@StateTable(name = \"invoices\")",
          "public record Invoice(@Id String id, String owner, BigDecimal total) {}");

  private static Compilation compile(String... members) {
    StringBuilder body = new StringBuilder();
    for (String member : members) {
      body.append("  ").append(member).append('\n');
    }
    JavaFileObject queries =
        JavaFileObjects.forSourceString(
            "test.InvoiceQueries",
            "package test;\n"
                + "import dev.flujo.annotations.*;\n"
                + "import java.math.BigDecimal;\n"
                + "import java.util.*;\n"
                + "@StateQueries(Invoice.class)\n"
                + "public interface InvoiceQueries {\n"
                + body
                + "}\n");
    return javac()
        .withProcessors(new FlujoProcessor())
        .withOptions(List.of("-Xlint:all,-processing", "-Werror"))
        .compile(INVOICE, queries);
  }

  private static void assertOrdered(String member, String use) {
    Compilation compilation = compile(member);
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(String.format(Errors.QUERY_DECIMAL_ORDERED, "total", use))
        .inFile(compilation.sourceFiles().get(1))
        .onLineContaining("@Query");
  }

  @Test
  void greaterThanOnABigDecimalColumnIsAnErrorNamingTheColumnAndTheWayOut() {
    assertOrdered(
        "@Query(\"SELECT * FROM invoices WHERE total > :min\") List<Invoice> above(BigDecimal min);",
        "in a > comparison");
  }

  @Test
  void aParameterOnTheLeftAndAQualifiedColumnAreFound() {
    assertOrdered(
        "@Query(\"SELECT * FROM invoices i WHERE :min <= i.total\") List<Invoice> above(BigDecimal min);",
        "in a <= comparison");
  }

  @Test
  void betweenIsAnError() {
    assertOrdered(
        "@Query(\"SELECT * FROM invoices WHERE total BETWEEN :a AND :b\")"
            + " List<Invoice> within(BigDecimal a, BigDecimal b);",
        "in a BETWEEN comparison");
  }

  @Test
  void orderByIsAnError() {
    assertOrdered(
        "@Query(\"SELECT * FROM invoices ORDER BY owner, total DESC\") List<Invoice> ranked();",
        "in ORDER BY");
  }

  @Test
  void minMaxAndSumAreErrors() {
    assertOrdered("@Query(\"SELECT max(total) FROM invoices\") Optional<BigDecimal> top();", "in MAX(...)");
    assertOrdered("@Query(\"SELECT sum(total) FROM invoices\") double sum();", "in SUM(...)");
    assertOrdered(
        "@Query(\"SELECT min(DISTINCT total) FROM invoices\") Optional<BigDecimal> least();",
        "in MIN(...)");
  }

  @Test
  void equalityInListsCastsAndAliasesCompile() {
    Compilation compilation =
        compile(
            "@Query(\"SELECT * FROM invoices WHERE total = :t OR total <> :t\") List<Invoice> exactly(BigDecimal t);",
            "@Query(\"SELECT * FROM invoices WHERE total IN (:ts)\") List<Invoice> among(Collection<BigDecimal> ts);",
            "@Query(\"SELECT * FROM invoices WHERE CAST(total AS REAL) > :min ORDER BY CAST(total AS REAL)\")"
                + " List<Invoice> above(BigDecimal min);",
            "@Query(\"SELECT CAST(total AS REAL) AS total FROM invoices ORDER BY total\") List<Double> amounts();",
            "@Query(\"SELECT owner FROM invoices GROUP BY owner ORDER BY owner\") List<String> owners();");
    assertThat(compilation).succeededWithoutWarnings();
  }
}
