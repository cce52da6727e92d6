package dev.nis.courses.adapter.out.mongo;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.util.List;
import java.util.Optional;

/**
 * How the on-disk store answers a page in {@code _id} order ({@code find(filter).sort({_id:
 * 1}).limit(n)}, optionally from {@code {_id: {$gt: after}}}: the shape of the list queries and of
 * reconciliation's reads): by walking the documents in key order from the filter's lower bound and
 * stopping once {@code n} match, as MongoDB walks its {@code _id} index. mongo-java-server itself
 * reads and sorts the whole collection for it, holding the collection's lock: at 100,000 courses
 * one reconciliation run (a page query per 1,000 courses) held the store for minutes and every
 * write timed out behind it.
 *
 * <p>The walk is in MongoDB's order only where every key is an {@link ObjectId}: H2 orders keys of
 * one class by their {@code compareTo} (ObjectId's: unsigned bytes, as MongoDB's) and keys of
 * different classes by class first, so the first and the last key being ObjectIds means that all
 * are. The whole filter is still matched on each document walked.
 */
final class KeyOrder {
  private static final String GREATER = "$gt";
  private static final String GREATER_OR_EQUAL = "$gte";

  private KeyOrder() {}

  /** Whether {@code orderBy} is exactly {@code {idField: 1}}. */
  static boolean ascendingByKey(Document orderBy, String idField) {
    return orderBy != null
        && orderBy.size() == 1
        && orderBy.get(idField) instanceof Number direction
        && direction.intValue() == 1;
  }

  /**
   * Where a walk in key order may start for {@code filter}: the ObjectId of an {@code {idField:
   * {$gt: x}}} or {@code {$gte: x}} at its top level or in a clause of a top-level {@code $and}
   * (every match is at or after it); empty when the filter bounds nothing (the walk starts at the
   * first key).
   */
  static Optional<ObjectId> lowerBound(Document filter, String idField) {
    return FilterClauses.first(
        filter,
        part -> {
          if (part.get(idField) instanceof Document condition) {
            for (String operator : List.of(GREATER, GREATER_OR_EQUAL)) {
              if (condition.get(operator) instanceof ObjectId bound) {
                return Optional.of(bound);
              }
            }
          }
          return Optional.empty();
        });
  }

  /** Whether keys running from {@code first} to {@code last} are all ObjectIds (see above). */
  static boolean allObjectIds(Object first, Object last) {
    return first instanceof ObjectId && last instanceof ObjectId;
  }
}
