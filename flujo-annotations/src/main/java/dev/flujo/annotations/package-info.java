/**
 * Annotations that describe SQLite state tables, custom queries and retry policies. The Flujo
 * annotation processor reads them at compile time; nothing here is read reflectively at run time.
 */
package dev.flujo.annotations;
