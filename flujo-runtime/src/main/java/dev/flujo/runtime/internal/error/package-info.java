/** Classification of SQLite failures by result code into Flujo's exception types. */
package dev.flujo.runtime.internal.error;
