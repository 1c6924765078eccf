package dev.flujo.tests.reliability;

import dev.flujo.annotations.Query;
import dev.flujo.annotations.StateQueries;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Custom queries whose parameters carry {@link HostilePayloads}. */
@StateQueries(Hostile.class)
public interface HostileQueries {
  @Query("INSERT INTO rel_hostile (label, content, note) VALUES (:label, :content, :note)")
  int insert(String label, String content, String note);

  @Query("SELECT label, content, note FROM rel_hostile WHERE label = :label")
  Optional<Hostile> byLabel(String label);

  @Query("SELECT content FROM rel_hostile WHERE label = :label")
  Optional<String> contentOf(String label);

  @Query("SELECT label FROM rel_hostile WHERE content = :content ORDER BY label")
  List<String> labelsWithContent(String content);

  @Query("SELECT count(*) FROM rel_hostile WHERE label IN (:labels)")
  long countIn(Collection<String> labels);

  @Query("SELECT count(*) FROM rel_hostile WHERE instr(note, :needle) > 0")
  long countNotesContaining(String needle);

  @Query("UPDATE rel_hostile SET note = :note WHERE label = :label")
  int setNote(String label, String note);

  @Query("DELETE FROM rel_hostile WHERE label = :label")
  boolean delete(String label);
}
