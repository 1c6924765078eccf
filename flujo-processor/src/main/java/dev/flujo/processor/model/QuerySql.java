package dev.flujo.processor.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The text of one {@code @Query}, split into SQLite tokens (comments, string literals and quoted
 * identifiers are skipped over, never searched): its {@code :named} parameters, how many statements
 * it holds, its first keyword, and for each parameter the column it is compared to or assigned, if
 * the text says so plainly. SQLite itself judges whether the statement is valid.
 */
public final class QuerySql {
  /** Kinds of tokens. */
  public enum Kind {
    /** A keyword or plain identifier. */
    WORD,
    /** A quoted identifier: {@code "x"}, {@code `x`} or {@code [x]}. */
    QUOTED,
    /** A string literal. */
    STRING,
    /** A numeric literal. */
    NUMBER,
    /** A {@code :name} parameter. */
    PARAMETER,
    /** A parameter in another syntax: {@code ?}, {@code ?1}, {@code @x}, {@code $x}. */
    FOREIGN_PARAMETER,
    /** An operator or punctuation. */
    OPERATOR,
    /** A {@code ;}. */
    SEMICOLON
  }

  /**
   * One token.
   *
   * @param kind its kind
   * @param text its text as written
   * @param start offset of its first character
   * @param end offset after its last character
   */
  public record Token(Kind kind, String text, int start, int end) {
    boolean is(String word) {
      return (kind == Kind.WORD || kind == Kind.OPERATOR) && text.equalsIgnoreCase(word);
    }

    boolean isName() {
      return kind == Kind.QUOTED || (kind == Kind.WORD && !NOT_NAMES.contains(upper(text)));
    }
  }

  /**
   * One occurrence of a {@code :name} parameter.
   *
   * @param name the name without its colon
   * @param token its position among the tokens
   * @param inList whether it is written as the whole list of an {@code IN (...)}
   */
  public record Parameter(String name, int token, boolean inList) {}

  /**
   * A column a parameter is compared to or assigned, as written.
   *
   * @param qualifier the table name or alias before the dot, or null
   * @param column the column name, or null when only its position is known
   * @param position for an {@code INSERT} without a column list: the value's position; else -1
   */
  public record ColumnRef(String qualifier, String column, int position) {}

  private static final Set<String> COMPARISONS =
      Set.of("=", "==", "!=", "<>", "<", "<=", ">", ">=", "IS", "LIKE", "GLOB");

  /** Words that end a table reference rather than alias it, and that never name a column. */
  private static final Set<String> NOT_NAMES =
      Set.of(
          "ALL", "AND", "AS", "BETWEEN", "BY", "CASE", "CROSS", "DEFAULT", "DELETE", "DISTINCT",
          "DO", "ELSE", "END", "ESCAPE", "EXCEPT", "EXISTS", "FALSE", "FROM", "FULL", "GLOB",
          "GROUP", "HAVING", "IN", "INDEXED", "INNER", "INSERT", "INTERSECT", "INTO", "IS",
          "ISNULL", "JOIN", "LEFT", "LIKE", "LIMIT", "MATCH", "NATURAL", "NOT", "NOTNULL", "NULL",
          "OFFSET", "ON", "OR", "ORDER", "OUTER", "REGEXP", "REPLACE", "RETURNING", "RIGHT",
          "SELECT", "SET", "THEN", "TRUE", "UNION", "UPDATE", "USING", "VALUES", "WHEN", "WHERE",
          "WINDOW", "WITH");

  private final String text;
  private final List<Token> tokens;
  private final List<Parameter> parameters;

  private QuerySql(String text, List<Token> tokens) {
    this.text = text;
    this.tokens = tokens;
    List<Parameter> found = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.kind() == Kind.PARAMETER) {
        boolean inList =
            i >= 2
                && tokens.get(i - 1).is("(")
                && tokens.get(i - 2).is("IN")
                && i + 1 < tokens.size()
                && tokens.get(i + 1).is(")");
        found.add(new Parameter(t.text().substring(1), i, inList));
      }
    }
    this.parameters = List.copyOf(found);
  }

  /** Splits {@code text} into tokens. Never fails: malformed text is left for SQLite to judge. */
  public static QuerySql parse(String text) {
    List<Token> tokens = new ArrayList<>();
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      int start = i;
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && i + 1 < n && text.charAt(i + 1) == '-') {
        while (i < n && text.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
        int close = text.indexOf("*/", i + 2);
        i = close < 0 ? n : close + 2;
      } else if (c == '\'') {
        i = quoted(text, i, '\'');
        tokens.add(new Token(Kind.STRING, text.substring(start, i), start, i));
      } else if (c == '"' || c == '`') {
        i = quoted(text, i, c);
        tokens.add(new Token(Kind.QUOTED, text.substring(start, i), start, i));
      } else if (c == '[') {
        int close = text.indexOf(']', i + 1);
        i = close < 0 ? n : close + 1;
        tokens.add(new Token(Kind.QUOTED, text.substring(start, i), start, i));
      } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(text.charAt(i + 1)))) {
        i++;
        while (i < n) {
          char d = text.charAt(i);
          boolean exponentSign =
              (d == '+' || d == '-') && (text.charAt(i - 1) == 'e' || text.charAt(i - 1) == 'E');
          if (!(Character.isLetterOrDigit(d) || d == '.' || d == '_' || exponentSign)) {
            break;
          }
          i++;
        }
        tokens.add(new Token(Kind.NUMBER, text.substring(start, i), start, i));
      } else if (isNameStart(c)) {
        i = nameEnd(text, i);
        tokens.add(new Token(Kind.WORD, text.substring(start, i), start, i));
      } else if (c == ':' && i + 1 < n && text.charAt(i + 1) == ':') {
        i += 2;
        tokens.add(new Token(Kind.OPERATOR, "::", start, i));
      } else if (c == ':' && i + 1 < n && isNameStart(text.charAt(i + 1))) {
        i = nameEnd(text, i + 1);
        tokens.add(new Token(Kind.PARAMETER, text.substring(start, i), start, i));
      } else if (c == '?') {
        i++;
        while (i < n && Character.isDigit(text.charAt(i))) {
          i++;
        }
        tokens.add(new Token(Kind.FOREIGN_PARAMETER, text.substring(start, i), start, i));
      } else if ((c == '@' || c == '$' || c == ':') && i + 1 < n && isNamePart(text.charAt(i + 1))) {
        i = nameEnd(text, i + 1);
        tokens.add(new Token(Kind.FOREIGN_PARAMETER, text.substring(start, i), start, i));
      } else if (c == ';') {
        i++;
        tokens.add(new Token(Kind.SEMICOLON, ";", start, i));
      } else {
        i += operatorLength(text, i);
        tokens.add(new Token(Kind.OPERATOR, text.substring(start, i), start, i));
      }
    }
    return new QuerySql(text, List.copyOf(tokens));
  }

  private static int quoted(String text, int i, char quote) {
    int n = text.length();
    i++;
    while (i < n) {
      if (text.charAt(i) == quote) {
        if (i + 1 < n && text.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return n;
  }

  private static boolean isNameStart(char c) {
    return Character.isLetter(c) || c == '_' || c > 127;
  }

  private static boolean isNamePart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c > 127;
  }

  private static int nameEnd(String text, int i) {
    while (i < text.length() && isNamePart(text.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int operatorLength(String text, int i) {
    if (text.startsWith("->>", i)) {
      return 3;
    }
    for (String two : List.of("==", "!=", "<>", "<=", ">=", "||", "<<", ">>", "->")) {
      if (text.startsWith(two, i)) {
        return 2;
      }
    }
    return 1;
  }

  private static String upper(String s) {
    return s.toUpperCase(Locale.ROOT);
  }

  /** The text as written. */
  public String text() {
    return text;
  }

  /** The tokens, without white space and comments. */
  public List<Token> tokens() {
    return tokens;
  }

  /** Every {@code :name} occurrence, in order. */
  public List<Parameter> parameters() {
    return parameters;
  }

  /** Parameters written in another syntax than {@code :name}, in order. */
  public List<String> foreignParameters() {
    List<String> out = new ArrayList<>();
    for (Token t : tokens) {
      if (t.kind() == Kind.FOREIGN_PARAMETER) {
        out.add(t.text());
      }
    }
    return out;
  }

  /** Whether the text holds no statement at all (only blanks, comments and semicolons). */
  public boolean isEmpty() {
    for (Token t : tokens) {
      if (t.kind() != Kind.SEMICOLON) {
        return false;
      }
    }
    return true;
  }

  /** Whether anything but semicolons follows the first statement's semicolon. */
  public boolean hasSeveralStatements() {
    boolean ended = false;
    boolean started = false;
    for (Token t : tokens) {
      if (t.kind() == Kind.SEMICOLON) {
        ended = started;
      } else if (ended) {
        return true;
      } else {
        started = true;
      }
    }
    return false;
  }

  /** The first word of the statement, upper-cased, or "" if it starts with something else. */
  public String firstKeyword() {
    for (Token t : tokens) {
      if (t.kind() == Kind.SEMICOLON) {
        continue;
      }
      return t.kind() == Kind.WORD ? upper(t.text()) : "";
    }
    return "";
  }

  private int firstTokenIndex() {
    int first = 0;
    while (first < tokens.size() && tokens.get(first).kind() == Kind.SEMICOLON) {
      first++;
    }
    return first;
  }

  private int lastTokenIndex() {
    int last = tokens.size() - 1;
    while (last >= 0 && tokens.get(last).kind() == Kind.SEMICOLON) {
      last--;
    }
    return last;
  }

  /**
   * The statement with every {@code :name} replaced by {@code ?}, without leading and trailing
   * semicolons, blanks and comments: what the processor prepares to check it.
   */
  public String jdbcSql() {
    return String.join("?", fragments(name -> false, true));
  }

  /**
   * The statement cut around each parameter occurrence that {@code isList} accepts (those are left
   * out: the runtime writes their marks), with every other parameter replaced by {@code ?}. One
   * more fragment than list occurrences.
   */
  public List<String> fragments(Predicate<String> isList) {
    return fragments(isList, false);
  }

  private List<String> fragments(Predicate<String> isList, boolean everyParameter) {
    List<String> out = new ArrayList<>();
    int first = firstTokenIndex();
    int last = lastTokenIndex();
    if (last < first) {
      out.add("");
      return out;
    }
    StringBuilder current = new StringBuilder();
    int at = tokens.get(first).start();
    for (int i = first; i <= last; i++) {
      Token t = tokens.get(i);
      if (t.kind() != Kind.PARAMETER) {
        continue;
      }
      current.append(text, at, t.start());
      at = t.end();
      if (everyParameter || isList.test(t.text().substring(1))) {
        out.add(current.toString());
        current.setLength(0);
      } else {
        current.append('?');
      }
    }
    current.append(text, at, tokens.get(last).end());
    out.add(current.toString());
    return out;
  }

  /**
   * The statement for PostgreSQL with every {@code :name} replaced by {@code ?}, except that a list
   * parameter ({@code isList}) written as the whole list of an {@code IN (...)} becomes one array:
   * {@code col IN (:ids)} is written {@code col = ANY(?)} and {@code col NOT IN (:ids)} {@code col
   * <> ALL(?)}, which mean the same for every list, the empty one included. A list parameter
   * written otherwise (say {@code = ANY(:ids)} in a PostgreSQL form) is bound as an array where
   * it stands.
   */
  public String arraySql(Predicate<String> isList) {
    int first = firstTokenIndex();
    int last = lastTokenIndex();
    if (last < first) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    int at = tokens.get(first).start();
    for (int i = first; i <= last; i++) {
      Token t = tokens.get(i);
      if (t.kind() != Kind.PARAMETER) {
        continue;
      }
      boolean list = isList.test(t.text().substring(1));
      Parameter occurrence = null;
      for (Parameter p : parameters) {
        if (p.token() == i) {
          occurrence = p;
        }
      }
      if (list && occurrence != null && occurrence.inList()) {
        boolean not = i >= 3 && tokens.get(i - 3).is("NOT");
        int from = tokens.get(not ? i - 3 : i - 2).start();
        out.append(text, at, from).append(not ? "<> ALL(?)" : "= ANY(?)");
        at = tokens.get(i + 1).end();
      } else {
        out.append(text, at, t.start()).append('?');
        at = t.end();
      }
    }
    out.append(text, at, tokens.get(last).end());
    return out.toString();
  }

  /**
   * The labels of a plain {@code SELECT}'s result columns, as far as the text tells them: a column
   * ({@code col}, {@code t.col}) or an alias ({@code ... AS name}, {@code ... name}) gives its
   * name, any other expression null. Null for any other statement ({@code WITH}, {@code VALUES},
   * a compound {@code SELECT}): the shape is then not checked.
   */
  public List<String> selectLabels() {
    int i = firstTokenIndex();
    int last = lastTokenIndex();
    if (i > last || !tokens.get(i).is("SELECT")) {
      return null;
    }
    i++;
    if (i <= last && (tokens.get(i).is("DISTINCT") || tokens.get(i).is("ALL"))) {
      i++;
      if (i <= last && tokens.get(i).is("ON")) {
        i = skipParentheses(i + 1, last);
      }
    }
    List<String> labels = new ArrayList<>();
    List<Token> item = new ArrayList<>();
    int depth = 0;
    boolean ended = false;
    for (; i <= last; i++) {
      Token t = tokens.get(i);
      if (t.is("(")) {
        depth++;
      } else if (t.is(")")) {
        depth--;
      } else if (depth == 0 && (t.kind() == Kind.SEMICOLON || SELECT_LIST_END.contains(upper(t.text())) && t.kind() == Kind.WORD)) {
        ended = true;
        break;
      } else if (depth == 0 && t.is(",")) {
        labels.add(label(item));
        item.clear();
        continue;
      }
      item.add(t);
    }
    labels.add(label(item));
    for (int j = i; ended && j <= last; j++) {
      Token t = tokens.get(j);
      if (t.is("UNION") || t.is("INTERSECT") || t.is("EXCEPT")) {
        return null;
      }
    }
    return labels;
  }

  private static final Set<String> SELECT_LIST_END =
      Set.of(
          "FROM", "WHERE", "GROUP", "HAVING", "WINDOW", "ORDER", "LIMIT", "OFFSET", "FETCH", "FOR",
          "INTO", "UNION", "INTERSECT", "EXCEPT");

  private int skipParentheses(int i, int last) {
    if (i > last || !tokens.get(i).is("(")) {
      return i;
    }
    int depth = 0;
    for (; i <= last; i++) {
      if (tokens.get(i).is("(")) {
        depth++;
      } else if (tokens.get(i).is(")") && --depth == 0) {
        return i + 1;
      }
    }
    return i;
  }

  private static String label(List<Token> item) {
    int n = item.size();
    if (n == 0) {
      return null;
    }
    Token lastToken = item.get(n - 1);
    if (!lastToken.isName()) {
      return null;
    }
    if (n == 1) {
      return name(lastToken);
    }
    Token before = item.get(n - 2);
    if (before.is("AS")) {
      return name(lastToken);
    }
    if (n == 3 && before.is(".") && item.get(0).isName()) {
      return name(lastToken);
    }
    boolean alias =
        before.is(")")
            || before.kind() == Kind.STRING
            || before.kind() == Kind.NUMBER
            || before.kind() == Kind.QUOTED
            || (before.kind() == Kind.WORD && before.isName());
    return alias ? name(lastToken) : null;
  }

  /** The unquoted name of a word or quoted identifier. */
  public static String name(Token t) {
    String s = t.text();
    if (t.kind() != Kind.QUOTED || s.length() < 2) {
      return s;
    }
    char open = s.charAt(0);
    String body = s.substring(1, s.length() - 1);
    if (open == '[') {
      return body;
    }
    String quote = String.valueOf(open);
    return body.replace(quote + quote, quote);
  }

  /**
   * Table references and their aliases, lower-cased: {@code FROM workflow_state w} maps both
   * {@code workflow_state} and {@code w} to {@code workflow_state}. Names that are not tables are
   * harmless here: callers look them up among known tables.
   */
  public Map<String, String> tableAliases() {
    Map<String, String> aliases = new LinkedHashMap<>();
    for (int i = 0; i + 1 < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (!(t.is("FROM") || t.is("JOIN") || t.is("UPDATE") || t.is("INTO") || t.is(","))) {
        continue;
      }
      Token table = tokens.get(i + 1);
      if (!table.isName()) {
        continue;
      }
      String tableName = name(table).toLowerCase(Locale.ROOT);
      aliases.putIfAbsent(tableName, tableName);
      int next = i + 2;
      if (next < tokens.size() && tokens.get(next).is("AS")) {
        next++;
      }
      if (next < tokens.size() && tokens.get(next).isName()) {
        aliases.putIfAbsent(name(tokens.get(next)).toLowerCase(Locale.ROOT), tableName);
      }
    }
    return aliases;
  }

  /**
   * The column a parameter occurrence is compared to ({@code col = :p}, {@code :p < t.col},
   * {@code col IN (:p)}, {@code col BETWEEN :a AND :b}), assigned ({@code SET col = :p}) or
   * inserted into ({@code INSERT INTO t (a, b) VALUES (:a, :b)}), or null if the text does not
   * say so plainly.
   */
  public ColumnRef comparedColumn(Parameter parameter) {
    int k = parameter.token();
    ColumnRef ref = columnBefore(k);
    if (ref != null) {
      return ref;
    }
    if (k + 2 < tokens.size() && isComparison(k + 1)) {
      ref = columnAfter(k + 2);
      if (ref != null) {
        return ref;
      }
    }
    return insertedColumn(k);
  }

  private boolean isComparison(int i) {
    Token t = tokens.get(i);
    return (t.kind() == Kind.OPERATOR || t.kind() == Kind.WORD) && COMPARISONS.contains(upper(t.text()));
  }

  private ColumnRef columnBefore(int k) {
    int j = k - 1;
    if (j < 0) {
      return null;
    }
    if (tokens.get(j).is("(") && j >= 1 && tokens.get(j - 1).is("IN")) {
      j -= 2;
      if (j >= 0 && tokens.get(j).is("NOT")) {
        j--;
      }
      return columnEndingAt(j);
    }
    if (tokens.get(j).is("BETWEEN")) {
      return columnEndingAt(j - 1);
    }
    if (tokens.get(j).is("AND") && j >= 2 && tokens.get(j - 2).is("BETWEEN")) {
      return columnEndingAt(j - 3);
    }
    if (tokens.get(j).is("NOT") && j >= 1 && tokens.get(j - 1).is("IS")) {
      j--;
    }
    if (isComparison(j)) {
      return columnEndingAt(j - 1);
    }
    return null;
  }

  private ColumnRef columnEndingAt(int j) {
    if (j < 0 || !tokens.get(j).isName()) {
      return null;
    }
    String column = name(tokens.get(j));
    if (j >= 2 && tokens.get(j - 1).is(".") && tokens.get(j - 2).isName()) {
      return new ColumnRef(name(tokens.get(j - 2)), column, -1);
    }
    return new ColumnRef(null, column, -1);
  }

  private ColumnRef columnAfter(int j) {
    if (j >= tokens.size() || !tokens.get(j).isName()) {
      return null;
    }
    if (j + 2 < tokens.size() && tokens.get(j + 1).is(".") && tokens.get(j + 2).isName()) {
      return new ColumnRef(name(tokens.get(j)), name(tokens.get(j + 2)), -1);
    }
    if (j + 1 < tokens.size() && tokens.get(j + 1).is("(")) {
      return null;
    }
    return new ColumnRef(null, name(tokens.get(j)), -1);
  }

  /** {@code INSERT [OR x] INTO t [(cols)] VALUES (v, v, ...)}: the column of a lone value. */
  private ColumnRef insertedColumn(int k) {
    int into = -1;
    for (int i = 0; i < k; i++) {
      if (tokens.get(i).is("INTO")) {
        into = i;
        break;
      }
    }
    if (into < 0 || into + 1 >= k || !tokens.get(into + 1).isName()) {
      return null;
    }
    String table = name(tokens.get(into + 1));
    int i = into + 2;
    List<String> columns = null;
    if (i < k && tokens.get(i).is("(")) {
      columns = new ArrayList<>();
      i++;
      while (i < k && !tokens.get(i).is(")")) {
        if (tokens.get(i).isName()) {
          columns.add(name(tokens.get(i)));
        }
        i++;
      }
      i++;
    }
    if (i + 1 >= k || !tokens.get(i).is("VALUES") || !tokens.get(i + 1).is("(")) {
      return null;
    }
    int position = 0;
    int depth = 0;
    int itemStart = i + 2;
    for (int j = i + 2; j < tokens.size(); j++) {
      Token t = tokens.get(j);
      if (t.is("(")) {
        depth++;
      } else if (t.is(")") && depth > 0) {
        depth--;
      } else if (depth == 0 && (t.is(",") || t.is(")"))) {
        if (itemStart == k && j == k + 1) {
          if (columns == null) {
            return new ColumnRef(table, null, position);
          }
          return position < columns.size() ? new ColumnRef(table, columns.get(position), -1) : null;
        }
        if (t.is(")")) {
          return null;
        }
        position++;
        itemStart = j + 1;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return text;
  }
}
