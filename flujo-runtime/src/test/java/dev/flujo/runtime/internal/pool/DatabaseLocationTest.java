package dev.flujo.runtime.internal.pool;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DatabaseLocationTest {
  @Test
  void fileBecomesAnAbsoluteJdbcUrl() {
    DatabaseLocation location = DatabaseLocation.ofFile(Path.of("data/../state.db"));
    assertThat(location.file().isAbsolute()).isTrue();
    assertThat(location.url()).startsWith("jdbc:sqlite:/");
    assertThat(location.url()).endsWith("/state.db");
    assertThat(location.isMemory()).isFalse();
  }

  @Test
  void privateMemoryUrlBecomesUniqueSharedMemoryDatabases() {
    DatabaseLocation a = DatabaseLocation.ofUrl("jdbc:sqlite::memory:");
    DatabaseLocation b = DatabaseLocation.ofUrl("jdbc:sqlite::memory:");
    assertThat(a.isMemory()).isTrue();
    assertThat(a.url()).contains("cache=shared");
    assertThat(a.url()).isNotEqualTo(b.url());
  }

  @Test
  void fileUriKeepsItsParametersAndKnowsItsFile() {
    DatabaseLocation location = DatabaseLocation.ofUrl("jdbc:sqlite:file:/tmp/x.db?cache=private");
    assertThat(location.file()).isEqualTo(Path.of("/tmp/x.db"));
    assertThat(location.address()).isEqualTo("file:/tmp/x.db?cache=private");
  }

  @Test
  void nonSqliteUrlIsRejected() {
    assertThrows(
        IllegalArgumentException.class, () -> DatabaseLocation.ofUrl("jdbc:postgresql://x/y"));
  }

  @Test
  void memoryNameWithUriCharactersIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> DatabaseLocation.inMemory("a?b=c"));
  }
}
