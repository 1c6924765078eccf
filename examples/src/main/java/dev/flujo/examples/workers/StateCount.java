package dev.flujo.examples.workers;

/**
 * How many runs are in one state.
 *
 * @param state the state
 * @param runs how many
 */
public record StateCount(LeaseState state, long runs) {}
