/**
 * Many workers on one state store: runs claimed under leases with fencing tokens, heartbeats,
 * reclaiming expired leases, bounded attempts, and every step's effect applied exactly once. Runs
 * on SQLite (many processes, one file) and PostgreSQL (many hosts). See docs/workers.md.
 */
package dev.flujo.examples.workers;
