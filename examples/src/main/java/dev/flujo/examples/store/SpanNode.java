package dev.flujo.examples.store;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One span of a trace tree, with its children. Documented defaults: a null {@code status} becomes
 * {@link SpanStatus#RUNNING} when {@code endTime} is null and {@link SpanStatus#COMPLETED}
 * otherwise; null {@code attributes} an empty object; null {@code children} an empty list. Times
 * are stored in microseconds: finer digits are dropped.
 *
 * @param spanId the span's id, unique across every run
 * @param name what it measured
 * @param startTime when it started
 * @param endTime when it ended, or null
 * @param status how it ended
 * @param attributes free-form JSON object
 * @param children the spans it encloses, ordered by start time then id when loaded
 */
public record SpanNode(
    String spanId,
    String name,
    Instant startTime,
    Instant endTime,
    SpanStatus status,
    Map<String, Object> attributes,
    List<SpanNode> children) {

  /** Checks the required components and applies the documented defaults. */
  public SpanNode {
    Objects.requireNonNull(spanId, "spanId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(startTime, "startTime");
    status = status != null ? status : endTime == null ? SpanStatus.RUNNING : SpanStatus.COMPLETED;
    attributes = Json.copyOf(attributes);
    children = children == null ? List.of() : List.copyOf(children);
  }

  /** A leaf span without attributes. */
  public static SpanNode leaf(String spanId, String name, Instant start, Instant end) {
    return new SpanNode(spanId, name, start, end, null, null, null);
  }

  /** This span with other children. */
  public SpanNode withChildren(List<SpanNode> newChildren) {
    return new SpanNode(spanId, name, startTime, endTime, status, attributes, newChildren);
  }

  /** The number of spans in this subtree, this one included. */
  public int size() {
    int n = 0;
    ArrayDeque<SpanNode> pending = new ArrayDeque<>();
    pending.push(this);
    while (!pending.isEmpty()) {
      SpanNode node = pending.pop();
      n++;
      node.children.forEach(pending::push);
    }
    return n;
  }
}
