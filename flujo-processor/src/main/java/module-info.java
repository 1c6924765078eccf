/**
 * The Flujo annotation processor. It reads Flujo's annotations, validates them and writes DAOs,
 * query implementations and retry wrappers; SQL is checked at compile time against an in-memory
 * SQLite database. On the processor path it is found through {@code META-INF/services}; on a
 * processor module path through {@code provides}.
 */
@SuppressWarnings("requires-automatic") // JavaPoet and AutoService name their modules in the manifest only
module dev.flujo.processor {
  requires java.compiler;
  requires jdk.compiler;
  requires java.sql;
  requires com.squareup.javapoet;
  requires org.xerial.sqlitejdbc;
  requires dev.flujo.annotations;
  requires static com.google.auto.service;

  provides javax.annotation.processing.Processor with
      dev.flujo.processor.FlujoProcessor;
}
