package dev.flujo.tests.queries;

/** A workflow joined with one of its steps. */
public record RunStep(String runId, String pipelineName, String stepName, int position) {}
