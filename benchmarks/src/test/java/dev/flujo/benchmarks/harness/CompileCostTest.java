package dev.flujo.benchmarks.harness;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.Test;

/** The compile-cost harness compiles the generated source set, and only the processor writes DAOs. */
class CompileCostTest {
  @Test
  void processorWritesOneDaoPerEntityAndPlainCompileWritesNone() throws Exception {
    var sources = CompileCost.sources(3);

    CompileCost.Compile without = CompileCost.compileOnce(false, sources);
    CompileCost.Compile with = CompileCost.compileOnce(true, sources);

    assertThat(without.generatedFiles()).isEqualTo(0);
    assertThat(with.generatedFiles()).isEqualTo(3);
    assertThat(with.wallMillis()).isGreaterThan(0.0);
    assertThat(with.cpuMillis()).isGreaterThan(0.0);
  }

  @Test
  void perEntityCostIsTheDifferenceSpreadOverTheEntities() {
    CompileCost.Result r =
        new CompileCost.Result(
            200, 1, new CompileCost.Compile(1000, 800, 0), new CompileCost.Compile(3000, 2400, 200));

    assertThat(r.perEntityWallMillis()).isEqualTo(10.0);
    assertThat(r.perEntityCpuMillis()).isEqualTo(8.0);
  }
}
