package dev.flujo.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.flujo.processor.FlujoCompiler.compile;
import static dev.flujo.processor.FlujoCompiler.source;

import com.google.testing.compile.Compilation;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Correct state classes, using every supported type and every annotation, compile without a single
 * warning under {@code -Xlint:all,-processing -Werror} (the flags docs/validation.md gives), their generated DAOs included.
 */
class CleanCompileTest {
  private static final List<String> STRICT_LINT = List.of("-Xlint:all,-processing", "-Werror");

  private static final JavaFileObject MONEY = source("Money", "public record Money(long cents) {}");

  private static final JavaFileObject MONEY_CONVERTER =
      source(
          "MoneyConverter",
          "/** Stores money as its cents in text. */",
          "public final class MoneyConverter implements ColumnConverter<Money, String> {",
          "  @Override public String toColumn(Money value) { return Long.toString(value.cents()); }",
          "  @Override public Money fromColumn(String value) {",
          "    return new Money(Long.parseLong(value));",
          "  }",
          "}");

  private static final JavaFileObject STATUS =
      source("Status", "public enum Status { ACTIVE, DONE }");

  private static final JavaFileObject EVERYTHING =
      source(
          "Everything",
          "@StateTable",
          "@Index(columns = \"text\")",
          "@Index(columns = {\"status\", \"updated_at\"}, name = \"by_status\")",
          "@Index(columns = \"uuid\", unique = true)",
          "@DbRetry(maxAttempts = 3, initialDelayMillis = 5, multiplier = 1.5,"
              + " maxDelayMillis = 50, jitter = 0.2)",
          "public record Everything(",
          "    @Id String id,",
          "    @Column(defaultValue = \"'none'\") String text,",
          "    @Nullable String note,",
          "    long aLong,",
          "    @Nullable Long boxedLong,",
          "    @Column(defaultValue = \"-1\") int anInt,",
          "    @Nullable Integer boxedInt,",
          "    short aShort,",
          "    @Nullable Short boxedShort,",
          "    @Column(defaultValue = \"0x7F\") byte aByte,",
          "    @Nullable Byte boxedByte,",
          "    @Column(defaultValue = \"FALSE\") boolean flag,",
          "    @Nullable Boolean boxedFlag,",
          "    @Column(defaultValue = \"1.5e3\") double aDouble,",
          "    @Nullable Double boxedDouble,",
          "    float aFloat,",
          "    @Nullable Float boxedFloat,",
          "    @Nullable @Column(defaultValue = \"X'0A1B'\") byte[] bytes,",
          "    Instant instant,",
          "    @Column(name = \"due_on\", defaultValue = \"'2024-01-31'\") LocalDate date,",
          "    Duration duration,",
          "    UUID uuid,",
          "    @Column(defaultValue = \"'1.10'\") BigDecimal amount,",
          "    @Column(defaultValue = \"'ACTIVE'\") Status status,",
          "    @Convert(MoneyConverter.class) Money price,",
          "    @Nullable @Convert(MoneyConverter.class) Money discount,",
          "    @CreatedAt Instant createdAt,",
          "    @UpdatedAt Instant updatedAt) {}");

  private static final JavaFileObject ACCOUNT =
      source(
          "Account",
          "/** A class read through getters and written through setters, with a composite key. */",
          "@StateTable(name = \"accounts\", withoutRowId = false, strict = false)",
          "@Index(columns = \"owner\")",
          "public class Account {",
          "  @Id private String tenant;",
          "  @Id private long number;",
          "  private String owner;",
          "  @Nullable private LocalDate closedOn;",
          "  @Convert(MoneyConverter.class) private Money balance;",
          "  private transient int cachedHash;",
          "  @Transient private String note;",
          "  private static int instances;",
          "  public Account() { instances++; }",
          "  public String getTenant() { return tenant; }",
          "  public void setTenant(String tenant) { this.tenant = tenant; }",
          "  public long getNumber() { return number; }",
          "  public void setNumber(long number) { this.number = number; }",
          "  public String getOwner() { return owner; }",
          "  public void setOwner(String owner) { this.owner = owner; }",
          "  public LocalDate getClosedOn() { return closedOn; }",
          "  public void setClosedOn(LocalDate closedOn) { this.closedOn = closedOn; }",
          "  public Money getBalance() { return balance; }",
          "  public void setBalance(Money balance) { this.balance = balance; }",
          "  public String getNote() { return note; }",
          "  public int cachedHash() { return cachedHash; }",
          "}");

  private static final JavaFileObject READING =
      source(
          "Reading",
          "/** A class built through its constructor. */",
          "@StateTable",
          "public final class Reading {",
          "  @Id private final UUID id;",
          "  private final double value;",
          "  @UpdatedAt private final Instant takenAt;",
          "  public Reading(UUID id, double value, Instant takenAt) {",
          "    this.id = id;",
          "    this.value = value;",
          "    this.takenAt = takenAt;",
          "  }",
          "  public UUID getId() { return id; }",
          "  public double getValue() { return value; }",
          "  public Instant getTakenAt() { return takenAt; }",
          "}");

  @Test
  void cleanStateClassesCompileWithoutWarningsUnderLintAll() {
    Compilation compilation =
        compile(STRICT_LINT, MONEY, MONEY_CONVERTER, STATUS, EVERYTHING, ACCOUNT, READING);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.EverythingDao").isNotNull();
    assertThat(compilation).generatedSourceFile("test.AccountDao").isNotNull();
    assertThat(compilation).generatedSourceFile("test.ReadingDao").isNotNull();
  }
}
