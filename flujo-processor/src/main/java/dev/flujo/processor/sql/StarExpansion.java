package dev.flujo.processor.sql;

import static dev.flujo.processor.sql.SqlIdentifiers.quote;

import dev.flujo.processor.model.QuerySql;
import dev.flujo.processor.model.QuerySql.Kind;
import dev.flujo.processor.model.QuerySql.Token;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Rewrites {@code *} and {@code t.*} result columns into the quoted column list of the tables they
 * stand for, in the order the code declares them. SQLite expands a star in the order of the file's
 * columns, and a file upgraded by {@code ALTER TABLE ... ADD COLUMN} has the new column last while
 * the record may declare it in the middle; generated readers read by position, so the SQL sent at
 * run time must not depend on the file's column order.
 *
 * <p>A star over a subquery or a common table expression is left as written (its columns are in
 * the order of its own select list, expanded in turn). A star this class cannot rewrite safely (a
 * bare {@code *} over a {@code NATURAL} or {@code USING} join of tables, or over an unaliased
 * subquery joined to other items) is reported, so the author lists the columns.
 */
public final class StarExpansion {
  private static final Set<String> JOIN_WORDS =
      Set.of("JOIN", "LEFT", "RIGHT", "FULL", "OUTER", "INNER", "CROSS", "NATURAL");
  private static final Set<String> FROM_ENDS =
      Set.of(
          "WHERE", "GROUP", "HAVING", "WINDOW", "ORDER", "LIMIT", "UNION", "EXCEPT", "INTERSECT",
          "RETURNING", "ON", "DO");
  private static final Set<String> SELECT_LIST_STARTS = Set.of("SELECT", "DISTINCT", "ALL", ",");

  /**
   * The outcome.
   *
   * @param sql the statement with every expandable star rewritten (the input if none was)
   * @param unexpandable the stars that could not be rewritten, as written; empty if none
   */
  public record Result(QuerySql sql, List<String> unexpandable) {
    /** Whether some star was rewritten. */
    public boolean changed(QuerySql original) {
      return !sql.text().equals(original.text());
    }
  }

  private final Function<String, List<String>> columnsOf;

  /**
   * @param columnsOf the column names of a table, in declaration order, by its SQL name
   *     (case-insensitive); null for a name that is not a known table
   */
  public StarExpansion(Function<String, List<String>> columnsOf) {
    this.columnsOf = columnsOf;
  }

  /** Rewrites the stars of {@code sql}. */
  public Result expand(QuerySql sql) {
    List<Token> tokens = sql.tokens();
    Set<String> cteNames = cteNames(tokens);
    StringBuilder out = new StringBuilder();
    List<String> unexpandable = new ArrayList<>();
    String text = sql.text();
    int copied = 0;
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.kind() != Kind.OPERATOR || !t.text().equals("*")) {
        continue;
      }
      boolean qualified =
          i >= 2 && tokens.get(i - 1).text().equals(".") && isName(tokens.get(i - 2));
      int first = qualified ? i - 2 : i;
      if (first == 0 || !SELECT_LIST_STARTS.contains(upper(tokens.get(first - 1)))) {
        continue;
      }
      if (i + 1 < tokens.size() && !endsResultColumn(tokens.get(i + 1))) {
        continue;
      }
      List<Item> items = fromItems(tokens, i, cteNames);
      if (items == null) {
        continue;
      }
      String replacement;
      if (qualified) {
        replacement = expandQualified(QuerySql.name(tokens.get(i - 2)), items);
      } else {
        replacement = expandBare(items);
        if (replacement == null) {
          unexpandable.add("*");
          continue;
        }
      }
      if (replacement.isEmpty()) {
        continue;
      }
      out.append(text, copied, tokens.get(first).start()).append(replacement);
      copied = t.end();
    }
    if (copied == 0) {
      return new Result(sql, unexpandable);
    }
    out.append(text, copied, text.length());
    return new Result(QuerySql.parse(out.toString()), unexpandable);
  }

  /** {@code q.*}: the columns of the known table {@code q} names; "" to leave it as written. */
  private String expandQualified(String qualifier, List<Item> items) {
    for (Item item : items) {
      String name = item.alias != null ? item.alias : item.table;
      if (name != null && name.equalsIgnoreCase(qualifier)) {
        return item.columns == null ? "" : columnList(quote(qualifier), item.columns);
      }
    }
    return "";
  }

  /** A bare {@code *}: "" to leave it, null if it cannot be rewritten safely. */
  private String expandBare(List<Item> items) {
    boolean anyKnown = false;
    boolean shared = false;
    for (Item item : items) {
      anyKnown |= item.columns != null;
      shared |= item.sharedColumns;
    }
    if (!anyKnown) {
      return "";
    }
    if (shared) {
      return null;
    }
    if (items.size() == 1) {
      return columnList(null, items.get(0).columns);
    }
    List<String> parts = new ArrayList<>();
    for (Item item : items) {
      String qualifier = item.alias != null ? item.alias : item.table;
      if (qualifier == null) {
        return null;
      }
      parts.add(
          item.columns == null
              ? quote(qualifier) + ".*"
              : columnList(quote(qualifier), item.columns));
    }
    return String.join(", ", parts);
  }

  private static String columnList(String qualifier, List<String> columns) {
    List<String> parts = new ArrayList<>();
    for (String column : columns) {
      parts.add(qualifier == null ? quote(column) : qualifier + "." + quote(column));
    }
    return String.join(", ", parts);
  }

  /** One item of a {@code FROM} clause. */
  private static final class Item {
    String table;
    String alias;
    List<String> columns;
    boolean sharedColumns;
  }

  /**
   * The items of the {@code FROM} clause of the select core holding token {@code star}, or null if
   * it has none.
   */
  private List<Item> fromItems(List<Token> tokens, int star, Set<String> cteNames) {
    int from = -1;
    int depth = 0;
    for (int j = star + 1; j < tokens.size(); j++) {
      Token t = tokens.get(j);
      if (t.text().equals("(")) {
        depth++;
      } else if (t.text().equals(")")) {
        if (--depth < 0) {
          return null;
        }
      } else if (depth == 0 && t.kind() == Kind.WORD) {
        String word = upper(t);
        if (word.equals("FROM")) {
          from = j;
          break;
        }
        if (FROM_ENDS.contains(word)) {
          return null;
        }
      } else if (depth == 0 && t.kind() == Kind.SEMICOLON) {
        return null;
      }
    }
    if (from < 0) {
      return null;
    }
    List<Item> items = new ArrayList<>();
    boolean sharedColumns = false;
    Item current = null;
    boolean expectItem = true;
    int j = from + 1;
    while (j < tokens.size()) {
      Token t = tokens.get(j);
      String word = upper(t);
      if (t.kind() == Kind.SEMICOLON || t.text().equals(")") || FROM_ENDS.contains(word)) {
        if (!word.equals("ON")) {
          break;
        }
        j = skipExpression(tokens, j + 1);
        continue;
      }
      if (t.text().equals(",") || JOIN_WORDS.contains(word)) {
        if (word.equals("NATURAL")) {
          sharedColumns = true;
        }
        expectItem = true;
        j++;
        continue;
      }
      if (word.equals("USING")) {
        sharedColumns = true;
        j = skipParens(tokens, j + 1);
        continue;
      }
      if (word.equals("INDEXED") || word.equals("NOT")) {
        j += word.equals("NOT") ? 2 : 3;
        continue;
      }
      if (expectItem) {
        current = new Item();
        items.add(current);
        expectItem = false;
        if (t.text().equals("(")) {
          j = skipParens(tokens, j);
        } else if (isName(t)) {
          int next = j + 1;
          if (next + 1 < tokens.size()
              && tokens.get(next).text().equals(".")
              && isName(tokens.get(next + 1))) {
            next += 2;
          }
          Token last = tokens.get(next - 1);
          if (next < tokens.size() && tokens.get(next).text().equals("(")) {
            j = skipParens(tokens, next);
          } else {
            current.table = QuerySql.name(last);
            if (!cteNames.contains(current.table.toLowerCase(Locale.ROOT))) {
              current.columns = columnsOf.apply(current.table);
            }
            j = next;
          }
        } else {
          return null;
        }
        if (j < tokens.size() && upper(tokens.get(j)).equals("AS")) {
          j++;
        }
        if (j < tokens.size() && isName(tokens.get(j)) && !JOIN_WORDS.contains(upper(tokens.get(j)))
            && !FROM_ENDS.contains(upper(tokens.get(j)))
            && !upper(tokens.get(j)).equals("USING")
            && !upper(tokens.get(j)).equals("INDEXED")
            && !upper(tokens.get(j)).equals("NOT")) {
          current.alias = QuerySql.name(tokens.get(j));
          j++;
        }
        continue;
      }
      j++;
    }
    for (Item item : items) {
      item.sharedColumns = sharedColumns;
    }
    return items;
  }

  /** The index after the parenthesised group starting at {@code open}. */
  private static int skipParens(List<Token> tokens, int open) {
    int depth = 0;
    for (int j = open; j < tokens.size(); j++) {
      String s = tokens.get(j).text();
      if (s.equals("(")) {
        depth++;
      } else if (s.equals(")") && --depth == 0) {
        return j + 1;
      }
    }
    return tokens.size();
  }

  /** The index of the token ending an {@code ON} expression: a join, a comma or a clause. */
  private static int skipExpression(List<Token> tokens, int j) {
    int depth = 0;
    for (; j < tokens.size(); j++) {
      Token t = tokens.get(j);
      String word = upper(t);
      if (t.text().equals("(")) {
        depth++;
      } else if (t.text().equals(")")) {
        if (--depth < 0) {
          return j;
        }
      } else if (depth == 0
          && (t.text().equals(",")
              || t.kind() == Kind.SEMICOLON
              || (t.kind() == Kind.WORD
                  && (JOIN_WORDS.contains(word) || (FROM_ENDS.contains(word) && !word.equals("ON")))))) {
        return j;
      }
    }
    return j;
  }

  /** Names of common table expressions: {@code WITH name [(cols)] AS (}. */
  private static Set<String> cteNames(List<Token> tokens) {
    Set<String> names = new HashSet<>();
    for (int i = 1; i < tokens.size(); i++) {
      String before = upper(tokens.get(i - 1));
      if (!(before.equals("WITH") || before.equals("RECURSIVE") || before.equals(","))
          || !isName(tokens.get(i))) {
        continue;
      }
      int j = i + 1;
      if (j < tokens.size() && tokens.get(j).text().equals("(")) {
        j = skipParens(tokens, j);
      }
      if (j + 1 < tokens.size()
          && upper(tokens.get(j)).equals("AS")
          && (tokens.get(j + 1).text().equals("(")
              || upper(tokens.get(j + 1)).equals("MATERIALIZED")
              || upper(tokens.get(j + 1)).equals("NOT"))) {
        names.add(QuerySql.name(tokens.get(i)).toLowerCase(Locale.ROOT));
      }
    }
    return names;
  }

  private static boolean endsResultColumn(Token next) {
    return next.text().equals(",")
        || next.text().equals(")")
        || next.kind() == Kind.SEMICOLON
        || upper(next).equals("FROM");
  }

  private static boolean isName(Token t) {
    return t.kind() == Kind.QUOTED || t.kind() == Kind.WORD;
  }

  private static String upper(Token t) {
    return t.kind() == Kind.WORD || t.kind() == Kind.OPERATOR
        ? t.text().toUpperCase(Locale.ROOT)
        : "";
  }
}
