/**
 * The Flujo runtime: {@link dev.flujo.runtime.StateDatabase} owns the connection pool, SQLite
 * configuration, transactions, retries and schema lifecycle that generated DAOs use. All
 * exceptions are unchecked and rooted at {@link dev.flujo.runtime.StateException}.
 */
package dev.flujo.runtime;
