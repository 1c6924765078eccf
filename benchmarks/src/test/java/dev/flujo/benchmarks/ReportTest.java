package dev.flujo.benchmarks;

import static com.google.common.truth.Truth.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's ratios and target verdicts come from the numbers it is given. */
class ReportTest {
  private static final List<String> CONTENDERS = List.of("jdbc-limit", "flujo", "jdbi");

  @Test
  void cellScoreIsTheMedianOfItsRounds() {
    Results r = new Results();
    r.add("pointRead", "flujo", 30);
    r.add("pointRead", "flujo", 10);
    r.add("pointRead", "flujo", 20);
    r.add("pointRead", "jdbi", 5);
    r.add("pointRead", "jdbi", 7);

    assertThat(r.median("pointRead", "flujo")).isEqualTo(20.0);
    assertThat(r.median("pointRead", "jdbi")).isEqualTo(6.0);
    assertThat(r.median("pointRead", "jooq")).isNaN();
  }

  @Test
  void throughputCellsCarryTheirRatioToTheHeldConnectionLimit() {
    Results r = new Results();
    r.add("pointRead", "jdbc-limit", 100_000);
    r.add("pointRead", "flujo", 95_000);
    r.add("pointRead", "jdbi", 20_000);
    Report report = new Report("t", List.of());

    report.throughput(r, new Results(), CONTENDERS, 1);

    assertThat(report.text())
        .contains("| Point read by key (warm) | 100,000 (1.00×) | 95,000 (0.95×) | 20,000 (0.20×) |");
  }

  @Test
  void targetsAreMarkedMetOrNotMetFromTheRatios() {
    Results r = new Results();
    r.add("pointRead", "jdbc-limit", 100);
    r.add("pointRead", "flujo", 91);
    r.add("pointRead", "jdbi", 20);
    r.add("scan10k", "jdbc-limit", 100);
    r.add("scan10k", "flujo", 96);
    r.add("singleUpsert", "jdbc-limit", 100);
    r.add("singleUpsert", "flujo", 50);
    r.add("singleUpsert", "jdbi", 60);
    Report report = new Report("t", List.of());

    report.targets(r, new Results(), new Results(), new Results(), CONTENDERS);

    String text = report.text();
    assertThat(text).contains("| flujo ≥ 0.90× jdbc-limit on Point read by key (warm) | 0.91× | met | – | – |");
    assertThat(text)
        .contains(
            "| flujo ≥ 0.97× jdbc-limit on Scan 10,000 rows into objects (1 op = 10,000 rows) | 0.96× |"
                + " **not met** | – | – |");
    assertThat(text).contains("Single-row upsert, autocommit | flujo ÷ jdbi 0.83× | **not met** (behind jdbi) |");
    assertThat(text).contains("Point read by key (warm) | flujo ÷ jdbi 4.55× | met |");
  }

  @Test
  void perRoundRatiosAreShownWhenThereAreSeveralRounds() {
    Results r = new Results();
    r.add("pointRead", "jdbc-limit", 100);
    r.add("pointRead", "jdbc-limit", 200);
    r.add("pointRead", "flujo", 90);
    r.add("pointRead", "flujo", 150);
    Report report = new Report("t", List.of());

    report.throughput(r, new Results(), List.of("jdbc-limit", "flujo"), 2);

    assertThat(report.text()).contains("| Point read by key (warm) | 1.00 / 1.00 | 0.90 / 0.75 |");
  }

  @Test
  void cpuTableShowsMicrosecondsPerOpAndTheLimitsCpuDividedByTheContenders() {
    Results r = new Results();
    r.add("pointRead", "jdbc-limit", 100);
    r.add("pointRead", "flujo", 90);
    Results cpu = new Results();
    cpu.add("pointRead", "jdbc-limit", 10.0);
    cpu.add("pointRead", "flujo", 12.5);
    Report report = new Report("t", List.of());

    report.throughput(r, cpu, List.of("jdbc-limit", "flujo"), 1);
    report.targets(r, cpu, new Results(), new Results(), List.of("jdbc-limit", "flujo"));

    String text = report.text();
    assertThat(text).contains("| Point read by key (warm) | 10.0 (1.00×) | 12.5 (0.80×) |");
    assertThat(text).contains("| flujo ≥ 0.90× jdbc-limit on Point read by key (warm) | 0.90× | met | 0.80× | – |");
  }

  @Test
  void pairedCheckShowsWallAndCpuWithTheLimitDividedByTheContender() {
    Results wall = new Results();
    wall.add("singleUpsert", "jdbc-limit", 40.0);
    wall.add("singleUpsert", "flujo", 50.0);
    Results cpu = new Results();
    cpu.add("singleUpsert", "jdbc-limit", 30.0);
    cpu.add("singleUpsert", "flujo", 31.0);
    Results jmh = new Results();
    jmh.add("singleUpsert", "jdbc-limit", 100);
    jmh.add("singleUpsert", "flujo", 95);
    Report report = new Report("t", List.of());

    report.paired(wall, cpu, List.of("jdbc-limit", "flujo"), "s");
    report.targets(jmh, new Results(), wall, cpu, List.of("jdbc-limit", "flujo"));

    String text = report.text();
    assertThat(text).contains("| Single-row upsert, autocommit, wall | 40.0 (1.00×) | 50.0 (0.80×) |");
    assertThat(text).contains("| Single-row upsert, autocommit, CPU | 30.0 (1.00×) | 31.0 (0.97×) |");
    assertThat(text).contains("| 0.95× | met | – | 0.80× / 0.97× |");
  }
}
