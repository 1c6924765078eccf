package dev.flujo.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Scores by workload and contender, one per round; a cell's score is the median of its rounds. */
public final class Results {
  private final Map<String, Map<String, List<Double>>> scores = new LinkedHashMap<>();

  /** Records one round's score. */
  public void add(String workload, String contender, double score) {
    scores
        .computeIfAbsent(workload, w -> new LinkedHashMap<>())
        .computeIfAbsent(contender, c -> new ArrayList<>())
        .add(score);
  }

  /** The workloads, in the order first recorded. */
  public List<String> workloads() {
    return new ArrayList<>(scores.keySet());
  }

  /** The rounds' scores of one cell (empty if it was not measured). */
  public List<Double> rounds(String workload, String contender) {
    return scores.getOrDefault(workload, Map.of()).getOrDefault(contender, List.of());
  }

  /** The median of one cell's rounds, or NaN if it was not measured. */
  public double median(String workload, String contender) {
    List<Double> values = rounds(workload, contender);
    if (values.isEmpty()) {
      return Double.NaN;
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** {@code contender}'s median divided by {@code baseline}'s, or NaN if either is missing. */
  public double ratio(String workload, String contender, String baseline) {
    return median(workload, contender) / median(workload, baseline);
  }
}
