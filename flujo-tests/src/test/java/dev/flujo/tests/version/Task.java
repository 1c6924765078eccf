package dev.flujo.tests.version;

import dev.flujo.annotations.Id;
import dev.flujo.annotations.Nullable;
import dev.flujo.annotations.StateTable;
import dev.flujo.annotations.Version;

/** A unit of work that workers claim. */
@StateTable(name = "ver_task")
public record Task(@Id long id, String status, @Nullable String owner, @Version long version) {}
