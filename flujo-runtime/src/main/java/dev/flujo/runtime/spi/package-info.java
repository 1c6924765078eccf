/**
 * Support used by the code the Flujo processor generates: statement descriptors, callbacks and
 * value conversions. Application code does not need it; it may change between minor versions in
 * step with the processor.
 */
package dev.flujo.runtime.spi;
