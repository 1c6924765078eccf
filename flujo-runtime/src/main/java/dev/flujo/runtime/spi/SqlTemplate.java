package dev.flujo.runtime.spi;

import dev.flujo.runtime.RetryPolicy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A statement with {@code IN (...)} lists whose length is known only per call, for generated
 * queries with {@code Collection} parameters. The SQL is kept as fragments around each list; {@link
 * #expand} writes one {@code ?} per element between them.
 *
 * <p>To keep the number of distinct statements small, a list of {@code n} elements is written with
 * {@link #placeholders(int) placeholders(n)} marks, the next power of two, and the caller binds the
 * last element again in the spare marks (which leaves {@code IN} and {@code NOT IN} unchanged). An
 * empty list is written {@code IN ()}, which SQLite accepts and which matches no row. Statements
 * of up to {@value #MAX_CACHED_PLACEHOLDERS} marks per list are built once per size and kept
 * prepared by each connection like any {@code static final} statement; at most {@value
 * #MAX_CACHED_SHAPES} such shapes are kept per template. Longer lists, and shapes past that bound,
 * use an exact-size statement that is prepared and closed on every call: no cache grows without
 * bound.
 */
public final class SqlTemplate {
  /** The most marks per list of a statement that connections keep prepared. */
  public static final int MAX_CACHED_PLACEHOLDERS = 1024;
  /** The most list-size combinations kept per template. */
  public static final int MAX_CACHED_SHAPES = 64;

  private static final int BUCKETS = Integer.numberOfTrailingZeros(MAX_CACHED_PLACEHOLDERS) + 2;
  private static final int BITS_PER_LIST = 4;
  private static final int MAX_PACKED_LISTS = Long.SIZE / BITS_PER_LIST;

  private final String table;
  private final String operation;
  private final boolean write;
  private final RetryPolicy retryPolicy;
  private final List<String> resultColumns;
  private final String[] fragments;
  private final AtomicReferenceArray<SqlStatement> single = new AtomicReferenceArray<>(BUCKETS);
  private final ConcurrentHashMap<Long, SqlStatement> shapes = new ConcurrentHashMap<>();

  private SqlTemplate(
      String table,
      String operation,
      boolean write,
      RetryPolicy retryPolicy,
      List<String> resultColumns,
      String... fragments) {
    if (fragments.length < 2) {
      throw new IllegalArgumentException("a template needs at least one list, so two fragments");
    }
    this.table = table;
    this.operation = Objects.requireNonNull(operation, "operation");
    this.write = write;
    this.retryPolicy = retryPolicy;
    this.resultColumns = List.copyOf(resultColumns);
    this.fragments = fragments.clone();
    for (String fragment : this.fragments) {
      Objects.requireNonNull(fragment, "fragment");
    }
  }

  /**
   * A query template.
   *
   * @param table the table, for messages; may be null
   * @param operation the operation name, for messages and logs
   * @param retryPolicy the policy, or null for the database's default
   * @param resultColumns the result column labels read by position (see {@link
   *     SqlStatement#resultColumns()}), or empty
   * @param fragments the SQL around each list: {@code "... IN ("}, {@code ") AND ... IN ("}, {@code
   *     ")"}
   */
  public static SqlTemplate read(
      String table,
      String operation,
      RetryPolicy retryPolicy,
      List<String> resultColumns,
      String... fragments) {
    return new SqlTemplate(table, operation, false, retryPolicy, resultColumns, fragments);
  }

  /** A query template under the database's default retry policy; see {@link #read}. */
  public static SqlTemplate query(
      String table, String operation, List<String> resultColumns, String... fragments) {
    return new SqlTemplate(table, operation, false, null, resultColumns, fragments);
  }

  /** A template of a statement that writes, under the database's default retry policy. */
  public static SqlTemplate update(String table, String operation, String... fragments) {
    return new SqlTemplate(table, operation, true, null, List.of(), fragments);
  }

  /**
   * A template of a statement that writes; see {@link #read}.
   *
   * @param table the table, for messages; may be null
   * @param operation the operation name, for messages and logs
   * @param retryPolicy the policy, or null for the database's default
   * @param fragments the SQL around each list
   */
  public static SqlTemplate write(
      String table, String operation, RetryPolicy retryPolicy, String... fragments) {
    return new SqlTemplate(table, operation, true, retryPolicy, List.of(), fragments);
  }

  /**
   * How many {@code ?} marks a list of {@code size} elements is written with: 0 for none, the
   * next power of two up to {@value #MAX_CACHED_PLACEHOLDERS}, the size itself above.
   */
  public static int placeholders(int size) {
    if (size < 0) {
      throw new IllegalArgumentException("negative list size " + size);
    }
    if (size <= 1 || size > MAX_CACHED_PLACEHOLDERS) {
      return size;
    }
    return Integer.highestOneBit(size - 1) << 1;
  }

  /**
   * A copy of a collection parameter's elements, so the statement's size and the values bound
   * agree even if a retry binds them again.
   *
   * @throws NullPointerException if {@code values} or one of its elements is null
   */
  public static <E> List<E> elements(Collection<? extends E> values, String parameter) {
    Objects.requireNonNull(values, parameter);
    List<E> copy = new ArrayList<>(values);
    for (E value : copy) {
      if (value == null) {
        throw new NullPointerException(
            parameter + " contains null; SQL's IN never matches NULL, so remove it");
      }
    }
    return copy;
  }

  /** The number of lists in this template. */
  public int lists() {
    return fragments.length - 1;
  }

  /** The statement for one list of {@code size} elements. */
  public SqlStatement expand(int size) {
    if (lists() != 1) {
      throw new IllegalArgumentException(operation + " has " + lists() + " lists, not 1");
    }
    int marks = placeholders(size);
    if (marks > MAX_CACHED_PLACEHOLDERS) {
      return build(new int[] {marks}, false);
    }
    int bucket = bucket(marks);
    SqlStatement statement = single.get(bucket);
    if (statement == null) {
      statement = build(new int[] {marks}, true);
      if (!single.compareAndSet(bucket, null, statement)) {
        statement = single.get(bucket);
      }
    }
    return statement;
  }

  /** The statement for lists of these sizes, in the order the lists appear in the SQL. */
  public SqlStatement expand(int... sizes) {
    if (sizes.length != lists()) {
      throw new IllegalArgumentException(
          operation + " has " + lists() + " lists, but " + sizes.length + " sizes were given");
    }
    if (sizes.length == 1) {
      return expand(sizes[0]);
    }
    int[] marks = new int[sizes.length];
    boolean cacheable = sizes.length <= MAX_PACKED_LISTS;
    long key = 0;
    for (int i = 0; i < sizes.length; i++) {
      marks[i] = placeholders(sizes[i]);
      cacheable &= marks[i] <= MAX_CACHED_PLACEHOLDERS;
      key = (key << BITS_PER_LIST) | (cacheable ? bucket(marks[i]) : 0);
    }
    if (!cacheable) {
      return build(marks, false);
    }
    SqlStatement statement = shapes.get(key);
    if (statement != null) {
      return statement;
    }
    if (shapes.size() >= MAX_CACHED_SHAPES) {
      return build(marks, false);
    }
    return shapes.computeIfAbsent(key, k -> build(marks, true));
  }

  /** How many list-size combinations have a kept statement; for tests. */
  int cachedShapes() {
    int n = shapes.size();
    for (int i = 0; i < BUCKETS; i++) {
      if (single.get(i) != null) {
        n++;
      }
    }
    return n;
  }

  private static int bucket(int marks) {
    return marks == 0 ? 0 : Integer.numberOfTrailingZeros(marks) + 1;
  }

  private SqlStatement build(int[] marks, boolean cached) {
    int length = 0;
    for (String fragment : fragments) {
      length += fragment.length();
    }
    for (int m : marks) {
      length += 3 * m;
    }
    StringBuilder sql = new StringBuilder(length);
    sql.append(fragments[0]);
    for (int i = 0; i < marks.length; i++) {
      for (int m = 0; m < marks[i]; m++) {
        sql.append(m == 0 ? "?" : ", ?");
      }
      sql.append(fragments[i + 1]);
    }
    return new SqlStatement(
        table, operation, sql.toString(), write, retryPolicy, resultColumns, cached);
  }

  @Override
  public String toString() {
    return operation + ": " + String.join("?...", fragments);
  }
}
