package dev.flujo.examples.store;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flujo.runtime.DuplicateKeyException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving and rebuilding span trees, and the rules for damaged ones. */
class TraceTest {
  private static final Instant T = Instant.parse("2025-01-01T00:00:00Z");

  @TempDir Path dir;

  private Stores stores;
  private SqliteWorkflowStateStore store;
  private SpanDao spans;

  @BeforeEach
  void open() {
    stores = new Stores(dir);
    store = stores.store();
    spans = new SpanDao(store.database());
  }

  @AfterEach
  void close() {
    stores.close();
  }

  private static SpanNode span(String id, int startSecond, SpanNode... children) {
    return new SpanNode(
        id,
        "op-" + id,
        T.plusSeconds(startSecond),
        T.plusSeconds(startSecond + 10),
        SpanStatus.COMPLETED,
        Map.of("id", id),
        List.of(children));
  }

  /** A stored span with a parent link, written directly as another writer might have. */
  private void row(String runId, String id, String parent, int startSecond) {
    spans.insert(
        new Span(
            id,
            runId,
            parent,
            "op-" + id,
            T.plusSeconds(startSecond),
            null,
            SpanStatus.RUNNING,
            Map.of()));
  }

  private static List<String> ids(List<SpanNode> nodes) {
    return nodes.stream().map(SpanNode::spanId).toList();
  }

  @Test
  void aSavedTreeLoadsAsTheSameTree() {
    SpanNode tree = span("root", 0, span("a", 1, span("a1", 2), span("a2", 3)), span("b", 4));

    store.saveTrace("run-1", tree);
    Trace trace = store.loadTrace("run-1").orElseThrow();

    assertThat(trace.roots()).containsExactly(tree);
    assertThat(trace.issues()).isEmpty();
    assertThat(trace.spanCount()).isEqualTo(5);
    assertThat(trace.runId()).isEqualTo("run-1");
  }

  @Test
  void childrenAndRootsAreOrderedByStartTimeThenId() {
    SpanNode late = span("z-late", 9);
    SpanNode tieB = span("b-tie", 5);
    SpanNode tieA = span("a-tie", 5);
    store.saveTrace("run-1", List.of(span("r2", 1), span("r1", 1, late, tieB, tieA)));

    Trace trace = store.loadTrace("run-1").orElseThrow();

    assertThat(ids(trace.roots())).containsExactly("r1", "r2").inOrder();
    assertThat(ids(trace.roots().get(0).children()))
        .containsExactly("a-tie", "b-tie", "z-late")
        .inOrder();
  }

  @Test
  void saveTraceReplacesTheRunsSpansAndLeavesOtherRunsAlone() {
    store.saveTrace("run-1", span("old", 0, span("old-child", 1)));
    store.saveTrace("run-2", span("other", 0));

    store.saveTrace("run-1", span("new", 0));

    assertThat(ids(store.loadTrace("run-1").orElseThrow().roots())).containsExactly("new");
    assertThat(store.loadTrace("run-1").orElseThrow().spanCount()).isEqualTo(1);
    assertThat(ids(store.loadTrace("run-2").orElseThrow().roots())).containsExactly("other");
  }

  @Test
  void anEmptyTraceRemovesTheRunsSpans() {
    store.saveTrace("run-1", span("old", 0));

    store.saveTrace("run-1", List.of());

    assertThat(store.loadTrace("run-1")).isEmpty();
  }

  @Test
  void aDuplicateSpanIdInTheTreeIsRejectedBeforeAnythingChanges() {
    store.saveTrace("run-1", span("kept", 0));

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> store.saveTrace("run-1", span("x", 0, span("dup", 1), span("dup", 2))));

    assertThat(e).hasMessageThat().contains("span id dup occurs more than once");
    assertThat(ids(store.loadTrace("run-1").orElseThrow().roots())).containsExactly("kept");
  }

  @Test
  void aSpanIdOfAnotherRunFailsTheWholeReplacementAtomically() {
    store.saveTrace("run-1", span("kept", 0));
    store.saveTrace("run-2", span("taken", 0));

    assertThrows(
        DuplicateKeyException.class,
        () -> store.saveTrace("run-1", span("fresh", 0, span("taken", 1))));

    assertThat(ids(store.loadTrace("run-1").orElseThrow().roots())).containsExactly("kept");
    assertThat(ids(store.loadTrace("run-2").orElseThrow().roots())).containsExactly("taken");
  }

  @Test
  void saveTraceRecordsTheRunWithDefaults() {
    store.saveTrace("run-1", span("root", 0));

    Run run = store.runDetails("run-1").orElseThrow().run();
    assertThat(run.pipelineId()).isEqualTo(WorkflowState.UNKNOWN_PIPELINE);
    assertThat(run.status()).isEqualTo(WorkflowStatus.RUNNING);
  }

  @Test
  void spanDefaultsFollowTheEndTime() {
    SpanNode open = new SpanNode("open", "n", T, null, null, null, null);
    SpanNode closed = new SpanNode("closed", "n", T, T.plusSeconds(1), null, null, null);

    store.saveTrace("run-1", List.of(open, closed));

    List<SpanNode> roots = store.loadTrace("run-1").orElseThrow().roots();
    assertThat(roots.get(0).status()).isEqualTo(SpanStatus.COMPLETED);
    assertThat(roots.get(1).status()).isEqualTo(SpanStatus.RUNNING);
    assertThat(roots.get(1).attributes()).isEmpty();
    assertThat(roots.get(1).children()).isEmpty();
  }

  @Test
  void aSpanWhoseParentIsMissingBecomesARootAndIsReported() {
    row("run-1", "root", null, 0);
    row("run-1", "child", "root", 1);
    row("run-1", "orphan", "gone", 2);
    row("run-2", "elsewhere", null, 0);
    row("run-1", "points-elsewhere", "elsewhere", 3);

    Trace trace = store.loadTrace("run-1").orElseThrow();

    assertThat(ids(trace.roots())).containsExactly("root", "orphan", "points-elsewhere").inOrder();
    assertThat(ids(trace.roots().get(0).children())).containsExactly("child");
    assertThat(trace.issues().stream().map(TraceIssue::spanId).toList())
        .containsExactly("orphan", "points-elsewhere");
    assertThat(trace.issues().get(0).kind()).isEqualTo(TraceIssue.Kind.MISSING_PARENT);
    assertThat(trace.issues().get(0).detail()).contains("names parent gone");
    assertThat(trace.spanCount()).isEqualTo(4);
  }

  @Test
  void aCycleIsBrokenAtItsEarliestSpanWhateverTheOrderOfWrites() {
    // c -> b -> a -> c, with a tail d -> b hanging off the cycle
    row("run-1", "b", "a", 2);
    row("run-1", "a", "c", 3);
    row("run-1", "d", "b", 0);
    row("run-1", "c", "b", 1);

    Trace trace = store.loadTrace("run-1").orElseThrow();

    assertThat(ids(trace.roots())).containsExactly("c");
    SpanNode c = trace.roots().get(0);
    SpanNode a = c.children().get(0);
    assertThat(ids(c.children())).containsExactly("a");
    assertThat(ids(a.children())).containsExactly("b");
    assertThat(ids(a.children().get(0).children())).containsExactly("d");
    assertThat(trace.issues())
        .containsExactly(
            new TraceIssue(
                TraceIssue.Kind.CYCLE,
                "c",
                "spans c -> b -> a -> c form a cycle of parent links; c started first and became"
                    + " a root"));
    assertThat(trace.spanCount()).isEqualTo(4);
  }

  @Test
  void aSpanThatIsItsOwnParentBecomesARoot() {
    row("run-1", "self", "self", 0);
    row("run-1", "kid", "self", 1);

    Trace trace = store.loadTrace("run-1").orElseThrow();

    assertThat(ids(trace.roots())).containsExactly("self");
    assertThat(ids(trace.roots().get(0).children())).containsExactly("kid");
    assertThat(trace.issues().get(0).detail()).startsWith("spans self -> self form a cycle");
  }

  @Test
  void twoSeparateCyclesAreEachBrokenOnce() {
    row("run-1", "x1", "x2", 5);
    row("run-1", "x2", "x1", 4);
    row("run-1", "y1", "y2", 1);
    row("run-1", "y2", "y1", 2);

    Trace trace = store.loadTrace("run-1").orElseThrow();

    assertThat(ids(trace.roots())).containsExactly("y1", "x2").inOrder();
    assertThat(trace.issues().stream().map(TraceIssue::spanId).toList())
        .containsExactly("y1", "x2");
  }

  @Test
  void aLongCycleIsListedShortly() {
    List<Span> cycle = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      cycle.add(
          new Span(
              "s" + i,
              "run-1",
              "s" + ((i + 1) % 100),
              "n",
              T.plusSeconds(i),
              null,
              SpanStatus.RUNNING,
              Map.of()));
    }

    Trace trace = TraceAssembler.assemble("run-1", cycle);

    assertThat(ids(trace.roots())).containsExactly("s0");
    assertThat(trace.issues().get(0).detail())
        .startsWith("spans s0 -> s1 -> s2 -> s3 -> s4 -> s5 -> s6 -> s7 -> ... (100 spans) -> s0");
    assertThat(trace.spanCount()).isEqualTo(100);
  }

  @Test
  void aTraceTenThousandSpansDeepSavesAndLoadsWithoutRecursion() {
    SpanNode node = span("d9999", 9999);
    for (int i = 9998; i >= 0; i--) {
      node = span("d" + i, i, node);
    }

    store.saveTrace("deep", node);
    Trace trace = store.loadTrace("deep").orElseThrow();

    assertThat(trace.spanCount()).isEqualTo(10_000);
    SpanNode at = trace.roots().get(0);
    int depth = 1;
    while (!at.children().isEmpty()) {
      at = at.children().get(0);
      depth++;
    }
    assertThat(depth).isEqualTo(10_000);
    assertThat(at.spanId()).isEqualTo("d9999");
  }

  @Test
  void spanTimesKeepMicroseconds() {
    Instant precise = Instant.parse("2025-01-01T00:00:00.123456789Z");
    store.saveTrace("run-1", new SpanNode("s", "n", precise, null, null, null, null));

    assertThat(store.loadTrace("run-1").orElseThrow().roots().get(0).startTime())
        .isEqualTo(Instant.parse("2025-01-01T00:00:00.123456Z"));
  }
}
