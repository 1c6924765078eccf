/**
 * Rules a state table must satisfy, each reporting into a {@link
 * dev.flujo.processor.validation.ValidationReport} with a message from {@link
 * dev.flujo.processor.validation.Errors} on the element (and annotation value) at fault.
 */
package dev.flujo.processor.validation;
