package dev.nis.courses.adapter.out.mongo;

import dev.nis.common.application.port.out.EnrollmentInbox;
import dev.nis.common.contract.EnrollmentInboxContract;
import dev.nis.courses.testing.TestMongo;
import org.bson.Document;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The inbox contract against MongoDB, over {@link MongoEnrollmentInbox}. */
class MongoEnrollmentInboxIT extends EnrollmentInboxContract {
  @RegisterExtension static final TestMongo mongo = new TestMongo();

  @Override
  protected EnrollmentInbox emptyInbox() {
    mongo.database().getCollection(MongoEnrollmentInbox.COLLECTION).deleteMany(new Document());
    return new MongoEnrollmentInbox(mongo.database());
  }
}
