package dev.flujo.processor.validation;

/**
 * Every message the processor reports, in one place. Each says what is wrong and what to do; tests
 * and {@code docs/validation.md} refer to these constants. Placeholders are {@link
 * String#format(String, Object...)} arguments. Constants whose name ends in a fragment marker
 * ({@code RENAME_*}, {@code OWNER_*}, {@code EXPECT_*}, {@code DID_YOU_MEAN}) are parts of other
 * messages, never reported alone.
 */
public final class Errors {
  private Errors() {}

  // ---- the annotated type ----

  /** %1$s: element kind ("an interface"). */
  public static final String TABLE_KIND =
      "@StateTable cannot be used on %s; put it on a record or a concrete class";

  /** %1$s: type name. */
  public static final String TABLE_ABSTRACT =
      "@StateTable type %s is abstract; generated DAOs must create it. Make it concrete";

  /** %1$s: type name. */
  public static final String TABLE_GENERIC =
      "@StateTable type %s has type parameters; a table maps one concrete type. Remove them";

  /** %1$s: type name. */
  public static final String TABLE_INNER =
      "@StateTable type %s is an inner class; make it static or top-level";

  /** %1$s: type name. */
  public static final String TABLE_PRIVATE =
      "@StateTable type %s is private; the generated DAO in the same package must reach it."
          + " Make it package-private or public";

  /** %1$s: simple type name. */
  public static final String TABLE_LOCAL =
      "@StateTable type %s is declared inside a method, initializer or lambda; declare it as a"
          + " top-level or static nested type";

  /** %1$s: type name. */
  public static final String TABLE_NO_COLUMNS =
      "@StateTable type %s has no persisted columns; add a component or a non-transient field";

  /** %1$s: type name. */
  public static final String TABLE_NO_ID =
      "@StateTable type %s has no @Id; mark the component(s) that identify a row with @Id";

  /** %1$s: table name, %2$s: the other owner ({@code OWNER_TABLE}). */
  public static final String TABLE_DUPLICATE_NAME =
      "table name \"%s\" is also used by %s (SQLite compares names case-insensitively);"
          + " set @StateTable(name = \"...\") on one of them";

  /** %1$s: type name, %2$s: persisted fields. */
  public static final String TABLE_NO_CONSTRUCTION =
      "%s cannot be built from a row: add a non-private constructor taking every persisted field"
          + " by name (%s), or a no-argument constructor with a setter or non-final field for each";

  /** %1$s: field, %2$s: setter name, %3$s: persisted fields. */
  public static final String TABLE_NO_SETTER =
      "field \"%s\" cannot be set after the no-argument constructor: add a non-private %s(..),"
          + " make the field non-private and non-final, or add a constructor taking every"
          + " persisted field by name (%s)";

  /** %1$s: component name. */
  public static final String TRANSIENT_ON_RECORD =
      "@Transient cannot be used on record component \"%s\": a record's constructor takes every"
          + " component. Remove the component or persist it";

  /** %1$s: annotation, %2$s: field, %3$s: why it is not persisted. */
  public static final String ANNOTATION_ON_UNPERSISTED =
      "@%s on field \"%s\" has no effect: the field is %s and not persisted. Remove the annotation"
          + " or persist the field";

  // ---- identifiers ----

  /** %1$s: what (table/column/index). */
  public static final String NAME_EMPTY =
      "%s name is empty; give a name or leave the attribute unset";

  /** %1$s: what, %2$s: name. */
  public static final String NAME_MALFORMED =
      "%s name \"%s\" is not a valid identifier; use letters, digits and '_', starting with a"
          + " letter or '_'";

  /** %1$s: what, %2$s: name, %3$d: length, %4$d: limit. */
  public static final String NAME_TOO_LONG =
      "%s name \"%s\" is %d characters long; the limit is %d, beyond which PostgreSQL truncates"
          + " names. Choose a shorter name";

  /** %1$s: what, %2$s: name. */
  public static final String NAME_SQLITE_PREFIX =
      "%s name \"%s\" starts with \"sqlite_\", which SQLite reserves for itself; choose another"
          + " name";

  /** %1$s: what, %2$s: name, %3$s: how to rename ({@code RENAME_*}). */
  public static final String NAME_KEYWORD = "%s name \"%s\" is an SQLite keyword; %s";

  /** %1$s: what, %2$s: name, %3$s: how to rename ({@code RENAME_*}). */
  public static final String NAME_POSTGRES_KEYWORD =
      "%s name \"%s\" is reserved in PostgreSQL, where the same tables must work; %s";

  /** Fragment: how to rename a column. */
  public static final String RENAME_COLUMN = "rename the component or set @Column(name = \"...\")";

  /** Fragment: how to rename a table. */
  public static final String RENAME_TABLE = "rename the type or set @StateTable(name = \"...\")";

  /** Fragment: how to rename an index. */
  public static final String RENAME_INDEX = "set @Index(name = \"...\") to another name";

  // ---- columns ----

  /** %1$s: column, %2$s: component, %3$s: other column, %4$s: other component. */
  public static final String COLUMN_DUPLICATE =
      "column name \"%s\" of \"%s\" collides with column \"%s\" of \"%s\" (SQLite compares names"
          + " case-insensitively); rename one or set @Column(name = \"...\")";

  /** %1$s: type, %2$s: component, %3$s: supported types. */
  public static final String COLUMN_UNSUPPORTED_TYPE =
      "type %s of \"%s\" is not supported; supported types are %s. Map other types with"
          + " @Convert(YourConverter.class)";

  /** %1$s: type, %2$s: component. */
  public static final String COLUMN_GENERIC_TYPE =
      "type %s of \"%s\" is generic and has no column type; store it through"
          + " @Convert(YourConverter.class), e.g. as JSON text";

  /** %1$s: component, %2$s: primitive, %3$s: box. */
  public static final String COLUMN_NULLABLE_PRIMITIVE =
      "\"%s\" is a primitive %s and cannot be @Nullable; use %s";

  /** %1$s: field, %2$s: getter name. */
  public static final String COLUMN_NO_GETTER =
      "field \"%s\" cannot be read by the generated DAO; add a non-private getter %s() or make the"
          + " field non-private";

  // ---- keys ----

  /** %1$s: component, %2$s: type. */
  public static final String ID_FLOATING =
      "@Id \"%s\" is a %s; floating-point keys compare inexactly. Use an integer, String or UUID"
          + " key";

  /** %1$s: component. */
  public static final String ID_NULLABLE =
      "@Id \"%s\" is @Nullable, but key columns are always NOT NULL; remove @Nullable";

  /** %1$s: component. */
  public static final String ID_BLOB =
      "@Id \"%s\" is a byte[]; arrays make poor keys. Use a String, integer or UUID key";

  /** %1$s: annotation, %2$s: component. */
  public static final String ID_TIMESTAMP =
      "@%s cannot be combined with @Id on \"%s\"; the DAO overwrites timestamps. Use a separate"
          + " key";

  // ---- timestamps ----

  /** %1$s: annotation, %2$s: component, %3$s: type. */
  public static final String TIMESTAMP_NOT_INSTANT =
      "@%s on \"%s\" needs a java.time.Instant, found %s; change the type to Instant";

  /** %1$s: annotation, %2$s: component. */
  public static final String TIMESTAMP_CONVERTED =
      "@%s on \"%s\" cannot use @Convert; the DAO stores the clock's Instant as epoch"
          + " microseconds. Remove @Convert";

  /** %1$s: annotation, %2$s: first, %3$s: second. */
  public static final String TIMESTAMP_TWICE =
      "@%s is on both \"%s\" and \"%s\"; a table has at most one. Remove one";

  /** %1$s: component. */
  public static final String TIMESTAMP_BOTH =
      "\"%s\" has both @CreatedAt and @UpdatedAt; keep one";

  // ---- @Version ----

  /** %1$s: first component, %2$s: second component. */
  public static final String VERSION_TWICE =
      "@Version is on both \"%s\" and \"%s\"; a table has at most one version. Remove one";

  /** %1$s: component, %2$s: its type. */
  public static final String VERSION_TYPE =
      "@Version on \"%s\" needs a primitive long or int, not %s; declare it long";

  /** %1$s: component. */
  public static final String VERSION_ON_KEY =
      "@Version cannot be combined with @Id on \"%s\"; a key never changes. Put the version in"
          + " a column of its own";

  /** %1$s: component. */
  public static final String VERSION_NULLABLE =
      "@Version on \"%s\" cannot be @Nullable; every row has a version (insert writes 1)";

  /** %1$s: the other annotation, %2$s: component. */
  public static final String VERSION_COMBINED =
      "@Version cannot be combined with @%s on \"%s\"; the DAO writes the version itself."
          + " Remove @%1$s";

  // ---- defaults ----

  /** %1$s: literal, %2$s: column, %3$s: column type, %4$s: what is expected ({@code EXPECT_*}). */
  public static final String DEFAULT_INVALID =
      "defaultValue \"%s\" of column \"%s\" is not a valid %s literal; %s";

  /** %1$s: literal, %2$s: column. */
  public static final String DEFAULT_UNBALANCED_QUOTE =
      "defaultValue \"%s\" of column \"%s\" has an unbalanced quote; close the string, and write"
          + " '' for a quote inside it";

  /** %1$s: literal, %2$s: column, %3$s: an example literal. */
  public static final String DEFAULT_NOT_LITERAL =
      "defaultValue \"%s\" of column \"%s\" is not a single SQL literal; expressions, sub-queries"
          + " and further statements are not allowed. Write a literal such as %s";

  /** %1$s: column. */
  public static final String DEFAULT_NULL_ON_NOT_NULL =
      "defaultValue NULL of column \"%s\" contradicts its NOT NULL constraint; remove the default"
          + " or mark the component @Nullable";

  /** %1$s: column. */
  public static final String DEFAULT_ON_KEY =
      "column \"%s\" is part of the key and cannot have a defaultValue; remove it";

  /** Fragment: expected TEXT. */
  public static final String EXPECT_TEXT = "write a quoted string like 'text'";

  /** Fragment: expected an integer. */
  public static final String EXPECT_INTEGER = "write an integer like 42";

  /** Fragment, %1$d: lowest, %2$d: highest. */
  public static final String EXPECT_INTEGER_RANGE = "write an integer within [%d, %d]";

  /** Fragment: expected a boolean. */
  public static final String EXPECT_BOOLEAN = "write TRUE, FALSE, 1 or 0";

  /** Fragment: expected a real. */
  public static final String EXPECT_REAL = "write a number like 1.5 or -2e3";

  /** Fragment: expected a blob. */
  public static final String EXPECT_BLOB = "write a blob literal like X'0A1B'";

  /** Fragment: expected a date. */
  public static final String EXPECT_DATE = "write an ISO-8601 date like '2024-01-31'";

  /** Fragment: expected a UUID. */
  public static final String EXPECT_UUID =
      "write a UUID like '123e4567-e89b-12d3-a456-426614174000'";

  /** Fragment: expected a decimal. */
  public static final String EXPECT_DECIMAL = "write a decimal in quotes like '1.10'";

  /** Fragment, %1$s: the enum's constants, %2$s: the first constant. */
  public static final String EXPECT_ENUM = "write one of %s in quotes, like '%s'";

  // ---- indexes ----

  /** No arguments. */
  public static final String INDEX_EMPTY = "@Index has no columns; list at least one column name";

  /** %1$s: column, %2$s: known columns, %3$s: suggestion ({@code DID_YOU_MEAN} or empty). */
  public static final String INDEX_UNKNOWN_COLUMN =
      "@Index names unknown column \"%s\"; the table's columns are %s%s";

  /** Fragment, %1$s: the suggested name (also used by query messages). */
  public static final String DID_YOU_MEAN = "; did you mean \"%s\"?";

  /** %1$s: column. */
  public static final String INDEX_REPEATED_COLUMN =
      "@Index lists column \"%s\" more than once; list each column once";

  /** %1$s: index, %2$s: the other owner ({@code OWNER_*}). */
  public static final String INDEX_DUPLICATE_NAME =
      "index name \"%s\" is also used by %s (tables and indexes share one namespace in SQLite);"
          + " set @Index(name = \"...\") to a unique name";

  /** Fragment, %1$s: type of the other index. */
  public static final String OWNER_INDEX = "an @Index of %s";

  /** Fragment, %1$s: type of the table. */
  public static final String OWNER_TABLE = "the table of %s";

  // ---- converters ----

  /** %1$s: converter. */
  public static final String CONVERTER_NOT_A_CONVERTER =
      "@Convert class %s does not implement dev.flujo.runtime.ColumnConverter<J, S>; implement it";

  /** %1$s: converter. */
  public static final String CONVERTER_RAW =
      "@Convert class %s implements the raw type ColumnConverter; name both types, as in"
          + " ColumnConverter<J, S>";

  /** %1$s: converter. */
  public static final String CONVERTER_GENERIC =
      "@Convert class %s has type parameters, so the DAO cannot tell which types it converts;"
          + " use a converter class with fixed types";

  /** %1$s: converter, %2$s: converter's J, %3$s: component, %4$s: component type. */
  public static final String CONVERTER_TYPE_MISMATCH =
      "@Convert class %s converts %s, but \"%s\" is a %s; use a converter for the component's type";

  /** %1$s: converter, %2$s: S, %3$s: supported types. */
  public static final String CONVERTER_UNSUPPORTED_COLUMN =
      "@Convert class %s stores %s, which is not a supported column type; convert to one of %s";

  /** %1$s: converter, %2$s: S, %3$s: table, %4$s: supported types. */
  public static final String CONVERTER_STRICT_COLUMN =
      "@Convert class %s stores %s, but table \"%s\" is STRICT and its columns hold only INTEGER,"
          + " REAL, TEXT or BLOB values; convert to one of %s";

  /** %1$s: converter. */
  public static final String CONVERTER_ABSTRACT =
      "@Convert class %s is abstract or an interface; the DAO must instantiate it. Use a concrete"
          + " class";

  /** %1$s: converter. */
  public static final String CONVERTER_NO_CONSTRUCTOR =
      "@Convert class %s has no public no-argument constructor without a throws clause; add one";

  /** %1$s: converter, %2$s: the DAO's package. */
  public static final String CONVERTER_NOT_ACCESSIBLE =
      "@Convert class %s cannot be created by the DAO generated in package %s; make it a top-level"
          + " or static nested class that is not private (and public, in public enclosing types, if"
          + " it lives in another package)";

  /** No arguments. */
  public static final String CONVERTER_RUNTIME_MISSING =
      "dev.flujo.runtime.ColumnConverter is not on the compile classpath; add the flujo-runtime"
          + " dependency";

  // ---- retry ----

  /** %1$d: value. */
  public static final String RETRY_MAX_ATTEMPTS =
      "@DbRetry maxAttempts is %d; it counts the first attempt too and must be at least 1";

  /** %1$s: member, %2$d: value. */
  public static final String RETRY_NEGATIVE_DELAY =
      "@DbRetry %s is %d; delays cannot be negative. Use 0 or more";

  /** %1$s: value. */
  public static final String RETRY_MULTIPLIER =
      "@DbRetry multiplier is %s; it must be at least 1 (1 means a constant delay)";

  /** %1$s: value. */
  public static final String RETRY_JITTER =
      "@DbRetry jitter is %s; it is a fraction and must lie within [0, 1]";

  /** %1$d: max, %2$d: initial. */
  public static final String RETRY_MAX_BELOW_INITIAL =
      "@DbRetry maxDelayMillis (%d) is below initialDelayMillis (%d); raise maxDelayMillis";

  // ---- retry wrappers ----

  /** %1$s: what carries it, e.g. {@code class p.Foo} or {@code method p.Foo.run()}. */
  public static final String RETRY_MISPLACED =
      "@DbRetry on %s has no effect: it belongs on a @StateTable type, an interface or a method of an interface. Move it there or remove it";

  /** %1$s: method, %2$s: interface. */
  public static final String RETRY_UNWRAPPABLE_METHOD =
      "@DbRetry on %s has no effect: Retrying%s wraps the abstract and default methods a delegate implements, not static or private ones. Remove it";

  /** %1$s: interface. */
  public static final String RETRY_INTERFACE_PRIVATE =
      "@DbRetry interface %s is private, or nested in a private type; the generated wrapper in the same package must implement it. Make it package-private or public";

  /** %1$s: interface. */
  public static final String RETRY_INTERFACE_SEALED =
      "@DbRetry interface %s is sealed, so the generated wrapper cannot implement it. Permit it or remove @DbRetry";

  // ---- queries ----

  /** %1$s: element kind. */
  public static final String QUERIES_KIND =
      "@StateQueries cannot be used on %s; put it on an interface";

  /** %1$s: interface name. */
  public static final String QUERIES_GENERIC =
      "@StateQueries interface %s has type parameters; the generated implementation needs concrete types. Remove them";

  /** %1$s: interface name. */
  public static final String QUERIES_PRIVATE =
      "@StateQueries interface %s is private or local; the generated implementation beside it must reach it. Make it a package-private or public top-level or member interface";

  /** %1$s: the named type. */
  public static final String QUERIES_NOT_A_TABLE =
      "@StateQueries(%s.class) does not name a @StateTable type; name the state class these queries read and write";

  /** %1$s: the entity. */
  public static final String QUERIES_TABLE_NOT_GENERATED =
      "@StateQueries entity %s has no generated DAO; compile it with the Flujo processor, or fix the errors reported on it";

  /** %1$s: method. */
  public static final String QUERY_MISSING =
      "abstract method %s has no @Query; add @Query(\"...\") or give it a default body";

  /** %1$s: method. */
  public static final String QUERY_WITH_BODY =
      "@Query on %s is ignored because the method has a body; remove @Query or make the method abstract";

  /** %1$s: method. */
  public static final String QUERY_GENERIC_METHOD =
      "@Query method %s has type parameters; the row type must be known at compile time. Remove them";

  /** No args. */
  public static final String QUERY_EMPTY = "@Query holds no SQL statement; write one";

  /** No args. */
  public static final String QUERY_SEVERAL_STATEMENTS =
      "@Query holds more than one SQL statement; write one statement per method (group them with db.inTransaction)";

  /** %1$s: first keyword. */
  public static final String QUERY_NOT_DML =
      "@Query statement starts with \"%s\"; only SELECT, VALUES, WITH, INSERT, REPLACE, UPDATE and DELETE statements are allowed";

  /** %1$s: the statement's first keyword. */
  public static final String QUERY_LOCK_NOT_SELECT =
      "@Query(lock) locks the rows a SELECT reads; this statement starts with \"%s\". Remove"
          + " lock, or claim with a SELECT and then write";

  /** No arguments. */
  public static final String QUERY_LOCK_STREAM =
      "@Query(lock) cannot return a Stream: the lock is held by a transaction the stream would"
          + " outlive. Return a List or an Optional";

  /** %1$s: the clause. */
  public static final String QUERY_LOCK_WRITTEN =
      "@Query(lock) appends \"%s\" on PostgreSQL; remove the FOR clause from the postgres form";

  /** %1$s: the parameter as written. */
  public static final String QUERY_FOREIGN_PARAMETER =
      "@Query uses parameter %s; bind method parameters by name, as :name";

  /** %1$s: the postgres form's parameters, %2$s: the SQLite form's. */
  public static final String QUERY_POSTGRES_PARAMETERS =
      "@Query(postgres) binds %s, but the SQLite form binds %s; write the same :name parameters"
          + " in the same order in both forms";

  /** %1$d: the postgres form's result columns, %2$d: the SQLite form's, %3$s: their labels. */
  public static final String QUERY_POSTGRES_COLUMNS =
      "@Query(postgres) returns %d columns, but the SQLite form returns %d (%s); return the same"
          + " columns in the same order";

  /** %1$d: position, %2$s: the postgres form's label, %3$s: the SQLite form's. */
  public static final String QUERY_POSTGRES_LABEL =
      "@Query(postgres) names result column %1$d \"%2$s\", but the SQLite form names it \"%3$s\";"
          + " write ... AS %3$s in the postgres form";

  /** %1$s: "reads"/"writes" (the postgres form), %2$s: the same of the SQLite form. */
  public static final String QUERY_POSTGRES_KIND =
      "@Query(postgres) %s, but the SQLite form %s; both forms must be the same kind of statement";

  /** %1$s: SQLite's message. */
  public static final String QUERY_SQLITE_ERROR = "@Query does not compile against the schema: %s";

  /** Appended to SQLite's "no such table". */
  public static final String QUERY_TABLE_HINT =
      " (a query can read the tables of every @StateTable type in this compilation and its @StateQueries entity)";

  /** No args. */
  public static final String QUERY_STAR_UNEXPANDABLE =
      "@Query selects * over a NATURAL or USING join, or over a subquery without an alias beside other tables, which Flujo cannot expand to the columns it reads; list the result columns";

  /** %1$s: the column, %2$s: where the statement orders it ("in a > comparison"). */
  public static final String QUERY_DECIMAL_ORDERED =
      "@Query uses BigDecimal column \"%1$s\" %2$s, but it is stored as TEXT, so SQLite would compare text (\"9.5\" > \"10\"); write CAST(%1$s AS REAL) to compare numbers (a double, exact to about 15 significant digits), store the amount as a long of cents, or write CAST(%1$s AS TEXT) to compare text on purpose. Equality (=, <>, IN, IS) is exact and allowed";

  /** %1$s: name, %2$s: suggestion, %3$s: the parameters. */
  public static final String QUERY_UNKNOWN_PARAMETER =
      "@Query uses :%1$s, but the method has no such parameter; its parameters are %3$s%2$s";

  /** %1$s: parameter. */
  public static final String QUERY_UNUSED_PARAMETER =
      "parameter \"%1$s\" is not used by the @Query; refer to it as :%1$s or remove it";

  /** %1$s: parameter, %2$s: type, %3$s: supported types. */
  public static final String QUERY_PARAMETER_TYPE =
      "parameter \"%s\" has type %s, which cannot be bound; use one of %s, a Collection of them for IN (:name), or compare it to a @Convert column (column = :name) so that column's converter applies";

  /** %1$s: parameter, %2$s: converter, %3$s: the type it converts. */
  public static final String QUERY_PARAMETER_CONVERTER =
      "parameter \"%s\" is compared to a column whose converter %s converts %s; pass that type, or the stored value";

  /** %1$s: parameter. */
  public static final String QUERY_COLLECTION_NOT_IN_LIST =
      "collection parameter \"%1$s\" must be the whole list of an IN, as in: column IN (:%1$s)";

  /** %1$s: parameter. */
  public static final String QUERY_NULLABLE_PRIMITIVE =
      "parameter \"%s\" is primitive and cannot be @Nullable; use its boxed type";

  /** %1$s: return type, %2$s: supported types. */
  public static final String QUERY_RETURN_TYPE =
      "@Query method returns %s, which is not supported; return List<T>, Optional<T>, T, Stream<T>, int or long, boolean or void, with T the entity, a record whose components match the result columns, or one of %s";

  /** %1$s: return type. */
  public static final String QUERY_WRITE_RETURNS_ROWS =
      "@Query writes, so it returns no rows; return void, int or long (the rows changed) or boolean (whether any row changed) instead of %s";

  /** No args. */
  public static final String QUERY_READ_RETURNS_VOID =
      "@Query only reads, but the method returns void; return its rows or value";

  /** %1$s: return type, %2$d: count, %3$s: columns. */
  public static final String QUERY_SCALAR_COLUMNS =
      "@Query method returns %s, one value per row, but the statement returns %d columns %s; select exactly one";

  /** %1$s: what (entity column / record component), %2$s: name, %3$s: column, %4$s: columns. */
  public static final String QUERY_MISSING_COLUMN =
      "%s \"%s\" needs result column \"%s\", which the @Query does not return; it returns %s. Select or alias a column with that name";

  /** %1$s: what, %2$s: name, %3$s: Java type, %4$s: column, %5$s: declared type. */
  public static final String QUERY_COLUMN_TYPE =
      "%s \"%s\" is a %s, but result column \"%s\" holds %s; change the Java type or CAST the column";

  /** %1$s: column. */
  public static final String QUERY_DUPLICATE_COLUMN =
      "result column \"%s\" appears more than once, so it cannot be read by name; alias one of them (AS other_name)";

  /** %1$s: column, %2$s: type read. */
  public static final String QUERY_UNUSED_COLUMN =
      "result column \"%s\" is not read into %s; remove it from the SELECT list";

  /** %1$s: component, %2$s: record, %3$s: type, %4$s: supported types. */
  public static final String QUERY_COMPONENT_TYPE =
      "component \"%s\" of %s has type %s, which has no column mapping; use one of %s, or @Convert(YourConverter.class) on the component";

  /** %1$s: record. */
  public static final String QUERY_EMPTY_RECORD = "record %s has no components to read a row into";

  // ---- the processor itself ----

  /** %1$s: element, %2$s: stack trace. */
  public static final String INTERNAL_ERROR =
      "Flujo's processor failed on %s; this is a bug in Flujo, please report it with this"
          + " trace:%n%s";

  /** %1$s: type name. */
  public static final String UNRESOLVED_TYPES =
      "%s refers to types or constants that were never generated or found (see javac's \"cannot"
          + " find symbol\"), so nothing is generated for it; check the imports, and that the"
          + " processors generating them run";
}
