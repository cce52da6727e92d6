package dev.nis.common.http;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.CollectionType;

/**
 * A Jackson module under which a JSON {@code null} for a collection is an {@link
 * InvalidNullException} (a 400 "must not be null", {@link JsonReadFailures}) while an absent one
 * stays absent ({@code null} in the record): the API documents such fields as {@code "type":
 * "array"}, optional, never null. Jackson's own {@code Nulls.FAIL} cannot tell the two apart for a
 * record's fields (it refuses the absent one too), so the collections' readers are wrapped.
 */
final class NullCollectionsRefused {
  private NullCollectionsRefused() {}

  static SimpleModule module() {
    return new SimpleModule("null-collections-refused")
        .setDeserializerModifier(
            new BeanDeserializerModifier() {
              @Override
              public JsonDeserializer<?> modifyCollectionDeserializer(
                  DeserializationConfig config,
                  CollectionType type,
                  BeanDescription description,
                  JsonDeserializer<?> deserializer) {
                return new Refusing(deserializer, type);
              }
            });
  }

  private static final class Refusing extends DelegatingDeserializer {
    private final CollectionType type;

    Refusing(JsonDeserializer<?> delegate, CollectionType type) {
      super(delegate);
      this.type = type;
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
      return new Refusing(delegate, type);
    }

    /** An explicit {@code null}: Jackson adds the field's name to the path as it passes up. */
    @Override
    public Object getNullValue(DeserializationContext context) throws InvalidNullException {
      throw InvalidNullException.from(context, null, type);
    }

    /** A field left out: optional. */
    @Override
    public Object getAbsentValue(DeserializationContext context) {
      return null;
    }
  }
}
