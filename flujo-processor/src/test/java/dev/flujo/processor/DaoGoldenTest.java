package dev.flujo.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.util.Optional;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

class DaoGoldenTest {
  private static final JavaFileObject STATUS =
      JavaFileObjects.forSourceLines(
          "com.example.Status",
          "package com.example;",
          "public enum Status { RUNNING, PAUSED, COMPLETED, FAILED, CANCELLED }");

  private static final JavaFileObject WORKFLOW_STATE =
      JavaFileObjects.forSourceLines(
          "com.example.WorkflowState",
          "package com.example;",
          "",
          "import dev.flujo.annotations.*;",
          "import java.time.Instant;",
          "",
          "@StateTable",
          "@Index(columns = \"status\")",
          "public record WorkflowState(",
          "    @Id String runId,",
          "    String pipelineId,",
          "    int currentStepIndex,",
          "    @Nullable String errorMessage,",
          "    Status status,",
          "    @CreatedAt Instant createdAt,",
          "    @UpdatedAt Instant updatedAt,",
          "    @Nullable Long executionTimeMs,",
          "    @Nullable Double memoryUsageMb) {}");

  @Test
  void workflowStateDaoMatchesGolden() throws IOException {
    Compilation compilation =
        javac()
            .withProcessors(new FlujoProcessor())
            .withOptions("-Xlint:all,-processing", "-Werror")
            .compile(STATUS, WORKFLOW_STATE);

    assertThat(compilation).succeededWithoutWarnings();
    Optional<JavaFileObject> dao =
        compilation.generatedSourceFile("com.example.WorkflowStateDao");
    assertThat(dao.isPresent()).isTrue();
    GoldenFiles.assertMatches(
        "WorkflowStateDao.java", dao.get().getCharContent(false).toString());
  }

  private static final JavaFileObject VERSIONED =
      JavaFileObjects.forSourceLines(
          "com.example.Lease",
          "package com.example;",
          "",
          "import dev.flujo.annotations.*;",
          "import java.time.Instant;",
          "",
          "@StateTable",
          "public record Lease(",
          "    @Id String runId,",
          "    @Id int shard,",
          "    @Nullable String owner,",
          "    @CreatedAt Instant createdAt,",
          "    @UpdatedAt Instant updatedAt,",
          "    @Version long version) {}");

  @Test
  void versionedDaoMatchesGolden() throws IOException {
    Compilation compilation =
        javac()
            .withProcessors(new FlujoProcessor())
            .withOptions("-Xlint:all,-processing", "-Werror")
            .compile(VERSIONED);

    assertThat(compilation).succeededWithoutWarnings();
    Optional<JavaFileObject> dao = compilation.generatedSourceFile("com.example.LeaseDao");
    assertThat(dao.isPresent()).isTrue();
    GoldenFiles.assertMatches("LeaseDao.java", dao.get().getCharContent(false).toString());
  }
}
