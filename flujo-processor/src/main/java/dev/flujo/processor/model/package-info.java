/**
 * What a state table, column, index and retry policy are, read from annotated elements without
 * judging them: validation decides what is wrong, code generation what to write.
 */
package dev.flujo.processor.model;
