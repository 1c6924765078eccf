/**
 * Flujo's runtime: {@link dev.flujo.runtime.StateDatabase} and what applications type
 * ({@code dev.flujo.runtime}), and the contract generated code is written against
 * ({@code dev.flujo.runtime.spi}, docs/spi.md). Everything under {@code dev.flujo.runtime.internal}
 * is not exported.
 */
module dev.flujo.runtime {
  requires transitive java.sql;
  // generated classes carry @javax.annotation.processing.Generated (source retention): an
  // application module reading this one reads java.compiler at compile time, not at run time
  requires static transitive java.compiler;
  requires com.zaxxer.hikari;
  requires org.xerial.sqlitejdbc;
  requires org.slf4j;
  // LISTEN/NOTIFY on PostgreSQL; present when the application uses a server
  requires static org.postgresql.jdbc;

  exports dev.flujo.runtime;
  exports dev.flujo.runtime.spi;
}
