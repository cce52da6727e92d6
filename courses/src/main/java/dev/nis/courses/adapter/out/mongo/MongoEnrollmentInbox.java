package dev.nis.courses.adapter.out.mongo;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.application.port.out.EnrollmentInbox;
import java.time.Instant;
import java.util.Date;
import org.bson.Document;

/**
 * The enrollment-log entries the courses side has applied, in the collection "enrollment_inbox":
 * one document per entry, keyed by entry id ({@code _id}), so that every lookup is by key.
 */
public final class MongoEnrollmentInbox implements EnrollmentInbox {
  static final String COLLECTION = "enrollment_inbox";
  private static final String APPLIED_AT = "applied_at";

  private final MongoCollection<Document> entries;

  public MongoEnrollmentInbox(MongoDatabase database) {
    this.entries = database.getCollection(COLLECTION);
  }

  @Override
  public boolean contains(String entryId) {
    try {
      return entries.find(eq("_id", entryId)).first() != null;
    } catch (MongoException e) {
      throw new DependencyUnavailableException("mongodb", e);
    }
  }

  @Override
  public void add(String entryId) {
    try {
      entries.insertOne(new Document("_id", entryId).append(APPLIED_AT, new Date()));
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
        throw new DependencyUnavailableException("mongodb", e);
      }
    } catch (MongoException e) {
      throw new DependencyUnavailableException("mongodb", e);
    }
  }

  /** A range delete: it runs rarely (see the runtime's schedule), so a scan is acceptable. */
  @Override
  public long prune(Instant before) {
    try {
      return entries.deleteMany(lt(APPLIED_AT, Date.from(before))).getDeletedCount();
    } catch (MongoException e) {
      throw new DependencyUnavailableException("mongodb", e);
    }
  }
}
