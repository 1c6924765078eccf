/** Retrying transient failures with capped, jittered exponential backoff. */
package dev.flujo.runtime.retry;
