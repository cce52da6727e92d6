package dev.nis.common.contract;

import dev.nis.common.domain.Command;
import dev.nis.common.testing.ServiceFake;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What one service's HTTP edge looks like to {@link QueuedMutationRoutesContract}: its paths, its
 * fake, how to make an entity, a valid body and the rules its fields follow. Built once in the
 * subclass's constructor, so that the differences between the services read as one list.
 *
 * @param <E> the entity
 * @param <I> its id type
 * @param <C> the service's command type
 * @param <F> the service's fake of its queries and submission ports
 */
public final class RoutesSpec<
    E, I extends Comparable<I>, C extends Command<I>, F extends ServiceFake<E, I, C>> {
  final String basePath;
  final Supplier<F> fake;
  Function<String, E> named;
  Function<E, I> idOf;
  Supplier<I> newId;
  String validBody;
  Object validFields;
  Map<String, String> answered = Map.of();
  String relatedField;
  int maxRelated;
  Supplier<String> aRelatedId;
  String malformedRelatedId;
  int maxTextLength;
  List<String> textFields;
  Map<String, Object> wrongTypes;
  Map.Entry<String, Object> unknownField;
  String longTextField;
  Class<? extends C> deleteType;
  E represented;
  String representation;
  String relatedPath;
  BiConsumer<F, E> relateOne;
  Function<E, String> relatedRepresentation;

  private RoutesSpec(String basePath, Supplier<F> fake) {
    this.basePath = basePath;
    this.fake = fake;
  }

  /** The routes under {@code basePath}, over a new {@code fake} for each test. */
  public static <E, I extends Comparable<I>, C extends Command<I>, F extends ServiceFake<E, I, C>>
      RoutesSpec<E, I, C, F> at(String basePath, Supplier<F> fake) {
    return new RoutesSpec<>(basePath, fake);
  }

  /** A valid entity with a fresh id and this name; its id; a fresh id no entity has. */
  public RoutesSpec<E, I, C, F> entities(
      Function<String, E> named, Function<E, I> idOf, Supplier<I> newId) {
    this.named = named;
    this.idOf = idOf;
    this.newId = newId;
    return this;
  }

  /**
   * A valid request body as JSON, the fields a queued create or update of it carries (its {@code
   * fields} component), and JSON pointers into the answered entity with their text.
   */
  public RoutesSpec<E, I, C, F> validBody(
      String json, Object fields, String... answeredPointersAndTexts) {
    this.validBody = json;
    this.validFields = fields;
    Map<String, String> answered = new LinkedHashMap<>();
    for (int i = 0; i < answeredPointersAndTexts.length; i += 2) {
      answered.put(answeredPointersAndTexts[i], answeredPointersAndTexts[i + 1]);
    }
    this.answered = answered;
    return this;
  }

  /** The field of ids of the other side: how many it may hold, a valid id, a malformed one. */
  public RoutesSpec<E, I, C, F> relatedIds(
      String field, int max, Supplier<String> aValidId, String malformed) {
    this.relatedField = field;
    this.maxRelated = max;
    this.aRelatedId = aValidId;
    this.malformedRelatedId = malformed;
    return this;
  }

  /** The required text fields in body order (3 to {@code maxLength} characters). */
  public RoutesSpec<E, I, C, F> texts(int maxLength, String... fields) {
    this.maxTextLength = maxLength;
    this.textFields = List.of(fields);
    return this;
  }

  /** Fields with a value of the wrong JSON type, each refused on its own. */
  public RoutesSpec<E, I, C, F> wrongTypes(Map<String, Object> fieldsAndValues) {
    this.wrongTypes = fieldsAndValues;
    return this;
  }

  /** A field no body may have, and the field the 70 KiB text of an oversized body goes into. */
  public RoutesSpec<E, I, C, F> refusing(String unknownField, Object value, String longTextField) {
    this.unknownField = Map.entry(unknownField, value);
    this.longTextField = longTextField;
    return this;
  }

  public RoutesSpec<E, I, C, F> deletesWith(Class<? extends C> deleteType) {
    this.deleteType = deleteType;
    return this;
  }

  /** An entity and its exact answer to a read, data envelope included. */
  public RoutesSpec<E, I, C, F> represents(E entity, String json) {
    this.represented = entity;
    this.representation = json;
    return this;
  }

  /**
   * The list of the other side under an entity ({@code /students}): how the fake is told one
   * related view of an entity, and that view's exact JSON.
   */
  public RoutesSpec<E, I, C, F> related(
      String path, BiConsumer<F, E> relateOne, Function<E, String> json) {
    this.relatedPath = path;
    this.relateOne = relateOne;
    this.relatedRepresentation = json;
    return this;
  }
}
