/**
 * One processing step per annotation kind. {@link dev.flujo.processor.FlujoProcessor} runs them in
 * order each round; each reads, validates and writes for its own annotation.
 */
package dev.flujo.processor.steps;
