package dev.flujo.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static dev.flujo.processor.FlujoCompiler.assertOnlyErrorAt;
import static dev.flujo.processor.FlujoCompiler.compile;
import static dev.flujo.processor.FlujoCompiler.source;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.flujo.annotations.StateTable;
import dev.flujo.processor.model.ValueType;
import dev.flujo.processor.validation.Errors;
import java.io.File;
import java.net.URISyntaxException;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** {@code @Convert}: the class, its types, and whether the DAO can create it. */
class ConverterValidationTest {
  private static final JavaFileObject MONEY =
      source(
          "Money",
          "public record Money(long cents) {",
          "  public static Money parse(String text) { return new Money(Long.parseLong(text)); }",
          "}");

  private static JavaFileObject converter(String name, String... body) {
    String[] lines = new String[body.length + 1];
    System.arraycopy(body, 0, lines, 0, body.length);
    lines[body.length] = "";
    return source(name, lines);
  }

  private static JavaFileObject priced(String convert) {
    return source(
        "Item",
        "@StateTable",
        "record Item(",
        "    @Id String id,",
        "    " + convert + " Money price) {}");
  }

  @Test
  void classThatIsNotAConverterIsAnError() {
    JavaFileObject item = priced("@Convert(String.class)");
    assertOnlyErrorAt(
        compile(item, MONEY),
        String.format(Errors.CONVERTER_NOT_A_CONVERTER, "java.lang.String"),
        item,
        "Money price",
        ".class");
  }

  @Test
  void rawConverterIsAnError() {
    JavaFileObject raw =
        converter(
            "RawConverter",
            "@SuppressWarnings(\"rawtypes\")",
            "public final class RawConverter implements ColumnConverter {",
            "  @Override public Object toColumn(Object value) { return value; }",
            "  @Override public Object fromColumn(Object value) { return value; }",
            "}");
    JavaFileObject item = priced("@Convert(RawConverter.class)");
    assertOnlyErrorAt(
        compile(item, MONEY, raw),
        String.format(Errors.CONVERTER_RAW, "test.RawConverter"),
        item,
        "Money price",
        ".class");
  }

  @Test
  void converterForAnotherJavaTypeIsAnError() {
    JavaFileObject conv =
        converter(
            "MoneyText",
            "public final class MoneyText implements ColumnConverter<Money, String> {",
            "  @Override public String toColumn(Money value) { return Long.toString(value.cents()); }",
            "  @Override public Money fromColumn(String value) { return Money.parse(value); }",
            "}");
    JavaFileObject item =
        source(
            "Item",
            "@StateTable",
            "record Item(",
            "    @Id String id,",
            "    @Convert(MoneyText.class) Long amount) {}");
    assertOnlyErrorAt(
        compile(item, MONEY, conv),
        String.format(
            Errors.CONVERTER_TYPE_MISMATCH, "test.MoneyText", "test.Money", "amount", "java.lang.Long"),
        item,
        "Long amount",
        ".class");
  }

  @Test
  void converterWhoseTypeArgumentsDifferIsAnError() {
    JavaFileObject conv =
        converter(
            "NamesText",
            "public final class NamesText implements ColumnConverter<List<String>, String> {",
            "  @Override public String toColumn(List<String> value) { return String.join(\",\", value); }",
            "  @Override public List<String> fromColumn(String value) { return List.of(value.split(\",\")); }",
            "}");
    JavaFileObject item =
        source(
            "Item",
            "@StateTable",
            "record Item(",
            "    @Id String id,",
            "    @Convert(NamesText.class) List<Integer> sizes) {}");
    assertOnlyErrorAt(
        compile(item, conv),
        String.format(
            Errors.CONVERTER_TYPE_MISMATCH,
            "test.NamesText",
            "java.util.List<java.lang.String>",
            "sizes",
            "java.util.List<java.lang.Integer>"),
        item,
        "List<Integer> sizes",
        ".class");
  }

  @Test
  void converterToUnsupportedColumnTypeIsAnError() {
    JavaFileObject conv =
        converter(
            "MoneyObject",
            "public final class MoneyObject implements ColumnConverter<Money, Object> {",
            "  @Override public Object toColumn(Money value) { return value; }",
            "  @Override public Money fromColumn(Object value) { return (Money) value; }",
            "}");
    JavaFileObject item =
        source(
            "Item",
            "@StateTable(strict = false)",
            "record Item(",
            "    @Id String id,",
            "    @Convert(MoneyObject.class) Money price) {}");
    assertOnlyErrorAt(
        compile(item, MONEY, conv),
        String.format(
            Errors.CONVERTER_UNSUPPORTED_COLUMN,
            "test.MoneyObject",
            "java.lang.Object",
            ValueType.supportedList()),
        item,
        "Money price",
        ".class");
  }

  @Test
  void strictTableWithConverterToTypeStrictCannotHoldIsAnError() {
    JavaFileObject conv =
        converter(
            "MoneyChar",
            "public final class MoneyChar implements ColumnConverter<Money, Character> {",
            "  @Override public Character toColumn(Money value) { return 'x'; }",
            "  @Override public Money fromColumn(Character value) { return new Money(0); }",
            "}");
    JavaFileObject item = priced("@Convert(MoneyChar.class)");
    assertOnlyErrorAt(
        compile(item, MONEY, conv),
        String.format(
            Errors.CONVERTER_STRICT_COLUMN,
            "test.MoneyChar",
            "java.lang.Character",
            "item",
            ValueType.supportedList()),
        item,
        "Money price",
        ".class");
  }

  @Test
  void abstractConverterIsAnError() {
    JavaFileObject conv =
        converter(
            "MoneyBase",
            "public abstract class MoneyBase implements ColumnConverter<Money, String> {",
            "  @Override public String toColumn(Money value) { return Long.toString(value.cents()); }",
            "}");
    JavaFileObject item = priced("@Convert(MoneyBase.class)");
    assertOnlyErrorAt(
        compile(item, MONEY, conv),
        String.format(Errors.CONVERTER_ABSTRACT, "test.MoneyBase"),
        item,
        "Money price",
        ".class");
  }

  @Test
  void interfaceConverterIsAnError() {
    JavaFileObject conv =
        converter(
            "MoneyCodec", "public interface MoneyCodec extends ColumnConverter<Money, String> {}");
    JavaFileObject item = priced("@Convert(MoneyCodec.class)");
    assertOnlyErrorAt(
        compile(item, MONEY, conv),
        String.format(Errors.CONVERTER_ABSTRACT, "test.MoneyCodec"),
        item,
        "Money price",
        ".class");
  }

  @Test
  void converterWithoutNoArgumentConstructorIsAnError() {
    JavaFileObject conv =
        converter(
            "MoneyText",
            "public final class MoneyText implements ColumnConverter<Money, String> {",
            "  private final String prefix;",
            "  public MoneyText(String prefix) { this.prefix = prefix; }",
            "  @Override public String toColumn(Money value) { return prefix + value.cents(); }",
            "  @Override public Money fromColumn(String value) { return Money.parse(value); }",
            "}");
    JavaFileObject item = priced("@Convert(MoneyText.class)");
    assertOnlyErrorAt(
        compile(item, MONEY, conv),
        String.format(Errors.CONVERTER_NO_CONSTRUCTOR, "test.MoneyText"),
        item,
        "Money price",
        ".class");
  }

  @Test
  void converterWhoseConstructorThrowsCheckedExceptionIsAnError() {
    JavaFileObject conv =
        converter(
            "MoneyText",
            "public final class MoneyText implements ColumnConverter<Money, String> {",
            "  public MoneyText() throws Exception {}",
            "  @Override public String toColumn(Money value) { return Long.toString(value.cents()); }",
            "  @Override public Money fromColumn(String value) { return Money.parse(value); }",
            "}");
    JavaFileObject item = priced("@Convert(MoneyText.class)");
    assertOnlyErrorAt(
        compile(item, MONEY, conv),
        String.format(Errors.CONVERTER_NO_CONSTRUCTOR, "test.MoneyText"),
        item,
        "Money price",
        ".class");
  }

  @Test
  void privateNestedConverterIsAnError() {
    JavaFileObject item =
        source(
            "Item",
            "@StateTable",
            "record Item(",
            "    @Id String id,",
            "    @Convert(Item.Text.class) Money price) {",
            "  private static final class Text implements ColumnConverter<Money, String> {",
            "    @Override public String toColumn(Money value) { return Long.toString(value.cents()); }",
            "    @Override public Money fromColumn(String value) { return Money.parse(value); }",
            "  }",
            "}");
    assertOnlyErrorAt(
        compile(item, MONEY),
        String.format(Errors.CONVERTER_NOT_ACCESSIBLE, "test.Item.Text", "test"),
        item,
        "Money price",
        ".class");
  }

  @Test
  void innerClassConverterIsAnError() {
    JavaFileObject holder =
        source(
            "Holder",
            "public class Holder {",
            "  public class Text implements ColumnConverter<Money, String> {",
            "    @Override public String toColumn(Money value) { return Long.toString(value.cents()); }",
            "    @Override public Money fromColumn(String value) { return Money.parse(value); }",
            "  }",
            "}");
    JavaFileObject item = priced("@Convert(Holder.Text.class)");
    assertOnlyErrorAt(
        compile(item, MONEY, holder),
        String.format(Errors.CONVERTER_NOT_ACCESSIBLE, "test.Holder.Text", "test"),
        item,
        "Money price",
        ".class");
  }

  @Test
  void genericConverterClassIsAnError() {
    JavaFileObject conv =
        converter(
            "ListText",
            "public final class ListText<T> implements ColumnConverter<List<T>, String> {",
            "  @Override public String toColumn(List<T> value) { return value.toString(); }",
            "  @Override public List<T> fromColumn(String value) { return List.of(); }",
            "}");
    JavaFileObject item =
        source(
            "Item",
            "@StateTable",
            "record Item(",
            "    @Id String id,",
            "    @Convert(ListText.class) List<String> tags) {}");
    assertOnlyErrorAt(
        compile(item, conv),
        String.format(Errors.CONVERTER_GENERIC, "test.ListText"),
        item,
        "List<String> tags",
        ".class");
  }

  @Test
  void converterWithoutRuntimeOnClasspathIsAnError() throws URISyntaxException {
    File annotations =
        new File(StateTable.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    JavaFileObject item =
        JavaFileObjects.forSourceLines(
            "test.Item",
            "package test;",
            "import dev.flujo.annotations.*;",
            "@StateTable",
            "record Item(",
            "    @Id String id,",
            "    @Convert(String.class) StringBuilder text) {}");
    Compilation compilation =
        javac()
            .withProcessors(new FlujoProcessor())
            .withClasspath(List.of(annotations))
            .compile(item);
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(Errors.CONVERTER_RUNTIME_MISSING)
        .inFile(item)
        .onLine(6)
        .atColumn(FlujoCompiler.column(item, "StringBuilder text", ".class"));
    assertThat(compilation).hadErrorCount(1);
  }
}
