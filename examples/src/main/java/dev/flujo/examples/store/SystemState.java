package dev.flujo.examples.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flujo.annotations.Column;
import dev.flujo.annotations.Convert;
import dev.flujo.annotations.Id;
import dev.flujo.annotations.StateTable;
import dev.flujo.annotations.UpdatedAt;
import java.time.Instant;

/**
 * A key/value entry of the orchestrator's own state (e.g. the last scheduler tick): table {@code
 * system_state}. The key column is {@code state_key}, not {@code key}: {@code KEY} is an SQLite
 * keyword, which Flujo rejects as a column name at compile time.
 *
 * @param key the entry's name; column {@code state_key}
 * @param value any JSON value
 * @param updatedAt when it was last set
 */
@StateTable
public record SystemState(
    @Id @Column(name = "state_key") String key,
    @Convert(JsonValueConverter.class) JsonNode value,
    @UpdatedAt Instant updatedAt) {}
