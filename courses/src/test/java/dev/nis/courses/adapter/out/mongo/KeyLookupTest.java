package dev.nis.courses.adapter.out.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyLookupTest {
  private static Document doc(String key, Object value) {
    return new Document(key, value);
  }

  @Test
  void aFlatFilterWithTheId_isAnsweredByKey() {
    Document filter = doc("_id", 7).append("deleted", doc("$ne", true));

    assertThat(KeyLookup.keyFilter(filter, "_id")).contains(doc("_id", 7));
  }

  @Test
  void anIdInsideAnAnd_isAnsweredByKey_atAnyDepthOfAnds() {
    Document filter =
        doc(
            "$and",
            List.of(
                doc("deleted", doc("$ne", true)),
                doc("$and", List.of(doc("applied_seq", doc("$lt", 3)), doc("_id", 7)))));

    assertThat(KeyLookup.keyFilter(filter, "_id")).contains(doc("_id", 7));
  }

  @Test
  void anIdInsideAnOr_orNoIdAtAll_isNot() {
    assertThat(KeyLookup.keyFilter(doc("$or", List.of(doc("_id", 7))), "_id")).isEmpty();
    assertThat(KeyLookup.keyFilter(doc("student_ids", "s"), "_id")).isEmpty();
  }
}
