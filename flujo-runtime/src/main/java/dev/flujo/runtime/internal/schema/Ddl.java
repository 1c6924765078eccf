package dev.flujo.runtime.internal.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads back the {@code CREATE TABLE} text SQLite keeps in {@code sqlite_schema}: a tokenizer that
 * knows SQLite's quoting and comments, and a splitter into column definitions (each split into its
 * constraint clauses), table constraints and table options. Enough to compare a file's table with a
 * {@link dev.flujo.runtime.TableDefinition}; not a SQL parser.
 */
public final class Ddl {
  private static final Set<String> TABLE_CONSTRAINTS =
      Set.of("CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN");
  private static final Set<String> COLUMN_CLAUSES =
      Set.of(
          "CONSTRAINT",
          "PRIMARY",
          "NOT",
          "NULL",
          "UNIQUE",
          "CHECK",
          "DEFAULT",
          "COLLATE",
          "REFERENCES",
          "GENERATED",
          "AS");

  private Ddl() {}

  /** What a token is. */
  public enum Kind {
    /** A bare word: keyword or unquoted identifier. */
    WORD,
    /** A quoted identifier ({@code "x"}, {@code `x`} or {@code [x]}); text is the unquoted name. */
    IDENTIFIER,
    /** A string literal, text as written with its quotes. */
    STRING,
    /** A numeric literal. */
    NUMBER,
    /** A blob literal {@code x'..'}. */
    BLOB,
    /** A bound parameter. */
    VARIABLE,
    /** An operator or punctuation. */
    PUNCT
  }

  /**
   * One token.
   *
   * @param kind what it is
   * @param text its text (a quoted identifier's name without quotes)
   * @param start offset of its first character in the source
   * @param end offset after its last character
   */
  public record Token(Kind kind, String text, int start, int end) {
    /**
     * The token as compared: words and identifiers upper-cased (SQLite names are case-insensitive),
     * anything else as written.
     */
    public String key() {
      return kind == Kind.WORD || kind == Kind.IDENTIFIER ? text.toUpperCase(Locale.ROOT) : text;
    }

    /** Whether the token is the bare word {@code word}, ignoring case. */
    public boolean isWord(String word) {
      return kind == Kind.WORD && text.equalsIgnoreCase(word);
    }

    /** Whether the token is the punctuation {@code punct}. */
    public boolean is(String punct) {
      return kind == Kind.PUNCT && text.equals(punct);
    }

    /** Whether the token names something: a bare word or a quoted identifier. */
    public boolean isName() {
      return kind == Kind.WORD || kind == Kind.IDENTIFIER;
    }
  }

  /**
   * One constraint clause of a column definition ({@code NOT NULL}, {@code DEFAULT 'x'}, {@code
   * CHECK (...)}, ...).
   *
   * @param keyword the clause's first word, upper-case
   * @param tokens its tokens, keyword included
   * @param text its source text
   */
  public record Clause(String keyword, List<Token> tokens, String text) {
    /** The clause as compared: its token keys joined by spaces. */
    public String key() {
      return keys(tokens);
    }

    /** For a {@code CHECK} clause, the tokens of the expression inside its parentheses. */
    public List<Token> checkExpression() {
      if (tokens.size() < 3 || !tokens.get(1).is("(") || !tokens.get(tokens.size() - 1).is(")")) {
        return tokens.subList(1, tokens.size());
      }
      return tokens.subList(2, tokens.size() - 1);
    }
  }

  /**
   * One column definition.
   *
   * @param name the column name, unquoted
   * @param type the declared type as written (may be empty)
   * @param clauses its constraint clauses in order
   * @param text the definition's source text
   */
  public record ColumnDdl(String name, String type, List<Clause> clauses, String text) {
    /** The clauses with this keyword. */
    public List<Clause> clauses(String keyword) {
      List<Clause> found = new ArrayList<>();
      for (Clause c : clauses) {
        if (c.keyword().equals(keyword)) {
          found.add(c);
        }
      }
      return found;
    }
  }

  /**
   * A {@code CREATE TABLE} statement taken apart.
   *
   * @param columns the column definitions in order
   * @param constraints the table constraints as written, in order
   * @param options the text after the closing parenthesis ({@code WITHOUT ROWID, STRICT})
   * @param bodyStart offset of the opening parenthesis of the column list
   */
  public record TableDdl(
      List<ColumnDdl> columns, List<String> constraints, String options, int bodyStart) {
    /** The column definition named {@code name} (case-insensitive), or null. */
    public ColumnDdl column(String name) {
      for (ColumnDdl c : columns) {
        if (c.name().equalsIgnoreCase(name)) {
          return c;
        }
      }
      return null;
    }
  }

  /** The token keys joined by single spaces: a form that ignores layout, quoting and case. */
  public static String keys(List<Token> tokens) {
    StringBuilder b = new StringBuilder();
    for (Token t : tokens) {
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append(t.key());
    }
    return b.toString();
  }

  /** {@link #keys} of a piece of SQL. */
  public static String normalize(String sql) {
    return keys(tokenize(sql));
  }

  /**
   * Splits {@code sql} into tokens, skipping white space and comments. An unterminated quote runs
   * to the end of the text.
   */
  public static List<Token> tokenize(String sql) {
    List<Token> tokens = new ArrayList<>();
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int eol = sql.indexOf('\n', i);
        i = eol < 0 ? n : eol + 1;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int close = sql.indexOf("*/", i + 2);
        i = close < 0 ? n : close + 2;
      } else if (c == '\'') {
        int end = quoted(sql, i, '\'');
        tokens.add(new Token(Kind.STRING, sql.substring(i, end), i, end));
        i = end;
      } else if (c == '"' || c == '`') {
        int end = quoted(sql, i, c);
        String inner = sql.substring(i + 1, Math.max(i + 1, end - 1));
        String doubled = String.valueOf(c) + c;
        tokens.add(new Token(Kind.IDENTIFIER, inner.replace(doubled, String.valueOf(c)), i, end));
        i = end;
      } else if (c == '[') {
        int close = sql.indexOf(']', i + 1);
        int end = close < 0 ? n : close + 1;
        tokens.add(new Token(Kind.IDENTIFIER, sql.substring(i + 1, close < 0 ? n : close), i, end));
        i = end;
      } else if ((c == 'x' || c == 'X') && i + 1 < n && sql.charAt(i + 1) == '\'') {
        int end = quoted(sql, i + 1, '\'');
        tokens.add(new Token(Kind.BLOB, sql.substring(i, end), i, end));
        i = end;
      } else if (isDigit(c) || (c == '.' && i + 1 < n && isDigit(sql.charAt(i + 1)))) {
        int end = number(sql, i);
        tokens.add(new Token(Kind.NUMBER, sql.substring(i, end), i, end));
        i = end;
      } else if (isWordStart(c)) {
        int end = i + 1;
        while (end < n && isWordPart(sql.charAt(end))) {
          end++;
        }
        tokens.add(new Token(Kind.WORD, sql.substring(i, end), i, end));
        i = end;
      } else if (c == '?' || c == ':' || c == '@' || c == '$') {
        int end = i + 1;
        while (end < n && isWordPart(sql.charAt(end))) {
          end++;
        }
        tokens.add(new Token(Kind.VARIABLE, sql.substring(i, end), i, end));
        i = end;
      } else {
        int len = operatorLength(sql, i);
        tokens.add(new Token(Kind.PUNCT, sql.substring(i, i + len), i, i + len));
        i += len;
      }
    }
    return tokens;
  }

  /**
   * Takes a {@code CREATE TABLE} statement apart.
   *
   * @throws IllegalArgumentException if it has no parenthesised column list
   */
  public static TableDdl parseCreateTable(String sql) {
    List<Token> tokens = tokenize(sql);
    int open = -1;
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.get(i).is("(")) {
        open = i;
        break;
      }
    }
    if (open < 0) {
      throw new IllegalArgumentException("no column list in: " + sql);
    }
    List<List<Token>> items = new ArrayList<>();
    List<Token> item = new ArrayList<>();
    int depth = 0;
    int close = -1;
    for (int i = open + 1; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.is("(")) {
        depth++;
      } else if (t.is(")")) {
        if (depth == 0) {
          close = i;
          break;
        }
        depth--;
      } else if (t.is(",") && depth == 0) {
        items.add(item);
        item = new ArrayList<>();
        continue;
      }
      item.add(t);
    }
    if (close < 0) {
      throw new IllegalArgumentException("unbalanced column list in: " + sql);
    }
    items.add(item);
    List<ColumnDdl> columns = new ArrayList<>();
    List<String> constraints = new ArrayList<>();
    for (List<Token> it : items) {
      if (it.isEmpty()) {
        continue;
      }
      Token first = it.get(0);
      if (first.kind() == Kind.WORD
          && TABLE_CONSTRAINTS.contains(first.text().toUpperCase(Locale.ROOT))) {
        constraints.add(text(sql, it));
      } else {
        columns.add(column(sql, it));
      }
    }
    String options = sql.substring(tokens.get(close).end()).trim();
    return new TableDdl(columns, constraints, options, tokens.get(open).start());
  }

  /**
   * Replaces the table name of a {@code CREATE TABLE} statement: everything before the column list
   * becomes {@code CREATE TABLE <quoted name> }.
   */
  public static String renameCreateTable(String sql, String newName) {
    TableDdl ddl = parseCreateTable(sql);
    return "CREATE TABLE " + quote(newName) + " " + sql.substring(ddl.bodyStart());
  }

  /** The identifier in double quotes. */
  public static String quote(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /** The text in single quotes, as a SQL string literal. */
  public static String literal(String text) {
    return '\'' + text.replace("'", "''") + '\'';
  }

  private static ColumnDdl column(String sql, List<Token> tokens) {
    String name = tokens.get(0).text();
    int i = 1;
    int typeStart = i;
    int depth = 0;
    while (i < tokens.size()) {
      Token t = tokens.get(i);
      if (t.is("(")) {
        depth++;
      } else if (t.is(")")) {
        depth--;
      } else if (depth == 0 && isClauseStart(t)) {
        break;
      }
      i++;
    }
    String type = i > typeStart ? text(sql, tokens.subList(typeStart, i)) : "";
    List<Clause> clauses = new ArrayList<>();
    while (i < tokens.size()) {
      int start = i;
      String keyword = tokens.get(i).text().toUpperCase(Locale.ROOT);
      i++;
      if (keyword.equals("DEFAULT")) {
        i = defaultTermEnd(tokens, i);
      } else {
        depth = 0;
        while (i < tokens.size()) {
          Token t = tokens.get(i);
          if (t.is("(")) {
            depth++;
          } else if (t.is(")")) {
            depth--;
          } else if (depth == 0 && isClauseStart(t) && !continues(keyword, tokens, i)) {
            break;
          }
          i++;
        }
      }
      List<Token> clause = tokens.subList(start, i);
      clauses.add(new Clause(keyword, List.copyOf(clause), text(sql, clause)));
    }
    return new ColumnDdl(name, type, List.copyOf(clauses), text(sql, tokens));
  }

  /** Whether the clause-starting word at {@code i} still belongs to the clause {@code keyword}. */
  private static boolean continues(String keyword, List<Token> tokens, int i) {
    Token t = tokens.get(i);
    if (keyword.equals("NOT") && t.isWord("NULL") && i > 0 && tokens.get(i - 1).isWord("NOT")) {
      return true;
    }
    if (keyword.equals("GENERATED") && t.isWord("AS")) {
      return true;
    }
    if (!keyword.equals("REFERENCES")) {
      return false;
    }
    if (t.isWord("NOT")) {
      return i + 1 < tokens.size() && tokens.get(i + 1).isWord("DEFERRABLE");
    }
    return i > 0 && tokens.get(i - 1).isWord("SET");
  }

  /** The index after the single term of a {@code DEFAULT} clause starting at {@code i}. */
  private static int defaultTermEnd(List<Token> tokens, int i) {
    if (i >= tokens.size()) {
      return i;
    }
    Token t = tokens.get(i);
    if (t.is("(")) {
      int depth = 0;
      for (int j = i; j < tokens.size(); j++) {
        if (tokens.get(j).is("(")) {
          depth++;
        } else if (tokens.get(j).is(")")) {
          depth--;
          if (depth == 0) {
            return j + 1;
          }
        }
      }
      return tokens.size();
    }
    if ((t.is("-") || t.is("+")) && i + 1 < tokens.size()) {
      return i + 2;
    }
    return i + 1;
  }

  private static boolean isClauseStart(Token t) {
    return t.kind() == Kind.WORD && COLUMN_CLAUSES.contains(t.text().toUpperCase(Locale.ROOT));
  }

  private static String text(String sql, List<Token> tokens) {
    if (tokens.isEmpty()) {
      return "";
    }
    return sql.substring(tokens.get(0).start(), tokens.get(tokens.size() - 1).end());
  }

  private static int quoted(String sql, int start, char quote) {
    int i = start + 1;
    while (i < sql.length()) {
      if (sql.charAt(i) == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return sql.length();
  }

  private static int number(String sql, int start) {
    int i = start;
    int n = sql.length();
    if (sql.startsWith("0x", i) || sql.startsWith("0X", i)) {
      i += 2;
      while (i < n && (Character.digit(sql.charAt(i), 16) >= 0 || sql.charAt(i) == '_')) {
        i++;
      }
      return i;
    }
    while (i < n) {
      char c = sql.charAt(i);
      if (isDigit(c) || c == '.' || c == '_') {
        i++;
      } else if ((c == 'e' || c == 'E')
          && i + 1 < n
          && (isDigit(sql.charAt(i + 1))
              || ((sql.charAt(i + 1) == '+' || sql.charAt(i + 1) == '-')
                  && i + 2 < n
                  && isDigit(sql.charAt(i + 2))))) {
        i += 2;
      } else {
        break;
      }
    }
    return i;
  }

  private static int operatorLength(String sql, int i) {
    for (String op : new String[] {"->>", "||", "<=", ">=", "==", "!=", "<>", "<<", ">>", "->"}) {
      if (sql.startsWith(op, i)) {
        return op.length();
      }
    }
    return 1;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isWordStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c > 127;
  }

  private static boolean isWordPart(char c) {
    return isWordStart(c) || isDigit(c) || c == '$';
  }
}
