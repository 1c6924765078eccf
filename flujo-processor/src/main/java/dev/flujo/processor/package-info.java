/**
 * The Flujo annotation processor. {@link dev.flujo.processor.FlujoProcessor} wires three stages:
 * {@code model} reads annotated elements, {@code validation} reports what is wrong, {@code
 * codegen} writes sources for what is right.
 */
package dev.flujo.processor;
