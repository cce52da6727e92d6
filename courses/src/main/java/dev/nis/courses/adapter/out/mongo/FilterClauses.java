package dev.nis.courses.adapter.out.mongo;

import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The parts of a MongoDB filter that every match satisfies on its own: the filter's top level and,
 * recursively, each clause of a top-level {@code $and} (MongoDB's query semantics: a document
 * matches an {@code $and} only when it matches every clause). What {@link KeyLookup} and {@link
 * KeyOrder} look into for a condition on the key.
 */
final class FilterClauses {
  private static final String AND = "$and";

  private FilterClauses() {}

  /**
   * The first answer {@code condition} gives, trying the filter's top level first, then each clause
   * of its {@code $and} in order; empty when no part answers.
   */
  static <T> Optional<T> first(Document filter, Function<Document, Optional<T>> condition) {
    Optional<T> found = condition.apply(filter);
    if (found.isPresent()) {
      return found;
    }
    if (filter.get(AND) instanceof List<?> clauses) {
      for (Object clause : clauses) {
        if (clause instanceof Document document) {
          found = first(document, condition);
          if (found.isPresent()) {
            return found;
          }
        }
      }
    }
    return Optional.empty();
  }
}
