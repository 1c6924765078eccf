package dev.flujo.benchmarks.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic {@link WorkflowState} rows: the same index gives the same row in every contender's
 * file. Rows spread over {@value #PIPELINES} pipelines and all statuses, with JSON contexts of a few
 * hundred bytes, so a row is about the size of a real orchestrator row.
 */
public final class Rows {
  /** How many distinct pipelines rows spread over. */
  public static final int PIPELINES = 20;

  private static final Status[] STATUSES = Status.values();
  private static final long BASE_EPOCH_SECOND = 1_767_225_600L; // 2026-01-01T00:00:00Z

  private Rows() {}

  /** The key of row {@code i}. */
  public static String runId(int i) {
    return String.format("run-%08d", i);
  }

  /** The pipeline id of pipeline {@code p}. */
  public static String pipelineId(int p) {
    return String.format("pipeline-%02d", p);
  }

  /** Row {@code i}, with {@code stepIndex} as its current step. */
  public static WorkflowState row(int i, int stepIndex) {
    int pipeline = i % PIPELINES;
    Status status = STATUSES[(i / PIPELINES) % STATUSES.length];
    Instant created = Instant.ofEpochSecond(BASE_EPOCH_SECOND + i * 7L, (i % 1000) * 1000L);
    Instant updated = created.plusSeconds(60L + (i % 3600));
    int totalSteps = 5 + (i % 11);
    return new WorkflowState(
        runId(i),
        pipelineId(pipeline),
        "Pipeline number " + pipeline,
        "1." + (pipeline % 4) + ".0",
        stepIndex % (totalSteps + 1),
        context(i, stepIndex),
        i % 3 == 0 ? null : "{\"step\":" + stepIndex + ",\"result\":\"ok\",\"tokens\":" + (i % 977) + "}",
        status,
        created,
        updated,
        totalSteps,
        status == Status.FAILED ? "step " + stepIndex + " failed: timeout after 30s" : null,
        i % 5 == 0 ? null : 1000L + i % 100_000,
        i % 4 == 0 ? null : 64.0 + (i % 512) / 4.0);
  }

  /** Rows {@code from} (inclusive) to {@code to} (exclusive), each at {@code stepIndex}. */
  public static List<WorkflowState> rows(int from, int to, int stepIndex) {
    List<WorkflowState> rows = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      rows.add(row(i, stepIndex));
    }
    return rows;
  }

  private static String context(int i, int stepIndex) {
    return "{\"run\":\"" + runId(i) + "\",\"inputs\":{\"customer_id\":" + (i * 31 % 100_000)
        + ",\"query\":\"summarise the quarterly report for region " + (i % 17) + "\"},"
        + "\"step\":" + stepIndex + ",\"scratchpad\":[\"fetched 12 documents\","
        + "\"ranked by relevance\",\"drafted summary v" + (stepIndex + 1) + "\"],"
        + "\"flags\":{\"retry\":" + (i % 2 == 0) + ",\"priority\":" + (i % 5) + "}}";
  }
}
