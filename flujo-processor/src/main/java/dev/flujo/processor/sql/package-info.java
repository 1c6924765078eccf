/**
 * SQL as the processor writes and checks it: DDL and DML text of a table, identifiers and
 * quoting, the {@code *} expansion of query statements, and the in-memory SQLite database on
 * which {@code @Query} statements are prepared at compile time. Depends on {@code model} only.
 */
package dev.flujo.processor.sql;
