/** Schema lifecycle at open: corruption checks and recovery, table and index creation. */
package dev.flujo.runtime.internal.schema;
