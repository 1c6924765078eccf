package dev.flujo.examples.store;

/**
 * How many workflows have one status; a row of {@link WorkflowQueries#countsByStatus()}.
 *
 * @param status the status
 * @param total how many workflow states have it
 */
public record StatusCount(WorkflowStatus status, long total) {}
