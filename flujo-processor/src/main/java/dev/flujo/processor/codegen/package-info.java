/** Writers of generated artifacts: SQL text, table definitions and DAOs. */
package dev.flujo.processor.codegen;
