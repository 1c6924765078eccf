/** Connections: SQLite configuration, the HikariCP pool and per-connection statement caches. */
package dev.flujo.runtime.internal.pool;
