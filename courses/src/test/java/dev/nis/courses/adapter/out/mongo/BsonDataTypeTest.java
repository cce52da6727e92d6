package dev.nis.courses.adapter.out.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;

class BsonDataTypeTest {
  private final BsonDataType type = new BsonDataType();

  @Test
  void aDocument_roundTripsWithItsValuesTypes() {
    Document course =
        new Document("_id", new ObjectId())
            .append("applied_seq", 12_345_678_901L)
            .append("deleted", false)
            .append("capacity", 30)
            .append("ratio", 0.5)
            .append("name", "Algèbra ∑ 🧮")
            .append("created", Instant.ofEpochMilli(1_700_000_000_123L))
            .append("tag", UUID.randomUUID())
            .append("nothing", null)
            .append("student_ids", new ArrayList<>(List.of("a", "b")))
            .append("nested", new Document("x", 1L).append("y", new ArrayList<>(List.of(1, 2))));

    Object read = roundTrip(type, course);

    assertThat(read).isEqualTo(course);
    assertThat(((Document) read).keySet()).containsExactlyElementsOf(course.keySet());
  }

  @Test
  void idsAndIndexKeys_roundTrip() {
    ObjectId id = new ObjectId();
    KeyValue key = new KeyValue(id, "algebra", 7);

    assertThat(roundTrip(type, id)).isEqualTo(id);
    assertThat(roundTrip(type, key)).isEqualTo(key);
  }

  @Test
  void otherValues_areWrittenAsObjectDataTypeWritesThem() {
    for (Object value : List.of("algebra", 42L, 7, List.of(1, 2))) {
      WriteBuffer ours = new WriteBuffer();
      WriteBuffer theirs = new WriteBuffer();
      type.write(ours, value);
      new ObjectDataType().write(theirs, value);
      assertThat(bytes(ours)).isEqualTo(bytes(theirs));
      assertThat(roundTrip(type, value)).isEqualTo(value);
    }
  }

  @Test
  void valuesWrittenByObjectDataType_areRead() {
    ObjectDataType plain = new ObjectDataType();
    Document course = new Document("_id", new ObjectId()).append("name", "Algebra");
    KeyValue key = new KeyValue(new ObjectId());

    for (Object value : List.of(course, key, new ObjectId(), "algebra", 42L)) {
      WriteBuffer buffer = new WriteBuffer();
      plain.write(buffer, value);
      assertThat(type.read(ByteBuffer.wrap(bytes(buffer)))).isEqualTo(value);
    }
  }

  @Test
  void indexKeysOfOneId_orderAsObjectDataTypeOrdersThem() {
    ObjectDataType plain = new ObjectDataType();
    Random random = new Random(42);
    for (int i = 0; i < 2_000; i++) {
      byte[] a = new byte[12];
      byte[] b = new byte[12];
      random.nextBytes(a);
      random.nextBytes(b);
      if (i % 10 == 0) {
        System.arraycopy(a, 0, b, 0, 11);
      }
      KeyValue x = new KeyValue(new ObjectId(a));
      KeyValue y = new KeyValue(new ObjectId(b));
      assertThat(Integer.signum(type.compare(x, y)))
          .as("%s vs %s", x, y)
          .isEqualTo(Integer.signum(plain.compare(x, y)));
    }
    ObjectId id = new ObjectId();
    assertThat(type.compare(new KeyValue(id), new KeyValue(new ObjectId(id.toByteArray()))))
        .isZero();
  }

  @Test
  void otherIndexKeys_orderAsObjectDataTypeOrdersThem() {
    ObjectDataType plain = new ObjectDataType();
    List<KeyValue> keys =
        List.of(
            new KeyValue("algebra"),
            new KeyValue("b"),
            new KeyValue(new ObjectId(), "x"),
            new KeyValue(3),
            new KeyValue(3L));
    for (KeyValue x : keys) {
      for (KeyValue y : keys) {
        assertThat(Integer.signum(type.compare(x, y)))
            .isEqualTo(Integer.signum(plain.compare(x, y)));
      }
    }
  }

  /**
   * One type serves every thread that reads its map, and H2's {@code ObjectDataType} keeps the type
   * it dispatched to last in a field: a thread that sizes a number between another's two looks at a
   * key made that one's comparison of two keys see two different dispatchers ("Can not compare
   * [2.3.232/0]", seen under concurrent enrollments). Keys and ids are compared here without that
   * field, in the same order.
   */
  @Test
  void keysAndIds_compareFromManyThreadsAtOnce() throws Exception {
    List<KeyValue> keys =
        List.of(new KeyValue("algebra"), new KeyValue("b"), new KeyValue(new ObjectId(), "x"));
    List<Object> ids = List.of(new ObjectId(), new ObjectId());
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        runs.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 200_000; i++) {
                    type.compare(keys.get(i % 3), keys.get((i + 1) % 3));
                    type.compare(ids.get(i % 2), ids.get((i + 1) % 2));
                    type.getMemory((long) i);
                    type.getMemory("s");
                  }
                  return null;
                }));
      }
      for (Future<?> run : runs) {
        run.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    ObjectDataType plain = new ObjectDataType();
    assertThat(Integer.signum(type.compare(keys.get(0), keys.get(2))))
        .isEqualTo(Integer.signum(plain.compare(keys.get(0), keys.get(2))));
    assertThat(Integer.signum(type.compare(ids.get(0), ids.get(1))))
        .isEqualTo(Integer.signum(plain.compare(ids.get(0), ids.get(1))));
  }

  /** H2 splits a page past 16 KiB of this estimate: a leaf of courses must hold more than two. */
  @Test
  void theMemoryOfADocument_followsWhatItsBsonTakes() {
    Document small = new Document("_id", new ObjectId()).append("name", "A");
    Document large = new Document("_id", new ObjectId()).append("name", "A".repeat(2_000));
    for (int i = 0; i < 100; i++) {
      roundTrip(type, small);
    }
    int smallMemory = type.getMemory(small);
    for (int i = 0; i < 100; i++) {
      roundTrip(type, large);
    }

    assertThat(smallMemory).isBetween(100, 1_000);
    assertThat(type.getMemory(large)).isGreaterThan(10 * smallMemory);
    assertThat(type.getMemory(new KeyValue(new ObjectId())))
        .isLessThan(type.getMemory(new KeyValue(new ObjectId(), new ObjectId())));
  }

  private static Object roundTrip(ObjectDataType type, Object value) {
    WriteBuffer buffer = new WriteBuffer();
    type.write(buffer, value);
    ByteBuffer read = ByteBuffer.wrap(bytes(buffer));
    Object result = type.read(read);
    assertThat(read.remaining()).as("bytes left after reading %s", value).isZero();
    return result;
  }

  private static byte[] bytes(WriteBuffer buffer) {
    ByteBuffer written = buffer.getBuffer().flip();
    byte[] bytes = new byte[written.remaining()];
    written.get(bytes);
    return bytes;
  }
}
