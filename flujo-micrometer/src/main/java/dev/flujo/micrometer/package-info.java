/**
 * Micrometer metrics for Flujo: {@link dev.flujo.micrometer.FlujoMetrics}, a {@code MeterBinder}
 * fed by the runtime's {@code OperationListener}. The runtime itself does not depend on
 * Micrometer.
 */
package dev.flujo.micrometer;
