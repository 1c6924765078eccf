package dev.flujo.processor.validation;

import dev.flujo.processor.model.ColumnModel;
import dev.flujo.processor.model.QuerySql;
import dev.flujo.processor.model.QuerySql.Kind;
import dev.flujo.processor.model.QuerySql.Token;
import dev.flujo.processor.model.ValueType;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Finds the places where a statement orders {@code BigDecimal} columns, which are stored as TEXT
 * and so compare as text ({@code '9.5' > '10'}): an operand of {@code <}, {@code <=}, {@code >},
 * {@code >=} or {@code BETWEEN}, an {@code ORDER BY} term, or the argument of {@code MIN}, {@code
 * MAX}, {@code SUM}, {@code AVG} or {@code TOTAL}. Equality ({@code =}, {@code <>}, {@code IN},
 * {@code IS}) is exact on the canonical text and allowed; a column wrapped in any other expression
 * ({@code CAST(total AS REAL)}) is the author's choice and not reported.
 */
final class DecimalComparisons {
  private static final Set<String> ORDERING = Set.of("<", "<=", ">", ">=", "BETWEEN");
  private static final Set<String> AGGREGATES = Set.of("MIN", "MAX", "SUM", "AVG", "TOTAL");
  private static final Set<String> ORDER_BY_ENDS = Set.of("LIMIT", "OFFSET", ")", ";", "UNION",
      "EXCEPT", "INTERSECT", "WINDOW");

  private DecimalComparisons() {}

  /**
   * The first ordering use of each BigDecimal column, by column name: where it is ordered ("in a
   * < comparison", "in ORDER BY", "in MAX(...)").
   *
   * @param resolve the entity column a reference names, or null
   */
  static Map<String, String> find(QuerySql sql, Function<QuerySql.ColumnRef, ColumnModel> resolve) {
    List<Token> tokens = sql.tokens();
    Set<String> aliases = aliases(tokens);
    Map<String, String> found = new LinkedHashMap<>();
    int orderByDepth = -1;
    int depth = 0;
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      String word = upper(t);
      if (word.equals("(")) {
        depth++;
      } else if (word.equals(")")) {
        depth--;
      }
      if (orderByDepth >= 0 && (depth < orderByDepth || (depth == orderByDepth && ORDER_BY_ENDS.contains(word)))) {
        orderByDepth = -1;
      }
      if (word.equals("BY") && i > 0 && upper(tokens.get(i - 1)).equals("ORDER")) {
        orderByDepth = depth;
        continue;
      }
      if (!(t.kind() == Kind.WORD || t.kind() == Kind.QUOTED)) {
        continue;
      }
      if (i + 1 < tokens.size()
          && (tokens.get(i + 1).text().equals(".") || tokens.get(i + 1).text().equals("("))) {
        continue;
      }
      boolean qualified = i >= 2 && tokens.get(i - 1).text().equals(".");
      int first = qualified ? i - 2 : i;
      String name = QuerySql.name(t);
      ColumnModel column =
          resolve.apply(
              new QuerySql.ColumnRef(
                  qualified ? QuerySql.name(tokens.get(i - 2)) : null, name, -1));
      if (column == null || !storedAsDecimalText(column)) {
        continue;
      }
      String use = use(tokens, first, i, orderByDepth == depth, !qualified && aliases.contains(name.toLowerCase(Locale.ROOT)));
      if (use != null) {
        found.putIfAbsent(column.columnName(), use);
      }
    }
    return found;
  }

  private static String use(List<Token> tokens, int first, int last, boolean inOrderBy, boolean isAlias) {
    String before = first > 0 ? upper(tokens.get(first - 1)) : "";
    String after = last + 1 < tokens.size() ? upper(tokens.get(last + 1)) : "";
    if (ORDERING.contains(after)) {
      return "in a " + after + " comparison";
    }
    if (after.equals("NOT") && last + 2 < tokens.size() && upper(tokens.get(last + 2)).equals("BETWEEN")) {
      return "in a NOT BETWEEN comparison";
    }
    if (ORDERING.contains(before)) {
      return "in a " + before + " comparison";
    }
    if (before.equals("AND") && first >= 3 && upper(tokens.get(first - 3)).equals("BETWEEN")) {
      return "in a BETWEEN comparison";
    }
    if (before.equals("(")
        && first >= 2
        && AGGREGATES.contains(upper(tokens.get(first - 2)))
        && after.equals(")")) {
      return "in " + upper(tokens.get(first - 2)) + "(...)";
    }
    if (before.equals("DISTINCT")
        && first >= 3
        && upper(tokens.get(first - 2)).equals("(")
        && AGGREGATES.contains(upper(tokens.get(first - 3)))) {
      return "in " + upper(tokens.get(first - 3)) + "(...)";
    }
    if (inOrderBy && !isAlias && (before.equals("BY") || before.equals(","))) {
      return "in ORDER BY";
    }
    return null;
  }

  private static boolean storedAsDecimalText(ColumnModel column) {
    ValueType stored =
        column.converter() != null ? column.converter().storage() : column.valueType();
    return stored == ValueType.BIG_DECIMAL;
  }

  /** Names the statement defines with {@code AS name}: an ORDER BY term naming one is not a column. */
  private static Set<String> aliases(List<Token> tokens) {
    Set<String> aliases = new HashSet<>();
    for (int i = 0; i + 1 < tokens.size(); i++) {
      if (upper(tokens.get(i)).equals("AS")
          && (tokens.get(i + 1).kind() == Kind.WORD || tokens.get(i + 1).kind() == Kind.QUOTED)) {
        aliases.add(QuerySql.name(tokens.get(i + 1)).toLowerCase(Locale.ROOT));
      }
    }
    return aliases;
  }

  private static String upper(Token t) {
    return t.kind() == Kind.WORD || t.kind() == Kind.OPERATOR || t.kind() == Kind.SEMICOLON
        ? t.text().toUpperCase(Locale.ROOT)
        : "";
  }
}
