/** A parameter-level {@code Nullable} for {@code @Query} methods and the store's filters. */
package dev.flujo.examples.nullness;
