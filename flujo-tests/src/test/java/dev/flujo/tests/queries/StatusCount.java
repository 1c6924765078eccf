package dev.flujo.tests.queries;

import dev.flujo.tests.Status;

/** How many workflows have a status: a projection of a GROUP BY. */
public record StatusCount(Status status, long total) {}
