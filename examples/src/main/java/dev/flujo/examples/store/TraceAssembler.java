package dev.flujo.examples.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a span tree into rows and rows back into a tree, without recursion (a trace may be deep).
 *
 * <p>Rules when rebuilding: spans are ordered by start time, then id. A span with no parent is a
 * root. A span whose parent is not among the run's spans becomes a root ({@link
 * TraceIssue.Kind#MISSING_PARENT}). On every cycle of parent links, the span that comes first in
 * that order becomes a root ({@link TraceIssue.Kind#CYCLE}); the rest of the cycle, and anything
 * hanging from it, stays below it. Every stored span therefore appears exactly once.
 */
final class TraceAssembler {
  static final Comparator<Span> ORDER =
      Comparator.comparing(Span::startTime).thenComparing(Span::spanId);

  private static final int MAX_LISTED = 8;

  private TraceAssembler() {}

  /**
   * The rows of a trace, parents before children.
   *
   * @throws IllegalArgumentException if a span id occurs twice
   */
  static List<Span> flatten(String runId, List<SpanNode> roots) {
    List<Span> rows = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    ArrayDeque<SpanNode> nodes = new ArrayDeque<>();
    ArrayDeque<String> parents = new ArrayDeque<>();
    for (int i = roots.size() - 1; i >= 0; i--) {
      nodes.push(roots.get(i));
      parents.push("");
    }
    while (!nodes.isEmpty()) {
      SpanNode node = nodes.pop();
      String parent = parents.pop();
      if (!seen.add(node.spanId())) {
        throw new IllegalArgumentException(
            "span id " + node.spanId() + " occurs more than once in the trace of run " + runId);
      }
      rows.add(
          new Span(
              node.spanId(),
              runId,
              parent.isEmpty() ? null : parent,
              node.name(),
              node.startTime(),
              node.endTime(),
              node.status(),
              node.attributes()));
      List<SpanNode> children = node.children();
      for (int i = children.size() - 1; i >= 0; i--) {
        nodes.push(children.get(i));
        parents.push(node.spanId());
      }
    }
    return rows;
  }

  /** Rebuilds the tree of a run's spans, repairing missing parents and cycles. */
  static Trace assemble(String runId, List<Span> stored) {
    List<Span> spans = new ArrayList<>(stored);
    spans.sort(ORDER);
    Map<String, Span> byId = new LinkedHashMap<>();
    for (Span s : spans) {
      byId.put(s.spanId(), s);
    }
    List<TraceIssue> issues = new ArrayList<>();
    Map<String, String> parentOf = new HashMap<>();
    for (Span s : spans) {
      String parent = s.parentSpanId();
      if (parent == null) {
        continue;
      }
      if (byId.containsKey(parent)) {
        parentOf.put(s.spanId(), parent);
      } else {
        issues.add(
            new TraceIssue(
                TraceIssue.Kind.MISSING_PARENT,
                s.spanId(),
                "span "
                    + s.spanId()
                    + " names parent "
                    + parent
                    + ", which is not a span of run "
                    + runId
                    + "; it became a root"));
      }
    }
    breakCycles(spans, byId, parentOf, issues);

    Map<String, List<String>> childrenOf = new HashMap<>();
    List<String> roots = new ArrayList<>();
    for (Span s : spans) {
      String parent = parentOf.get(s.spanId());
      if (parent == null) {
        roots.add(s.spanId());
      } else {
        childrenOf.computeIfAbsent(parent, p -> new ArrayList<>()).add(s.spanId());
      }
    }
    Map<String, SpanNode> built = new HashMap<>();
    ArrayDeque<String> pending = new ArrayDeque<>();
    ArrayDeque<Boolean> expanded = new ArrayDeque<>();
    for (String root : roots) {
      pending.push(root);
      expanded.push(false);
      while (!pending.isEmpty()) {
        String id = pending.pop();
        List<String> children = childrenOf.getOrDefault(id, List.of());
        if (!expanded.pop()) {
          pending.push(id);
          expanded.push(true);
          for (String child : children) {
            pending.push(child);
            expanded.push(false);
          }
        } else {
          List<SpanNode> nodes = new ArrayList<>(children.size());
          for (String child : children) {
            nodes.add(built.remove(child));
          }
          Span s = byId.get(id);
          built.put(
              id,
              new SpanNode(
                  s.spanId(),
                  s.name(),
                  s.startTime(),
                  s.endTime(),
                  s.status(),
                  s.attributes(),
                  nodes));
        }
      }
    }
    List<SpanNode> rootNodes = new ArrayList<>(roots.size());
    for (String root : roots) {
      rootNodes.add(built.remove(root));
    }
    return new Trace(runId, rootNodes, issues);
  }

  private static void breakCycles(
      List<Span> spans,
      Map<String, Span> byId,
      Map<String, String> parentOf,
      List<TraceIssue> issues) {
    Map<String, Integer> state = new HashMap<>();
    final int onPath = 1;
    final int done = 2;
    for (Span start : spans) {
      if (state.containsKey(start.spanId())) {
        continue;
      }
      List<String> path = new ArrayList<>();
      String current = start.spanId();
      while (current != null && !state.containsKey(current)) {
        state.put(current, onPath);
        path.add(current);
        current = parentOf.get(current);
      }
      if (current != null && state.get(current) == onPath) {
        List<String> cycle = path.subList(path.indexOf(current), path.size());
        String first = cycle.get(0);
        for (String id : cycle) {
          if (ORDER.compare(byId.get(id), byId.get(first)) < 0) {
            first = id;
          }
        }
        parentOf.remove(first);
        StringBuilder links = new StringBuilder();
        int at = cycle.indexOf(first);
        for (int i = 0; i <= cycle.size(); i++) {
          if (i == MAX_LISTED && cycle.size() > MAX_LISTED) {
            links.append(" -> ... (").append(cycle.size()).append(" spans) -> ").append(first);
            break;
          }
          links.append(i == 0 ? "" : " -> ").append(cycle.get((at + i) % cycle.size()));
        }
        issues.add(
            new TraceIssue(
                TraceIssue.Kind.CYCLE,
                first,
                "spans "
                    + links
                    + " form a cycle of parent links; "
                    + first
                    + " started first and became a root"));
      }
      for (String id : path) {
        state.put(id, done);
      }
    }
  }
}
