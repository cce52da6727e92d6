package dev.nis.courses.adapter.out.mongo;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import java.util.Optional;

/**
 * How the embedded server finds the documents of a filter that names one {@code _id}: through the
 * {@code _id} index, the rest of the filter then checked on those documents only.
 *
 * <p>mongo-java-server uses an index only when the filter is exactly the index's keys ({@code {_id:
 * x}}): {@code {_id: x, deleted: {$ne: true}}} or an {@code $and} around it scans the whole
 * collection, as does every conditional write this service makes. MongoDB itself answers both
 * shapes from the {@code _id} index. The embedded collections ask this class first.
 */
final class KeyLookup {
  private KeyLookup() {}

  /**
   * The positions of the documents that may match {@code filter}, from the index on {@code
   * idField}; empty when the filter does not name one value of it (then the collection is scanned).
   * Every document that matches the filter is among them: the caller still matches the whole filter
   * on each.
   */
  static <P> Optional<Iterable<P>> candidates(
      List<Index<P>> indexes, Document filter, String idField) {
    if (idField == null) {
      return Optional.empty();
    }
    return keyFilter(filter, idField)
        .flatMap(
            key ->
                indexes.stream()
                    .filter(index -> index.canHandle(key))
                    .findFirst()
                    .map(index -> index.getPositions(key)));
  }

  /**
   * {@code {idField: value}} when the filter holds that condition at its top level or in one of the
   * clauses of a top-level {@code $and} (every match satisfies each clause).
   */
  static Optional<Document> keyFilter(Document filter, String idField) {
    return FilterClauses.first(
        filter,
        part ->
            part.containsKey(idField)
                ? Optional.of(new Document(idField, part.get(idField)))
                : Optional.empty());
  }
}
