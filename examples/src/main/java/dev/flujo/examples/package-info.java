/**
 * The workflow state store of Flujo's origin, rebuilt on generated code: {@link
 * dev.flujo.examples.store} holds the tables, queries and the store; {@link
 * dev.flujo.examples.demo} the runnable demo.
 */
package dev.flujo.examples;
