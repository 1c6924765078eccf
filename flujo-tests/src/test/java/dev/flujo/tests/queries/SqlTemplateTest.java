package dev.flujo.tests.queries;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flujo.runtime.spi.SqlStatement;
import dev.flujo.runtime.spi.SqlTemplate;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqlTemplateTest {
  private static final SqlTemplate ONE =
      SqlTemplate.read("t", "test.one", null, List.of(), "SELECT a FROM t WHERE a IN (", ")");
  private static final SqlTemplate TWO =
      SqlTemplate.write("t", "test.two", null, "DELETE FROM t WHERE a IN (", ") OR b IN (", ")");

  @Test
  void placeholdersRoundUpToPowersOfTwoUpToTheCacheLimitThenAreExact() {
    assertThat(SqlTemplate.placeholders(0)).isEqualTo(0);
    assertThat(SqlTemplate.placeholders(1)).isEqualTo(1);
    assertThat(SqlTemplate.placeholders(2)).isEqualTo(2);
    assertThat(SqlTemplate.placeholders(3)).isEqualTo(4);
    assertThat(SqlTemplate.placeholders(5)).isEqualTo(8);
    assertThat(SqlTemplate.placeholders(1000)).isEqualTo(1024);
    assertThat(SqlTemplate.placeholders(1024)).isEqualTo(1024);
    assertThat(SqlTemplate.placeholders(1025)).isEqualTo(1025);
    assertThrows(IllegalArgumentException.class, () -> SqlTemplate.placeholders(-1));
  }

  @Test
  void expansionWritesOneMarkPerPlaceholderAndAnEmptyListForNone() {
    assertThat(ONE.expand(0).sql()).isEqualTo("SELECT a FROM t WHERE a IN ()");
    assertThat(ONE.expand(1).sql()).isEqualTo("SELECT a FROM t WHERE a IN (?)");
    assertThat(ONE.expand(3).sql()).isEqualTo("SELECT a FROM t WHERE a IN (?, ?, ?, ?)");
    assertThat(TWO.expand(1, 2).sql()).isEqualTo("DELETE FROM t WHERE a IN (?) OR b IN (?, ?)");
    assertThat(TWO.expand(1, 2).isWrite()).isTrue();
    assertThat(ONE.expand(1).isWrite()).isFalse();
  }

  @Test
  void sizesInOneBucketShareOneCachedStatement() {
    SqlStatement five = ONE.expand(5);

    assertThat(ONE.expand(7)).isSameInstanceAs(five);
    assertThat(ONE.expand(8)).isSameInstanceAs(five);
    assertThat(ONE.expand(9)).isNotSameInstanceAs(five);
    assertThat(five.isCached()).isTrue();
  }

  @Test
  void listsLongerThanTheCacheLimitGetAFreshUncachedStatementEachCall() {
    SqlStatement first = ONE.expand(2000);
    SqlStatement second = ONE.expand(2000);

    assertThat(first).isNotSameInstanceAs(second);
    assertThat(first.isCached()).isFalse();
    assertThat(first.slot()).isLessThan(0);
    assertThat(first.sql().chars().filter(c -> c == '?').count()).isEqualTo(2000);
  }

  @Test
  void everySizeUpToTheLimitUsesAtMostTwelveStatements() {
    Map<SqlStatement, Boolean> distinct = new IdentityHashMap<>();
    for (int n = 0; n <= SqlTemplate.MAX_CACHED_PLACEHOLDERS; n++) {
      distinct.put(ONE.expand(n), true);
    }
    assertThat(distinct).hasSize(12);
  }

  @Test
  void combinationsOfSeveralListsAreCachedUpToABoundThenUncached() {
    SqlTemplate template =
        SqlTemplate.read("t", "test.bound", null, List.of(), "SELECT 1 WHERE 1 IN (", ") AND 2 IN (", ")");
    List<SqlStatement> cached = new ArrayList<>();
    int uncached = 0;
    for (int a = 0; a <= 1024; a = a == 0 ? 1 : a * 2) {
      for (int b = 0; b <= 1024; b = b == 0 ? 1 : b * 2) {
        SqlStatement s = template.expand(a, b);
        if (s.isCached()) {
          cached.add(s);
          assertThat(template.expand(a, b)).isSameInstanceAs(s);
        } else {
          uncached++;
        }
      }
    }
    assertThat(cached).hasSize(SqlTemplate.MAX_CACHED_SHAPES);
    assertThat(uncached).isEqualTo(12 * 12 - SqlTemplate.MAX_CACHED_SHAPES);
  }

  @Test
  void wrongNumberOfSizesIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> TWO.expand(1));
    assertThrows(IllegalArgumentException.class, () -> ONE.expand(1, 2));
  }

  @Test
  void elementsCopiesAndRejectsNull() {
    List<String> source = new ArrayList<>(List.of("a", "b"));
    List<String> copy = SqlTemplate.elements(source, "ids");
    source.add("c");

    assertThat(copy).containsExactly("a", "b").inOrder();
    List<String> withNull = new ArrayList<>(List.of("a"));
    withNull.add(null);
    NullPointerException e =
        assertThrows(NullPointerException.class, () -> SqlTemplate.elements(withNull, "ids"));
    assertThat(e).hasMessageThat().contains("ids contains null");
    assertThrows(NullPointerException.class, () -> SqlTemplate.elements(null, "ids"));
  }
}
