package dev.flujo.processor.model;

import java.util.List;
import javax.lang.model.element.AnnotationMirror;

/**
 * A secondary index.
 *
 * @param name the index name (defaulted if the annotation gives none)
 * @param nameExplicit whether the annotation's {@code name} was written (even as {@code ""})
 * @param columns the column names as written
 * @param unique whether it is unique
 * @param annotation the {@code @Index} it came from
 */
public record IndexModel(
    String name, boolean nameExplicit, List<String> columns, boolean unique,
    AnnotationMirror annotation) {}
