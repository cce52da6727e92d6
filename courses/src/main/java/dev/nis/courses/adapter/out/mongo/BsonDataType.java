package dev.nis.courses.adapter.out.mongo;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

/**
 * How the embedded store writes its keys and values: documents as BSON, object ids as their 12
 * bytes, index keys as their values; everything else as H2's {@link ObjectDataType} does.
 *
 * <p>Why: every commit rewrites the B-tree pages it changed, root to leaf, in every map a write
 * touched (the documents and the {@code _id} index), and {@code ObjectDataType} writes a document,
 * an object id or an index key with Java serialization, one {@code ObjectOutputStream} (with its
 * class descriptors) per object: in a profile of the benchmark's course creates that, with H2's
 * compression of the pages, was ~40 % of the embedded server's samples, the largest part
 * (bench/analysis.md). BSON is the document's own encoding, and mongo-java-server's codec for it is
 * the one its wire protocol uses.
 *
 * <p>Order and equality are {@code ObjectDataType}'s, unchanged (comparison works on the objects,
 * not on their bytes), so a file written before (by this service's earlier versions, or by
 * mongo-java-server's own H2 backend) is read and written on: each value carries its tag, and the
 * tags here are negative bytes, which {@code ObjectDataType} never writes (its are 0–127). The
 * other way round does not hold: mongo-java-server's own backend cannot read what this type wrote.
 * A value BSON cannot encode is written the old way.
 */
final class BsonDataType extends ObjectDataType {
  private static final byte OBJECT_ID = -1;
  private static final byte DOCUMENT = -2;
  private static final byte KEY_VALUE = -3;
  private static final int OBJECT_ID_BYTES = 12;

  /** Heap of an object id: the object and its 12-byte array (measured, 2026-12-03). */
  private static final int OBJECT_ID_MEMORY = 48;

  /** Heap of a key: the object, its list and the list's array, before the values. */
  private static final int KEY_VALUE_MEMORY = 80;

  /**
   * Heap of a decoded document per byte of its BSON: 6.4 for a course (190 bytes of BSON, 1,224 of
   * heap; measured, 2026-12-03).
   */
  private static final int DOCUMENT_MEMORY_PER_BSON_BYTE = 7;

  /**
   * Held while {@code ObjectDataType}'s own methods run. It is not safe for threads: it keeps the
   * type it dispatched to last in a field, and its comparison of two serialized objects checks that
   * both resolve to that very instance; one map's type serves every thread that reads the map, so a
   * thread that sized a number meanwhile made another's comparison of two index keys fail ("Can not
   * compare", seen under concurrent enrollments: the apply failed and was retried). The keys and
   * documents this store holds are handled here without it; what is left (other values, mixed
   * types) goes through it one thread at a time.
   */
  private final Object dispatched = new Object();

  /**
   * The documents' heap, estimated: a moving average over the documents written and read, as {@code
   * ObjectDataType} keeps one for what it serializes (racy, as there: an estimate).
   */
  private int documentMemory = 1_024;

  /**
   * The order of {@code ObjectDataType}: index keys ({@link KeyValue}, not comparable) by their
   * Java serializations, and two values of one of the types this store keys by (object ids,
   * strings, longs) by their own {@code compareTo}, both as {@code ObjectDataType} orders them,
   * without its dispatch ({@link #dispatched}); values of two types by its type ids, through it.
   * Two keys of one object id each serialize to the same bytes but the id's 12, so their order is
   * the ids' own (unsigned bytes, as both compare): the same order, without the serializing, for
   * the {@code _id} index.
   */
  @Override
  public int compare(Object a, Object b) {
    if (a == b) {
      return 0;
    }
    if (a instanceof KeyValue x && b instanceof KeyValue y) {
      if (x.size() == 1
          && y.size() == 1
          && x.get(0) instanceof ObjectId p
          && y.get(0) instanceof ObjectId q) {
        return p.compareTo(q);
      }
      return compareNotNull(serialize(x), serialize(y));
    }
    if (a instanceof ObjectId p && b instanceof ObjectId q) {
      return p.compareTo(q);
    }
    if (a instanceof String p && b instanceof String q) {
      return p.compareTo(q);
    }
    if (a instanceof Long p && b instanceof Long q) {
      return p.compareTo(q);
    }
    synchronized (dispatched) {
      return super.compare(a, b);
    }
  }

  /**
   * H2 counts what a page holds with this, to split a page past 16 KiB and to bound its page cache
   * ({@code cacheSize}, in MiB of it); so it is the heap the value takes. {@code ObjectDataType}'s
   * estimate of what it serializes moves with the serialized length, which this type no longer
   * makes: left at its start (10,000 bytes), it split every leaf after two documents.
   */
  @Override
  public int getMemory(Object obj) {
    if (obj instanceof ObjectId) {
      return OBJECT_ID_MEMORY;
    } else if (obj instanceof Document) {
      return documentMemory;
    } else if (obj instanceof KeyValue key) {
      int memory = KEY_VALUE_MEMORY;
      for (Object value : key) {
        memory += getMemory(value);
      }
      return memory;
    }
    synchronized (dispatched) {
      return super.getMemory(obj);
    }
  }

  @Override
  public void write(WriteBuffer buff, Object obj) {
    if (obj instanceof ObjectId id) {
      buff.put(OBJECT_ID).put(id.toByteArray());
    } else if (obj instanceof Document document) {
      writeDocument(buff, document);
    } else if (obj instanceof KeyValue key) {
      buff.put(KEY_VALUE).putVarInt(key.size());
      key.forEach(value -> write(buff, value));
    } else {
      synchronized (dispatched) {
        super.write(buff, obj);
      }
    }
  }

  private void writeDocument(WriteBuffer buff, Document document) {
    ByteBuf bson = Unpooled.buffer(256);
    try {
      BsonEncoder.encodeDocument(document, bson);
    } catch (RuntimeException unsupported) {
      // a value of a type BSON has no encoding for: Java serialization still writes it
      synchronized (dispatched) {
        super.write(buff, document);
      }
      return;
    }
    buff.put(DOCUMENT).put(bson.array(), bson.arrayOffset(), bson.readableBytes());
    sized(bson.readableBytes());
  }

  private void sized(int bsonBytes) {
    documentMemory =
        (int) ((bsonBytes * (long) DOCUMENT_MEMORY_PER_BSON_BYTE + 15L * documentMemory) / 16);
  }

  @Override
  public Object read(ByteBuffer buff) {
    return switch (buff.get(buff.position())) {
      case OBJECT_ID -> {
        byte[] id = new byte[OBJECT_ID_BYTES];
        buff.position(buff.position() + 1).get(id);
        yield new ObjectId(id);
      }
      case DOCUMENT -> readDocument(buff.position(buff.position() + 1));
      case KEY_VALUE -> {
        buff.position(buff.position() + 1);
        int size = DataUtils.readVarInt(buff);
        List<Object> values = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
          values.add(read(buff));
        }
        yield new KeyValue(values);
      }
      default -> {
        synchronized (dispatched) {
          yield super.read(buff);
        }
      }
    };
  }

  /** A BSON document starts with its own length (little-endian, the length's 4 bytes included). */
  private Document readDocument(ByteBuffer buff) {
    int length = buff.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt();
    sized(length);
    ByteBuf bson = Unpooled.wrappedBuffer(buff.slice(buff.position(), length));
    buff.position(buff.position() + length);
    return BsonDecoder.decodeBson(bson);
  }
}
